/**
 * Problems in the demo (issue #19 point 7): the VPN gateway kept dropping connections until its
 * firmware was fixed five weeks before the history ends — its incidents stop then, a visible drop in
 * the IT incidents per week — and the printer on floor 2 is a known error with a workaround.
 */
import type { Db } from '../db/types';
import type { Rng } from './data';

const DAY = 86_400_000;
export const VPN_SUMMARY = 'VPN drops every few minutes';
export const PRINTER_SUMMARY = 'Printer on floor 2 prints blank pages';
/** The VPN fix, this long before the history ends. */
export const VPN_FIXED_BEFORE_END = 35 * DAY;
/** Share of all arrivals before the fix that are extra VPN incidents (about as many as the IT incidents otherwise). */
export const VPN_EXTRA_SHARE = 0.1;

/**
 * The summary of a simulated IT incident at `at`: before the fix half of them are the VPN drops,
 * after it none; the printer keeps failing throughout.
 */
export function incidentSummary(summary: unknown, at: number, fixedAt: number, rng: Rng): unknown {
  const roll = rng();
  if (at < fixedAt && roll < 0.5) return VPN_SUMMARY;
  if (roll > 0.85) return PRINTER_SUMMARY;
  if (summary === VPN_SUMMARY) return 'Laptop very slow since the last update';
  return summary;
}

/** Records the two problems with their incidents linked; once (a database that has problems is left as it is). */
export async function demoProblems(db: Db, fixedAt: Date, begin: Date): Promise<number> {
  if ((await db.query('SELECT 1 FROM problems LIMIT 1')).rowCount) return 0;
  const it = (await db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'it'")).rows[0];
  const people = await db.query<{ id: string; email: string }>("SELECT id, email FROM users WHERE email IN ('owner.it@lotse.demo', 'agent.it@lotse.demo')");
  if (!it || people.rows.length < 2) return 0;
  const owner = people.rows.find((u) => u.email === 'owner.it@lotse.demo')!.id;
  const agent = people.rows.find((u) => u.email === 'agent.it@lotse.demo')!.id;
  const year = fixedAt.getUTCFullYear();
  const problems = [
    {
      title: 'VPN gateway drops connections',
      description: 'Many people lose the VPN every few minutes, mostly in the morning.',
      status: 'resolved',
      rootCause: 'A memory leak in firmware 4.1 of the VPN gateway: it restarts when its memory is full, dropping every tunnel.',
      fiveWhys: ['Why do people lose the VPN? The tunnels drop.', 'Why do the tunnels drop? The gateway restarts.', 'Why does it restart? Its memory runs full.', 'Why does its memory run full? Firmware 4.1 leaks memory per session.', 'Why was 4.1 still installed? No update policy for network appliances.'],
      workaround: 'Reconnect with "Reset" in the VPN client; avoid reconnecting all at 9:00.',
      priority: 'high',
      created: new Date(begin.getTime() + 14 * DAY),
      resolved: fixedAt,
      summary: VPN_SUMMARY,
    },
    {
      title: 'Printer on floor 2 prints blank pages',
      description: 'The floor 2 printer prints empty pages every few days.',
      status: 'known_error',
      rootCause: 'The toner sensor reports full cartridges as empty after a paper jam; the vendor fix is announced.',
      fiveWhys: ['Why are the pages blank? No toner is applied.', 'Why is no toner applied? The printer believes the cartridge is empty.', 'Why? The toner sensor misreads after a paper jam.'],
      workaround: 'Print on the floor 3 printer (P3-01), or open and close the front cover once: the sensor is read again.',
      priority: 'medium',
      created: new Date(fixedAt.getTime() - 7 * DAY),
      resolved: null,
      summary: PRINTER_SUMMARY,
    },
  ];
  let linked = 0;
  for (const [i, p] of problems.entries()) {
    const r = await db.query<{ id: string }>(
      `INSERT INTO problems (department_id, reference, title, description, status, root_cause, five_whys, workaround, service_key, priority, owner_id, created_by, created_at, updated_at, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, 'it-incident', $9, $10, $11, $12::timestamptz, coalesce($13::timestamptz, $12::timestamptz), $13::timestamptz) RETURNING id`,
      [it.id, `PRB-IT-${year}-${String(i + 1).padStart(4, '0')}`, p.title, p.description, p.status, p.rootCause, JSON.stringify(p.fiveWhys), p.workaround, p.priority, owner, agent, p.created, p.resolved],
    );
    const l = await db.query(
      `INSERT INTO problem_requests (instance_id, problem_id, linked_by, linked_at)
       SELECT id, $1, $2, greatest(started_at, $3::timestamptz) FROM process_instances WHERE process_key = 'it-incident' AND variables ->> 'summary' = $4`,
      [r.rows[0].id, agent, p.created, p.summary],
    );
    linked += l.rowCount;
  }
  await db.query(
    `INSERT INTO reference_counters (prefix, last) VALUES ($1, 2) ON CONFLICT (prefix) DO UPDATE SET last = greatest(reference_counters.last, 2)`,
    [`PRB-IT-${year}`],
  );
  return linked;
}
