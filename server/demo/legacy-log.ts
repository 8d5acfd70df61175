/**
 * The demo's as-is material: an event log of how facility repairs ran before Lotse — requests by
 * e-mail to a shared mailbox, forwarded by hand, details asked for by reply, parts ordered, and the
 * odd "still broken" — exported as CSV from the old mailbox tool and imported through the same
 * import as a user's file. It ends before the simulated Lotse history starts, so the as-is analysis
 * shows where the old way lost time (waiting for forwarding and for details) next to the new process.
 */
import type { Principal } from '../auth/principal';
import type { Db } from '../db/types';
import { importDataset } from '../insights/datasets';
import { exp, workingTime, type Rng } from './data';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const TECHNICIANS = ['Frank Fischer', 'Olga Lehmann', 'Deniz Arslan'];
const BUILDINGS = ['HQ', 'A', 'B', 'Warehouse'];
export const LEGACY_LOG_NAME = 'Facility repairs by e-mail, before Lotse (mailbox export)';

/** The CSV: `cases` repairs whose first mails arrive in the `days` days before `end`, as exported at `end`. */
export function legacyFacilityLog(rng: Rng, end: Date, days = 120, cases = 420): string {
  const rows: string[] = ['Case,Activity,Resource,Timestamp,Building'];
  const from = end.getTime() - days * DAY;
  for (let c = 1; c <= cases; c++) {
    const id = `FM-${String(c).padStart(4, '0')}`;
    const building = BUILDINGS[Math.floor(rng() * BUILDINGS.length)];
    const technician = TECHNICIANS[Math.floor(rng() * TECHNICIANS.length)];
    let t = workingTime(from + rng() * (days - 12) * DAY);
    // The export was taken at `end`: what happened later is not in it (those cases are still open).
    const add = (activity: string, resource: string, waitMean: number) => {
      t = workingTime(t + exp(rng, waitMean));
      if (t < end.getTime()) rows.push(`${id},${activity},${resource},${new Date(t).toISOString()},${building}`);
    };
    rows.push(`${id},E-mail received,facility mailbox,${new Date(t).toISOString()},${building}`);
    add('Forwarded to technician', 'Reception', 14 * HOUR); // the mailbox is read once a day, if at all
    if (rng() < 0.35) {
      add('Asked for details', technician, 5 * HOUR);
      add('Details received', 'Requester', 30 * HOUR);
    }
    add('Technician on site', technician, 36 * HOUR);
    if (rng() < 0.2) {
      add('Parts ordered', technician, 3 * HOUR);
      add('Parts arrived', 'Purchasing', 5 * DAY);
      add('Technician on site', technician, 20 * HOUR);
    }
    add('Repaired', technician, 2 * HOUR);
    if (rng() < 0.1) {
      add('Complaint: still broken', 'Requester', 2 * DAY);
      add('Technician on site', technician, 24 * HOUR);
      add('Repaired', technician, 2 * HOUR);
    }
    add('Closed', 'Reception', 20 * HOUR);
  }
  return rows.join('\n') + '\n';
}

/** Imports the log as the facility department's dataset, as `admin`. */
export async function importLegacyLog(db: Db, admin: Principal, rng: Rng, end: Date): Promise<void> {
  const facility = await db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'facility'");
  await importDataset(db, admin, {
    name: LEGACY_LOG_NAME,
    departmentId: facility.rows[0]?.id ?? null,
    format: 'csv',
    content: legacyFacilityLog(rng, end),
    mapping: { case: 'Case', activity: 'Activity', timestamp: 'Timestamp', resource: 'Resource', attributes: ['Building'], dateFormat: 'iso' },
  });
}
