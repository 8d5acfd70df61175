/**
 * The demo's three months, prepared once: `npm run demo:snapshot` runs the seeded simulation through
 * the real engine on an in-memory PGlite and stores the database as a tarball beside this file. A
 * first start with SEED=demo on an empty PGlite folder loads that tarball (a few seconds instead of
 * minutes of simulation), moves its clock forward by whole weeks to today and simulates the last few
 * days through the engine in the background. A missing or outdated tarball (its fingerprint no longer
 * matches the templates and the simulation code) falls back to simulating everything in the background.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db';

export const SNAPSHOT_DIR = fileURLToPath(new URL('./snapshot', import.meta.url));
export const SNAPSHOT_FILE = path.join(SNAPSHOT_DIR, 'demo-pglite.tar.gz');
export const SNAPSHOT_META = path.join(SNAPSHOT_DIR, 'demo-pglite.json');

export interface SnapshotMeta {
  /** Where the simulated history ends (ISO). */
  end: string;
  days: number;
  perDay: number;
  seed: number;
  requests: number;
  completed: number;
  fingerprint: string;
  pgliteVersion: string;
}

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DAY = 86_400_000;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** Hash of everything that decides the demo's content: templates, seed and simulation code. */
export function demoFingerprint(repo = REPO): string {
  const files = [
    ...filesUnder(path.join(repo, 'processes')),
    ...['seed.ts', 'demo/data.ts', 'demo/simulate.ts', 'demo/templates.ts'].map((f) => path.join(repo, 'server', f)),
  ].sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) {
    hash.update(path.relative(repo, f).split(path.sep).join('/'));
    // Line endings do not change the demo (a Windows checkout must match too).
    hash.update(fs.readFileSync(f, 'utf8').replace(/\r\n/g, '\n'));
  }
  return hash.digest('hex').slice(0, 16);
}

export function readSnapshotMeta(): SnapshotMeta | null {
  if (!fs.existsSync(SNAPSHOT_META) || !fs.existsSync(SNAPSHOT_FILE)) return null;
  return JSON.parse(fs.readFileSync(SNAPSHOT_META, 'utf8')) as SnapshotMeta;
}

/** The snapshot to load for a demo of `days` days, or why not (for the log). */
export function usableSnapshot(days: number): { meta: SnapshotMeta; data: Blob } | { reason: string } {
  const meta = readSnapshotMeta();
  if (!meta) return { reason: 'no demo snapshot (npm run demo:snapshot)' };
  if (meta.days !== days) return { reason: `the demo snapshot holds ${meta.days} days, DEMO_HISTORY_DAYS asks for ${days}` };
  if (meta.fingerprint !== demoFingerprint()) return { reason: 'the demo snapshot is older than the templates or the simulation (npm run demo:snapshot)' };
  return { meta, data: new Blob([fs.readFileSync(SNAPSHOT_FILE)]) };
}

/**
 * Moves every date and time in the database forward by whole weeks (weekdays, working hours and UTC
 * days stay as simulated), so the demo's history ends within the last week before `now`. The monthly
 * roll-up is rebuilt from the daily one, since months do not move by weeks. Returns the shift in days.
 */
export async function shiftDemoTime(db: Db, end: Date, now: Date): Promise<number> {
  const days = Math.floor((now.getTime() - end.getTime()) / (7 * DAY)) * 7;
  if (days <= 0) return 0;
  const cols = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.data_type IN ('timestamp with time zone', 'timestamp without time zone', 'date')
       AND c.table_name <> 'schema_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, typeof cols.rows>();
  for (const c of cols.rows) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c]);
  // Unique keys are checked row by row: a key holding a date (the daily roll-ups) moves far away
  // first and then back to its place, so no row ever lands on one not yet moved.
  const keyed = new Set(
    (
      await db.query<{ table_name: string }>(
        `SELECT DISTINCT c.relname AS table_name FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
         WHERE i.indisunique AND c.relnamespace = current_schema()::regnamespace AND format_type(a.atttypid, a.atttypmod) IN ('date', 'timestamp with time zone', 'timestamp without time zone')`,
      )
    ).rows.map((r) => r.table_name),
  );
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const far = 100_000;
  await db.transaction(async (tx) => {
    for (const [table, columns] of byTable) {
      if (table === 'insights_cycle_hist_monthly') continue;
      const sets = columns.map((c) => `${q(c.column_name)} = ${q(c.column_name)} + ${c.data_type === 'date' ? '$1::int' : 'make_interval(days => $1::int)'}`);
      const update = `UPDATE ${q(table)} SET ${sets.join(', ')}`;
      if (keyed.has(table)) {
        await tx.query(update, [far]);
        await tx.query(update, [days - far]);
      } else await tx.query(update, [days]);
    }
    await tx.query('DELETE FROM insights_cycle_hist_monthly');
    await tx.query(
      `INSERT INTO insights_cycle_hist_monthly (definition_id, month, kind, bucket, cases)
       SELECT definition_id, date_trunc('month', day)::date, kind, bucket, sum(cases) FROM insights_cycle_hist GROUP BY 1, 2, 3, 4`,
    );
  });
  return days;
}
