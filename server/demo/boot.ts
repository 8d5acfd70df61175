/** First start with SEED=demo: migrate, and on an empty database load the demo snapshot on the way. */
import type { Config } from '../config';
import type { Db } from '../db/types';
import { loadMigrations, migrate } from '../db/migrate';
import type { Logger } from '../log';
import { simulateDemo } from './simulate';
import { demoMailRequests } from './mailbox';
import { DEMO_SEED, demoShiftDays, loadRows, readSnapshotData, usableSnapshot, type SnapshotMeta } from './snapshot';

/** A loaded snapshot and how many days its times were moved forward. */
export type LoadedDemo = { meta: SnapshotMeta; shiftedDays: number };

const DAY = 86_400_000;

/** After a simulation: the new facility requests split between portal and mail too (demo/mailbox.ts). */
const withMailRequests = (db: Db, log: Logger) => async <T>(result: T): Promise<T> => {
  log.info('demo mail requests', { marked: await demoMailRequests(db) });
  return result;
};

/**
 * Applies the migrations. On an empty database with SEED=demo and a usable snapshot, the rows are
 * loaded between the snapshot's schema version and the rest. A snapshot that does not fit
 * (usableSnapshot) or does not load is skipped with a log line: the demo is then simulated instead.
 */
export async function migrateWithDemo(db: Db, config: Config, log: Logger, now = new Date()): Promise<{ applied: string[]; snapshot: LoadedDemo | null }> {
  const empty = (await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t")).rows[0].t === null;
  if (!empty || config.seed !== 'demo' || config.demoHistoryDays <= 0) return { applied: await migrate(db), snapshot: null };
  const found = usableSnapshot(config.demoHistoryDays);
  if ('reason' in found) {
    log.info('demo history will be simulated', { reason: found.reason });
    return { applied: await migrate(db), snapshot: null };
  }
  const all = loadMigrations();
  const applied = await migrate(db, all.filter((m) => m.version <= found.meta.migration));
  const shiftedDays = demoShiftDays(new Date(found.meta.end), now);
  try {
    const rows = await loadRows(db, readSnapshotData(), shiftedDays);
    log.info('demo snapshot loaded', { rows, shiftedDays });
  } catch (err) {
    log.warn('the demo snapshot did not load; simulating the demo instead', { error: String(err) });
    return { applied: [...applied, ...(await migrate(db))], snapshot: null };
  }
  const appliedAll = [...applied, ...(await migrate(db))];
  // The facility mailbox and its share of requests by mail (not in older snapshots): marked now.
  log.info('demo mail requests', { marked: await demoMailRequests(db) });
  return { applied: appliedAll, snapshot: { meta: found.meta, shiftedDays } };
}

/**
 * The demo history still to simulate in the background: all of it without a snapshot, else the days
 * between the snapshot's end (moved forward by whole weeks) and now.
 */
export async function demoHistoryToSimulate(db: Db, log: Logger, config: Config, loaded: LoadedDemo | null, now: Date): Promise<(() => Promise<{ requests: number; completed: number }>) | null> {
  if (!loaded) {
    if (config.demoHistoryDays <= 0) return null;
    // Fewer requests per day than the snapshot's: simulated on a first start, they take minutes.
    return () => simulateDemo(db, log, { seed: DEMO_SEED, days: config.demoHistoryDays, perDay: 20, end: now }).then(withMailRequests(db, log));
  }
  const { meta: snapshot, shiftedDays: shifted } = loaded;
  const start = new Date(new Date(snapshot.end).getTime() + shifted * DAY);
  log.info('demo moved to today', { requests: snapshot.requests, shiftedDays: shifted, simulatingFrom: start.toISOString() });
  if (now.getTime() - start.getTime() < 60_000) return null;
  return () => simulateDemo(db, log, { seed: snapshot.seed + shifted, days: Math.ceil((now.getTime() - start.getTime()) / DAY), perDay: snapshot.perDay, start, end: now }).then(withMailRequests(db, log));
}
