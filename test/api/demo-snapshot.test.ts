// The stored demo (server/demo/snapshot): current, loadable, moved to today, and full of data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { migrateWithDemo } from '../../server/demo/boot';
import { LEGACY_LOG_NAME } from '../../server/demo/legacy-log';
import { demoFingerprint, readSnapshotMeta, type SnapshotMeta } from '../../server/demo/snapshot';
import { Client, testConfig } from '../support/api';
import { dbTargets } from '../support/db';

const DAY = 86_400_000;

describe.each(dbTargets())('the stored demo snapshot ($name)', (target) => {
  let meta: SnapshotMeta;
  let db: Db;
  let dispose: (() => Promise<void>) | undefined;
  let now: Date;
  let shifted: number;

  beforeAll(async () => {
    meta = readSnapshotMeta()!;
    expect(meta, 'server/demo/snapshot is missing: run npm run demo:snapshot').not.toBeNull();
    ({ db, dispose } = await target.open({ migrated: false }));
    // As a first start does on an empty database 17 days after the snapshot was made: the schema of
    // the snapshot, its rows moved two whole weeks forward, the migrations since.
    now = new Date(new Date(meta.end).getTime() + 17 * DAY);
    const loaded = await migrateWithDemo(db, { ...testConfig, seed: 'demo', demoHistoryDays: 90 }, silentLogger, now);
    expect(loaded.snapshot?.meta.fingerprint).toBe(meta.fingerprint);
    shifted = loaded.snapshot!.shiftedDays;
  }, 120_000);
  afterAll(() => dispose?.());

  it('was made from the current templates, seed and simulation (else: npm run demo:snapshot)', () => {
    expect(meta.fingerprint).toBe(demoFingerprint());
  });

  it('holds a few thousand requests over three months, most of them completed', async () => {
    expect(meta.days).toBe(90);
    const r = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM process_instances GROUP BY status');
    const by = Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
    expect(by.completed + (by.active ?? 0) + (by.terminated ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(by.completed).toBeGreaterThan(by.active);
    // Open work at the end: a backlog in the task list, most of it in the IT queue.
    expect(by.active).toBeGreaterThan(30);
  });

  it('moves every time forward by whole weeks, so the history ends in the last week before now', async () => {
    expect(shifted).toBe(14);
    const t = await db.query<{ first: Date; last: Date }>('SELECT min(time) AS first, max(time) AS last FROM history');
    const last = new Date(t.rows[0].last).getTime();
    expect(last).toBeLessThanOrEqual(now.getTime());
    expect(last).toBeGreaterThan(now.getTime() - 7 * DAY);
    expect(new Date(t.rows[0].first).getTime()).toBeGreaterThan(now.getTime() - 100 * DAY);
    // Weekdays stay: nobody started a request on a Saturday or Sunday.
    const weekend = await db.query("SELECT 1 FROM history WHERE kind = 'process_started' AND extract(isodow FROM time AT TIME ZONE 'UTC') >= 6 LIMIT 1");
    expect(weekend.rowCount).toBe(0);
    // Roll-ups move with the history and keep their totals; months are rebuilt from the days.
    const sums = await db.query<{ daily: number; monthly: number }>(
      'SELECT (SELECT sum(cases)::int FROM insights_cycle_hist) AS daily, (SELECT sum(cases)::int FROM insights_cycle_hist_monthly) AS monthly',
    );
    expect(sums.rows[0].monthly).toBeGreaterThan(1000);
    expect(sums.rows[0].monthly).toBe(sums.rows[0].daily);
    const months = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM insights_cycle_hist_monthly WHERE month <> date_trunc('month', month)::date");
    expect(months.rows[0].n).toBe(0);
    const days = await db.query<{ last: string }>("SELECT max(day)::text AS last FROM insights_daily");
    expect(new Date(days.rows[0].last).getTime()).toBeGreaterThan(now.getTime() - 8 * DAY);
  });

  it('gives every insights view and queue meaningful data: breaches, a bottleneck, reopened incidents, ratings', async () => {
    const app = createApp({ db, config: testConfig, log: silentLogger, now: () => now });
    const login = async (email: string) => {
      const c = new Client(app);
      expect((await c.post('/api/auth/login', { email, password: 'demo' })).status).toBe(200);
      return c;
    };
    const analyst = await login('analyst@lotse.demo');
    const from = new Date(now.getTime() - 90 * DAY).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    const overview = await analyst.get(`/api/insights/overview?from=${from}&to=${to}`);
    expect(overview.status).toBe(200);
    expect(overview.body.requests.completed).toBeGreaterThan(1500);
    expect(overview.body.satisfaction.ratings).toBeGreaterThan(500);
    const sla = await db.query<{ breached: number; met: number }>('SELECT sum(breached)::int AS breached, sum(met)::int AS met FROM insights_sla');
    expect(sla.rows[0].breached).toBeGreaterThan(0);
    expect(sla.rows[0].met).toBeGreaterThan(sla.rows[0].breached);
    // Escalations from the departments' SLA policies: owners notified, priorities raised.
    const escalated = await db.query<{ action: string; n: number }>("SELECT data->>'action' AS action, count(*)::int AS n FROM history WHERE kind = 'sla_escalated' GROUP BY 1");
    const steps = Object.fromEntries(escalated.rows.map((e) => [e.action, e.n]));
    expect(steps.notify).toBeGreaterThan(20);
    expect(steps.raise_priority).toBeGreaterThan(5);
    const reopened = await db.query<{ n: number }>('SELECT sum(reopened)::int AS n FROM insights_daily');
    expect(reopened.rows[0].n).toBeGreaterThan(0);
    // The bottleneck: IT tasks wait far longer to be claimed than the others.
    const wait = await db.query<{ it: boolean; mean: number }>(
      "SELECT 'it' = ANY(candidate_groups) AS it, avg(extract(epoch FROM claimed_at - created_at))::float AS mean FROM tasks WHERE claimed_at IS NOT NULL GROUP BY 1",
    );
    const mean = Object.fromEntries(wait.rows.map((w) => [String(w.it), w.mean]));
    expect(mean.true).toBeGreaterThan(2 * mean.false);
    // ... and it gets worse: the last month waits longer than the first.
    const trend = await db.query<{ first: number; last: number }>(
      `SELECT avg(w) FILTER (WHERE created_at < $1)::float AS first, avg(w) FILTER (WHERE created_at >= $2)::float AS last
       FROM (SELECT created_at, extract(epoch FROM claimed_at - created_at) AS w FROM tasks WHERE claimed_at IS NOT NULL AND 'it' = ANY(candidate_groups)) x`,
      [new Date(now.getTime() - 60 * DAY), new Date(now.getTime() - 30 * DAY)],
    );
    expect(trend.rows[0].last).toBeGreaterThan(1.3 * trend.rows[0].first);
    // Notifications of the past were read; those of the last two days wait in the bell.
    const unread = await db.query<{ old: number; fresh: number }>(
      'SELECT count(*) FILTER (WHERE created_at < $1)::int AS old, count(*) FILTER (WHERE created_at >= $1)::int AS fresh FROM notifications WHERE read_at IS NULL',
      [new Date(now.getTime() - 12 * DAY)],
    );
    expect(unread.rows[0]).toMatchObject({ old: 0 });
    expect(unread.rows[0].fresh).toBeGreaterThan(0);
    // The as-is analysis has the facility's old e-mail process to look at.
    const datasets = await analyst.get('/api/insights/datasets');
    expect(datasets.status).toBe(200);
    expect(datasets.body.items.map((d: { name: string; cases: number }) => [d.name, d.cases])).toEqual([[LEGACY_LOG_NAME, 420]]);
    const agent = await login('agent.it@lotse.demo');
    const queue = await agent.get('/api/tasks');
    expect(queue.status).toBe(200);
    expect(queue.body.items.length).toBeGreaterThan(10);
  });

  it('shows problem management working: the resolved VPN problem, and IT incidents per week falling after its fix', async () => {
    const vpn = await db.query<{ resolved_at: Date; links: number }>(
      "SELECT resolved_at, (SELECT count(*)::int FROM problem_requests r WHERE r.problem_id = p.id) AS links FROM problems p WHERE status = 'resolved' AND title LIKE 'VPN%'");
    expect(vpn.rows).toHaveLength(1);
    expect(vpn.rows[0].links).toBeGreaterThan(20);
    const fixed = new Date(vpn.rows[0].resolved_at).getTime();
    const weekly = async (from: number, to: number) => {
      const r = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE process_key = 'it-incident' AND parent_id IS NULL AND started_at >= $1 AND started_at < $2", [new Date(from), new Date(to)]);
      return r.rows[0].n / ((to - from) / (7 * DAY));
    };
    const before = await weekly(fixed - 35 * DAY, fixed);
    const after = await weekly(fixed, fixed + 35 * DAY);
    expect(after).toBeLessThan(before * 0.75);
    expect((await db.query("SELECT 1 FROM problems WHERE status = 'known_error' AND workaround <> ''")).rows).toHaveLength(1);
  });
});
