/**
 * Insights benchmark (`npm run bench:insights`): fills PGlite with N completed requests (default
 * 1,000,000, about 12 events each) and measures every dashboard endpoint through the HTTP app.
 *
 * The data is generated with set-based SQL (generate_series into process_instances and history),
 * not through the engine: running a million requests through the runtime would take hours and
 * measure the engine, not the dashboards. The history INSERTs still go through the roll-up
 * trigger of 006_insights.sql, a batch of requests per statement, exactly as engine flushes do.
 *
 * Options: --requests N (default 1000000), --batch N (default 2500), --iterations N (default 40),
 * --data-dir DIR (PGlite on disk; default in memory — a million requests need about 12 GB there),
 * --reuse (measure a data dir filled by an earlier run), --json
 *
 * PGlite has no autovacuum: before measuring, the bench runs the server's maintenance VACUUM
 * (server/db/maintenance.ts; insights_open churns one row per request) and reports its time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/app';
import { openPglite } from '../server/db/pglite';
import { migrate } from '../server/db/migrate';
import { silentLogger } from '../server/log';
import { seed } from '../server/seed';
import { importDataset } from '../server/insights/datasets';
import { vacuumTables } from '../server/db/maintenance';
import type { Principal } from '../server/auth/principal';
import { Client, testConfig } from '../test/support/api';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : d;
};
const REQUESTS = Number(arg('requests', '1000000'));
const BATCH = Number(arg('batch', '2500'));
const ITERATIONS = Number(arg('iterations', '40'));
const DATA_DIR = arg('data-dir', '');
const json = process.argv.includes('--json');
const log = (...a: unknown[]) => !json && console.log(...a);

const xml = readFileSync(fileURLToPath(new URL('../processes/it-equipment-request/process.bpmn', import.meta.url)), 'utf8');
const model = {
  elements: {
    Requested: { id: 'Requested', type: 'startEvent', name: 'Requested' },
    Review: { id: 'Review', type: 'userTask', name: 'Review request' },
    HandOver: { id: 'HandOver', type: 'userTask', name: 'Order and hand over' },
    NotifyRejected: { id: 'NotifyRejected', type: 'serviceTask', name: 'Tell the requester why not' },
  },
};

// One statement per batch: the requests of the batch with their timings, then their events.
const GENERATE = `
CREATE TEMP TABLE gen ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, d.id AS def, d.key, g AS n,
  timestamptz '2024-01-01' + (random() * 730) * interval '1 day' AS t0,
  (300 + random() ^ 3 * 172800) * interval '1 second' AS wait1,
  (120 + random() * 14400) * interval '1 second' AS proc1,
  random() < 0.75 AS approved,
  (600 + random() ^ 2 * 86400) * interval '1 second' AS wait2,
  (3600 + random() ^ 2 * 864000) * interval '1 second' AS proc2,
  random() < 0.85 AS sla_met,
  CASE WHEN random() < 0.3 THEN 1 + floor(random() * 5)::int END AS score
FROM generate_series(:from, :to) g
JOIN LATERAL (SELECT id, key FROM bench_defs WHERE slot = g % 10) d ON true;

INSERT INTO process_instances (id, definition_id, process_key, department_id, status, state, variables, started_at, ended_at)
SELECT g.id, g.def, g.key, d.department_id, 'completed', '{}', '{}', t0,
  CASE WHEN approved THEN t0 + wait1 + proc1 + wait2 + proc2 ELSE t0 + wait1 + proc1 + interval '1 second' END
FROM gen g JOIN definitions d ON d.id = g.def;

INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, element_instance_id, kind, time, actor, data)
SELECT g.id, g.def, g.key, e.element_id, e.element_type, e.eid, e.kind, e.time, e.actor, e.data
FROM gen g CROSS JOIN LATERAL (
  SELECT * FROM (VALUES
    (1, NULL, NULL, NULL, 'process_started', g.t0, NULL, NULL::jsonb),
    (2, 'Review', 'userTask', 'r', 'element_started', g.t0, NULL, NULL),
    (3, 'Review', 'userTask', 'r', 'task_created', g.t0, NULL, jsonb_build_object('taskId', g.id::text || 'r')),
    (4, 'Review', 'userTask', NULL, 'task_claimed', g.t0 + g.wait1, 'agent' || (g.n % 40) || '@x', jsonb_build_object('taskId', g.id::text || 'r')),
    (5, 'Review', 'userTask', NULL, 'task_completed', g.t0 + g.wait1 + g.proc1, 'agent' || (g.n % 40) || '@x', jsonb_build_object('taskId', g.id::text || 'r')),
    (6, 'Review', 'userTask', 'r', 'element_completed', g.t0 + g.wait1 + g.proc1, NULL, NULL),
    (7, 'HandOver', 'userTask', 'h', 'element_started', g.t0 + g.wait1 + g.proc1, NULL, NULL),
    (8, 'HandOver', 'userTask', 'h', 'task_created', g.t0 + g.wait1 + g.proc1, NULL, jsonb_build_object('taskId', g.id::text || 'h')),
    (9, 'HandOver', 'userTask', NULL, 'task_claimed', g.t0 + g.wait1 + g.proc1 + g.wait2, 'agent' || (g.n % 40) || '@x', jsonb_build_object('taskId', g.id::text || 'h')),
    (10, 'HandOver', 'userTask', NULL, 'task_completed', g.t0 + g.wait1 + g.proc1 + g.wait2 + g.proc2, 'agent' || (g.n % 40) || '@x', jsonb_build_object('taskId', g.id::text || 'h')),
    (11, 'HandOver', 'userTask', 'h', 'element_completed', g.t0 + g.wait1 + g.proc1 + g.wait2 + g.proc2, NULL, NULL),
    (12, 'NotifyRejected', 'serviceTask', 'n', 'element_started', g.t0 + g.wait1 + g.proc1, NULL, NULL),
    (13, 'NotifyRejected', 'serviceTask', 'n', 'element_completed', g.t0 + g.wait1 + g.proc1 + interval '1 second', NULL, NULL),
    (14, NULL, NULL, NULL, CASE WHEN g.sla_met THEN 'sla_met' ELSE 'sla_breached' END, g.t0 + g.wait1, NULL, jsonb_build_object('target', 'response', 'dueAt', g.t0)),
    (15, NULL, NULL, NULL, 'process_completed', CASE WHEN g.approved THEN g.t0 + g.wait1 + g.proc1 + g.wait2 + g.proc2 ELSE g.t0 + g.wait1 + g.proc1 + interval '1 second' END, NULL, NULL),
    (16, NULL, NULL, NULL, 'sla_escalated', g.t0 + g.wait1, NULL, jsonb_build_object('step', 1, 'action', 'notify')),
    (17, NULL, NULL, NULL, 'satisfaction', g.t0 + g.wait1 + g.proc1 + g.wait2 + g.proc2 + interval '1 hour', 'employee@x', jsonb_build_object('score', g.score))
  ) v(ord, element_id, element_type, eid, kind, time, actor, data)
  WHERE (g.approved OR ord NOT BETWEEN 7 AND 11) AND (NOT g.approved OR ord NOT BETWEEN 12 AND 13)
    AND (ord <> 16 OR NOT g.sla_met) AND (ord <> 17 OR g.score IS NOT NULL)
  ORDER BY ord
) e(ord, element_id, element_type, eid, kind, time, actor, data)
ORDER BY g.n, e.ord;
`;

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function main() {
  const db = await openPglite(DATA_DIR || null);
  await migrate(db);
  if (!process.argv.includes('--reuse')) await seed(db, { ...testConfig, seed: 'demo' }, silentLogger);
  const deps = (await db.query<{ id: string; key: string }>('SELECT id, key FROM departments ORDER BY key')).rows;

  // The as-is import of the Helpdesk log (3.3 MB, 21,348 events): parse, check and store.
  const helpdesk = readFileSync(fileURLToPath(new URL('../test/fixtures/eventlogs/helpdesk.csv', import.meta.url)), 'utf8');
  const analystId = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'analyst@lotse.demo'")).rows[0].id;
  const who: Principal = { id: analystId, email: 'analyst@lotse.demo', name: 'Analyst', locale: null, roles: [{ role: 'analyst' }], groups: [] };
  const importMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const r = await importDataset(db, who, { name: 'Helpdesk', format: 'csv', content: helpdesk, mapping: { case: 'Case ID', activity: 'Activity', timestamp: 'Complete Timestamp', resource: 'Resource', attributes: ['seriousness', 'product'] } });
    importMs.push(performance.now() - s);
    await db.query('DELETE FROM insights_datasets WHERE id = $1', [r.id]);
  }
  importMs.sort((a, b) => a - b);
  log(`helpdesk.csv import: ${importMs.map((m) => `${Math.round(m)} ms`).join(', ')} (median ${Math.round(importMs[1])} ms)`);
  const reuse = process.argv.includes('--reuse') && (await db.query("SELECT to_regclass('bench_defs') AS t")).rows[0].t;
  let genSeconds = 0;
  if (!reuse) {
    // Five processes, two versions each, spread over the departments.
    await db.exec('CREATE TABLE bench_defs (slot int PRIMARY KEY, id uuid, key text)');
    for (let slot = 0; slot < 10; slot++) {
      const key = `bench-process-${slot % 5}`;
      const dep = deps[slot % 5 % deps.length];
      const r = await db.query<{ id: string }>(
        `INSERT INTO definitions (key, version, name, department_id, xml, xml_hash, model) VALUES ($1, $2::int, $3, $4, $5, md5($1 || $2::text), $6) RETURNING id`,
        [key, slot < 5 ? 1 : 2, `Bench process ${slot % 5}`, dep.id, xml, JSON.stringify(model)],
      );
      await db.query('INSERT INTO bench_defs VALUES ($1, $2, $3)', [slot, r.rows[0].id, key]);
    }

    if (process.argv.includes('--no-trigger')) await db.exec('ALTER TABLE history DISABLE TRIGGER history_insights');
    const t0 = performance.now();
    for (let from = 1; from <= REQUESTS; from += BATCH) {
      const to = Math.min(REQUESTS, from + BATCH - 1);
      const tb = performance.now();
      await db.transaction(async (tx) => {
        // Whole numbers only: CREATE TABLE AS takes no bind parameters.
        for (const sql of GENERATE.replace(':from', String(from)).replace(':to', String(to)).split(';\n').map((s) => s.trim()).filter(Boolean)) await tx.query(sql);
      });
      log(`  requests ${to.toLocaleString('en')} / ${REQUESTS.toLocaleString('en')}  (${((performance.now() - tb) / 1000).toFixed(1)} s per batch)`);
    }
    genSeconds = (performance.now() - t0) / 1000;
  }
  // What the server's maintenance worker runs (server/db/maintenance.ts): after generating it has
  // the whole history to visit; on a reused folder it is the steady-state cost of a daily run.
  const vacuum = await vacuumTables(db);
  log(`maintenance VACUUM (ANALYZE) of ${vacuum.tables} tables: ${(vacuum.ms / 1000).toFixed(1)} s`);
  const counts = (await db.query<{ h: number; r: number; hist: number; steps: number; daily: number }>(
    `SELECT (SELECT count(*) FROM history)::int AS h, (SELECT count(*) FROM process_instances)::int AS r,
       (SELECT count(*) FROM insights_cycle_hist)::int AS hist, (SELECT count(*) FROM insights_steps)::int AS steps, (SELECT count(*) FROM insights_daily)::int AS daily`)).rows[0];
  log(`${reuse ? 'reused' : 'generated'} ${counts.r.toLocaleString('en')} requests, ${counts.h.toLocaleString('en')} history events in ${genSeconds.toFixed(0)} s; roll-up rows: daily ${counts.daily}, histogram ${counts.hist}, steps ${counts.steps}`);
  const app = createApp({ db, config: testConfig, log: silentLogger, now: () => new Date('2026-01-01T00:00:00Z') });
  const analyst = new Client(app);
  await analyst.post('/api/auth/login', { email: 'analyst@lotse.demo', password: 'demo' });
  const dep = deps.find((d) => d.key === 'it')!.id;
  const scenarios: Record<string, string> = {
    'all, last 90 days': 'from=2025-10-03&to=2025-12-31',
    'all, 2 years': 'from=2024-01-01&to=2025-12-31',
    'one process, 2 years': 'processKey=bench-process-1&from=2024-01-01&to=2025-12-31',
    'one version, 1 year': 'processKey=bench-process-2&version=2&from=2025-01-01&to=2025-12-31',
    'one department, 30 days': `departmentId=${dep}&from=2025-12-02&to=2025-12-31`,
  };
  const endpoints = ['overview', 'cycle-times', 'steps', 'sla', 'escalations', 'variants'];
  const results: { endpoint: string; scenario: string; p50: number; p95: number }[] = [];
  const all: number[] = [];
  for (const endpoint of endpoints) {
    for (const [scenario, query] of Object.entries(scenarios)) {
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS + 3; i++) {
        const s = performance.now();
        const r = await analyst.get(`/api/insights/${endpoint}?${query}`);
        if (r.status !== 200) throw new Error(`${endpoint} ${query}: ${r.status} ${JSON.stringify(r.body)}`);
        if (i >= 3) times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      results.push({ endpoint, scenario, p50: pct(times, 0.5), p95: pct(times, 0.95) });
      log(`  ${endpoint.padEnd(12)} ${scenario.padEnd(26)} p50 ${pct(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms`);
    }
  }
  for (const extra of ['processes', 'diagram?processKey=bench-process-1']) {
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS + 3; i++) {
      const s = performance.now();
      await analyst.get(`/api/insights/${extra}`);
      if (i >= 3) times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    results.push({ endpoint: extra.split('?')[0], scenario: '-', p50: pct(times, 0.5), p95: pct(times, 0.95) });
    log(`  ${extra.split('?')[0].padEnd(12)} ${'-'.padEnd(26)} p50 ${pct(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms`);
  }
  all.sort((a, b) => a - b);
  const worst = Math.max(...results.map((r) => r.p95));
  log(`all dashboard requests: p50 ${pct(all, 0.5).toFixed(1)} ms, p95 ${pct(all, 0.95).toFixed(1)} ms; worst endpoint p95 ${worst.toFixed(1)} ms`);
  if (json) console.log(JSON.stringify({ helpdeskImportMs: importMs[1], requests: counts.r, events: counts.h, generateSeconds: genSeconds, results, p95: pct(all, 0.95), worstP95: worst, vacuumMs: vacuum.ms }));
  await db.close();
}

await main();
