/** First start with SEED=demo: open the database from the demo snapshot when there is a usable one. */
import fs from 'node:fs';
import type { Config } from '../config';
import { openDatabase, pglitePath, type Db } from '../db';
import type { Logger } from '../log';
import { simulateDemo } from './simulate';
import { shiftDemoTime, usableSnapshot, type SnapshotMeta } from './snapshot';

const DAY = 86_400_000;

/**
 * Opens the database; on a first demo start with PGlite it starts from the snapshot. A snapshot that
 * does not fit (see usableSnapshot) or does not load (another PGlite version) is skipped with a log
 * line, and the demo is simulated from scratch instead.
 */
export async function openDemoDatabase(config: Config, log: Logger): Promise<{ db: Db; snapshot: SnapshotMeta | null }> {
  const wanted = config.seed === 'demo' && !config.databaseUrl && config.demoHistoryDays > 0 && !fs.existsSync(pglitePath(config.dataDir));
  if (!wanted) return { db: await openDatabase(config), snapshot: null };
  const found = usableSnapshot(config.demoHistoryDays);
  if ('reason' in found) {
    log.info('demo history will be simulated', { reason: found.reason });
    return { db: await openDatabase(config), snapshot: null };
  }
  try {
    return { db: await openDatabase(config, { loadDataDir: found.data }), snapshot: found.meta };
  } catch (err) {
    log.warn('the demo snapshot did not load; simulating the demo instead', { error: String(err) });
    fs.rmSync(pglitePath(config.dataDir), { recursive: true, force: true });
    return { db: await openDatabase(config), snapshot: null };
  }
}

/**
 * The demo history still to simulate in the background: all of it without a snapshot, else the days
 * between the snapshot's end (moved forward by whole weeks) and now.
 */
export async function demoHistoryToSimulate(db: Db, log: Logger, config: Config, snapshot: SnapshotMeta | null, now: Date): Promise<(() => Promise<{ requests: number; completed: number }>) | null> {
  if (!snapshot) {
    if (config.demoHistoryDays <= 0) return null;
    return () => simulateDemo(db, log, { seed: 20261126, days: config.demoHistoryDays, perDay: 20, end: now });
  }
  const shifted = await shiftDemoTime(db, new Date(snapshot.end), now);
  const start = new Date(new Date(snapshot.end).getTime() + shifted * DAY);
  log.info('demo loaded from the snapshot', { requests: snapshot.requests, shiftedDays: shifted, simulatingFrom: start.toISOString() });
  if (now.getTime() - start.getTime() < 60_000) return null;
  return () => simulateDemo(db, log, { seed: snapshot.seed + shifted, days: Math.ceil((now.getTime() - start.getTime()) / DAY), perDay: snapshot.perDay, start, end: now });
}
