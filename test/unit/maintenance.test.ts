import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db';
import { startMaintenanceWorker, vacuumTables } from '../../server/db/maintenance';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import type { Logger } from '../../server/log';

describe('database maintenance on PGlite (no autovacuum)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite(null);
    await migrate(db);
  });
  afterAll(() => db.close());

  const size = async (table: string) => Number((await db.query<{ n: string }>('SELECT pg_relation_size($1) AS n', [table])).rows[0].n);

  it('vacuums and analyses every table, giving the space of deleted rows back', { timeout: 60_000 }, async () => {
    // Given a request table that churned: 5,000 requests opened and closed again.
    await db.query(`INSERT INTO insights_open (instance_id, definition_id, started_at)
                    SELECT gen_random_uuid(), gen_random_uuid(), now() FROM generate_series(1, 5000)`);
    await db.query('DELETE FROM insights_open');
    expect(await size('insights_open')).toBeGreaterThan(0);

    const report = await vacuumTables(db);

    expect(report.tables).toBeGreaterThan(30);
    expect(await size('insights_open')).toBe(0);
    const stats = await db.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL AND relname IN ('history', 'insights_daily', 'insights_cycle_hist', 'tasks')`);
    expect(stats.rows.map((r) => r.relname).sort()).toEqual(['history', 'insights_cycle_hist', 'insights_daily', 'tasks']);
  });

  it('runs on its first check, then again only when a day has passed', async () => {
    const runs: Record<string, unknown>[] = [];
    const failures: unknown[] = [];
    const log: Logger = { debug() {}, info: (_m, f) => runs.push(f ?? {}), warn() {}, error: (_m, f) => failures.push(f) };
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const stop = startMaintenanceWorker(db, log, { checkEveryMs: 20, now: () => clock });
    try {
      await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 200)); // several checks, nothing due
      expect(runs).toHaveLength(1);
      clock += 24 * 3600_000;
      await vi.waitFor(() => expect(runs).toHaveLength(2), { timeout: 30_000 });
      expect(runs[1]).toMatchObject({ tables: expect.any(Number), ms: expect.any(Number) });
      expect(failures).toEqual([]);
    } finally {
      await stop();
    }
  });
});
