import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { Engine } from '../../server/engine/runtime/runtime';
import { deployDemoTemplates } from '../../server/demo';
import { readTemplates } from '../../server/demo/templates';
import { simulateDemo } from '../../server/demo/simulate';
import { LEGACY_LOG_NAME } from '../../server/demo/legacy-log';
import { seed } from '../../server/seed';
import { dbTargets } from '../support/db';
import { testConfig } from '../support/api';

describe.each(dbTargets().filter((t) => t.name === 'pglite'))('the living demo ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    await seed(db, testConfig, silentLogger);
  });
  afterAll(() => dispose());

  it('deploys every shipped template', async () => {
    const deployed = await deployDemoTemplates(db, new Engine(db, () => new Date(), silentLogger), silentLogger);
    expect(deployed).toEqual(readTemplates().map((t) => t.name));
  });

  it('sets up an office calendar and SLA policies with escalation paths for every department', async () => {
    const cal = await db.query<{ key: string; working_hours: Record<string, unknown> }>('SELECT key, working_hours FROM calendars');
    expect(cal.rows.map((c) => c.key)).toEqual(['office']);
    expect(Object.keys(cal.rows[0].working_hours).sort()).toEqual(['fri', 'mon', 'thu', 'tue', 'wed']);
    const policies = await db.query<{ key: string; n: number; steps: number }>(
      'SELECT d.key, count(*)::int AS n, min(jsonb_array_length(p.escalations))::int AS steps FROM sla_policies p JOIN departments d ON d.id = p.department_id GROUP BY d.key ORDER BY d.key',
    );
    expect(policies.rows.map((p) => p.key)).toEqual(['facility', 'hr', 'it', 'purchasing', 'service']);
    for (const p of policies.rows) {
      expect(p.n).toBe(4); // one per priority
      expect(p.steps).toBeGreaterThan(0);
    }
  });

  it('simulates requests through the engine: started, worked, completed, rated, measured by SLAs', { timeout: 300_000 }, async () => {
    const end = new Date('2026-11-20T12:00:00Z');
    const r = await simulateDemo(db, silentLogger, { seed: 7, days: 4, perDay: 6, end });
    expect(r.requests).toBeGreaterThan(8);
    expect(r.completed).toBeGreaterThan(0);
    const kinds = new Map((await db.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM history GROUP BY kind')).rows.map((k) => [k.kind, k.n]));
    for (const kind of ['process_started', 'task_created', 'task_claimed', 'task_completed', 'process_completed']) expect(kinds.get(kind)).toBeGreaterThan(0);
    const times = await db.query<{ first: Date; last: Date }>('SELECT min(time) AS first, max(time) AS last FROM history');
    expect(new Date(times.rows[0].first).getTime()).toBeGreaterThanOrEqual(end.getTime() - 4 * 86400_000);
    expect(new Date(times.rows[0].last).getTime()).toBeLessThanOrEqual(end.getTime());
    const pending = await db.query("SELECT 1 FROM mail_outbox WHERE status = 'pending'");
    expect(pending.rowCount).toBe(0);
    // The as-is material: the facility's e-mail process before Lotse, imported as a dataset that ends before the history.
    const sets = await db.query<{ name: string; cases: number; activities: number; last_event: Date; department: string }>(
      'SELECT s.name, s.cases, s.activities, s.last_event, d.key AS department FROM insights_datasets s JOIN departments d ON d.id = s.department_id',
    );
    expect(sets.rows).toHaveLength(1);
    expect(sets.rows[0]).toMatchObject({ name: LEGACY_LOG_NAME, cases: 420, department: 'facility' });
    expect(sets.rows[0].activities).toBeGreaterThanOrEqual(9);
    expect(new Date(sets.rows[0].last_event).getTime()).toBeLessThan(new Date(times.rows[0].first).getTime());
  });

  it('has a knowledge base of 30 articles in both languages across the departments, and deflections in its history', async () => {
    const articles = await db.query<{ department: string; n: number; languages: number }>(
      `SELECT d.key AS department, count(DISTINCT a.id)::int AS n, min((SELECT count(*) FROM article_texts t WHERE t.article_id = a.id))::int AS languages
       FROM articles a JOIN departments d ON d.id = a.department_id WHERE a.status = 'published' GROUP BY d.key ORDER BY d.key`,
    );
    expect(articles.rows.map((r) => r.department)).toEqual(['facility', 'hr', 'it', 'purchasing', 'service']);
    expect(articles.rows.reduce((n, r) => n + r.n, 0)).toBe(30);
    expect(articles.rows.every((r) => r.languages === 2)).toBe(true);
    const sessions = await db.query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM deflection_sessions GROUP BY outcome ORDER BY outcome');
    const by = new Map(sessions.rows.map((r) => [r.outcome, r.n]));
    expect(by.get('submitted')).toBeGreaterThan(0);
    expect(by.get('deflected') ?? 0).toBeGreaterThanOrEqual(0);
    const views = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM article_events WHERE kind = 'view'");
    expect(views.rows[0].n).toBeGreaterThan(0);
  });
});
