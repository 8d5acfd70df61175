/**
 * Task list and portal benchmark (`npm run bench:tasks`): PGlite on disk (a temp DATA_DIR) with
 * 10,000 open tasks across the it, facility and service queues, then the server time of the first
 * page of agent.it's group queue (about half the tasks) with each filter and sort, and of a
 * request's detail as the requester and as the agent — all through the HTTP app (`app.request`).
 *
 * How the tasks are made: `--real` requests (default 400, four templates) are started through the
 * API, so the engine writes instance, task, SLA clocks, jobs and history; a quarter of them get
 * another priority through the API. The rest are clones of those rows in SQL, each clone a copy of
 * one real request with new ids (the ids inside the state and history remapped), its own reference,
 * and all its times moved back by one random age (0–10 days, most under a day) — what the engine
 * would have written for the same request started that much earlier. Starting 10,000 requests
 * through the engine would take minutes (≈ 60 /s, docs/BENCHMARKS.md) and measure the engine.
 *
 * The search box's scenarios (q=…, issue #18) run over every task the agent may see; the figure for
 * them is taken at 100,000 tasks (`npm run bench:tasks -- --tasks 100000`, docs/BENCHMARKS.md).
 *
 * Options: --tasks N (10000), --real N (400), --iterations N (200), --data-dir DIR (kept), --reuse (measure
 * a --data-dir filled before; one stopped part-way is first filled up to --tasks), --only PREFIX (only the scenarios whose name starts so, e.g. "search"), --explain (EXPLAIN ANALYZE of each list's statements), --json
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp } from '../server/app';
import type { Db } from '../server/db';
import type { Queryable } from '../server/db/types';
import { migrate } from '../server/db/migrate';
import { openPglite } from '../server/db/pglite';
import { silentLogger } from '../server/log';
import { seed } from '../server/seed';
import { Client, testConfig } from '../test/support/api';
import { processDeployment } from '../test/support/processes';
import { cloneRequests } from './tasks-clone';

const STARTS: [string, (i: number) => Record<string, unknown>][] = [
  ['it-equipment-request', (i) => ({ item: ['laptop', 'monitor', 'headset', 'phone'][i % 4] })],
  ['it-incident', (i) => ({ summary: `VPN drops #${i}`, impact: ['low', 'medium', 'high'][i % 3], urgency: ['medium', 'high', 'low'][i % 3] })],
  ['facility-repair-request', (i) => ({ building: 'HQ', location: `Room ${i}`, category: 'heating', description: 'Radiator cold', urgency: ['normal', 'high', 'urgent'][i % 3] })],
  ['customer-complaint', (i) => ({ customerName: `Customer ${i}`, customerEmail: `c${i}@example.com`, topic: 'delivery', description: 'Parcel late' })],
];

function options(argv: string[]) {
  const value = (n: string, d: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : d);
  return { only: value('only', ''), tasks: Number(value('tasks', '10000')), real: Number(value('real', '400')), iterations: Number(value('iterations', '200')), dataDir: value('data-dir', ''), json: argv.includes('--json') };
}

/** A template's deployment body with its decision tables (processes/<name>/*.dmn). */
function deployment(name: string) {
  const dir = fileURLToPath(new URL(`../processes/${name}/`, import.meta.url));
  const decisions = readdirSync(dir).filter((f) => f.endsWith('.dmn')).map((f) => readFileSync(dir + f, 'utf8'));
  return { ...processDeployment(name), ...(decisions.length ? { decisions } : {}) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * The search box (issue #18 point 4) over every task agent.it may see (no queue): a reference (one
 * hit), words of the form text that match a few hundred, a quarter or all of the IT tasks, a prefix
 * as typed, two words, a word in no task. Clones share their original's text, so "VPN" is in every
 * copied incident and "Erika" (the requester) in every task: the unselective worst cases.
 */
function searchScenarios(reference: string): [string, string][] {
  const q = (s: string) => `/api/tasks?q=${encodeURIComponent(s)}`;
  return [
    ['search: reference (1 hit)', q(reference)],
    ['search: "drops 17" (copies of one request)', q('drops 17')],
    ['search: "headset" (an eighth of IT)', q('headset')],
    ['search: "hea" (prefix while typing)', q('hea')],
    ['search: "VPN" (a quarter of IT)', q('VPN')],
    ['search: "Erika" (requester of all)', q('Erika')],
    ['search: "Drucker" (no hit)', q('Drucker')],
  ];
}

/** Times `iterations` calls of `call` (after 5 warm-ups); each must answer 200. */
async function measure(name: string, iterations: number, call: (i: number) => Promise<{ status: number; body: unknown }>) {
  const times: number[] = [];
  let items = 0;
  for (let i = -5; i < iterations; i++) {
    const s = performance.now();
    const r = await call(i);
    const ms = performance.now() - s;
    if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}`);
    if (i >= 0) times.push(ms);
    items = (r.body as { items?: unknown[] }).items?.length ?? items;
  }
  times.sort((a, b) => a - b);
  return { name, p50: pct(times, 0.5), p95: pct(times, 0.95), p99: pct(times, 0.99), items };
}

/** The index names in an EXPLAIN of the statement (or "sequential scan" when none). */
async function indexesUsed(db: Queryable, sql: string, params: unknown[]) {
  const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
  const names = new Set([...plan.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)(?: on (\w+))?/g)].map((m) => m[1]));
  const seq = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => `seq ${m[1]}`);
  return [...names, ...new Set(seq)].join(', ');
}

export async function main(argv = process.argv.slice(2)) {
  const o = options(argv);
  const dataDir = o.dataDir || mkdtempSync(path.join(tmpdir(), 'lotse-bench-tasks-'));
  const base = await openPglite(dataDir);
  // Records the statements of the list route, so the bench can EXPLAIN exactly what ran.
  let recording: { sql: string; params: unknown[] }[] | null = null;
  const recorded = (q: Queryable): Queryable['query'] => (sql, params) => (recording?.push({ sql, params: [...(params ?? [])] }), q.query(sql, params));
  // A search runs in its own transaction (its planner settings are local to it): recorded too.
  const db: Db = { ...base, query: recorded(base), transaction: (fn) => base.transaction((tx) => fn({ ...tx, query: recorded(tx) })) };
  const log = (...a: unknown[]) => !o.json && console.log(...a);
  try {
    await migrate(db);
    // --data-dir with a filled folder measures it again (--reuse); otherwise the data is made first.
    const reuse = argv.includes('--reuse') && (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status = 'open'")).rows[0].n > 0;
    if (!reuse) await seed(db, { ...testConfig, seed: 'demo' }, silentLogger);
    const app = createApp({ db, config: testConfig, log: silentLogger, now: () => new Date() });
    const as = async (email: string) => {
      const c = new Client(app);
      if ((await c.post('/api/auth/login', { email, password: 'demo' })).status !== 200) throw new Error(`login ${email}`);
      return c;
    };
    const [admin, employee, agent] = [await as('admin@lotse.demo'), await as('employee@lotse.demo'), await as('agent.it@lotse.demo')];
    let [open, engineSeconds, cloneSeconds] = [0, 0, 0];
    if (!reuse) {
      for (const [key] of STARTS) {
        const r = await admin.post('/api/deployments', deployment(key));
        if (r.status !== 201 && r.status !== 200) throw new Error(`deploy ${key}: ${r.status} ${JSON.stringify(r.body)}`);
      }

      const t0 = performance.now();
      const ids: string[] = [];
      for (let i = 0; i < o.real; i++) {
        const [key, vars] = STARTS[i % STARTS.length];
        const r = await employee.post('/api/process-instances', { processKey: key, variables: vars(i) });
        if (r.status !== 201) throw new Error(`start ${key}: ${r.status} ${JSON.stringify(r.body)}`);
        ids.push(r.body.id);
      }
      const priorities = ['critical', 'high', 'low'];
      for (let i = 0; i < ids.length; i += 4) await admin.post(`/api/process-instances/${ids[i]}/priority`, { priority: priorities[(i / 4) % 3] });
      engineSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      // In steps of 10,000 tasks, one transaction each: 100,000 in one exhaust PGlite's WASM memory.
      for (let target = Math.min(o.tasks, 10_000); ; target = Math.min(o.tasks, target + 10_000)) {
        open = await cloneRequests(db, target, target === Math.min(o.tasks, 10_000) ? console.warn : () => {});
        log(`  cloned to ${open} open tasks (${((performance.now() - t1) / 1000).toFixed(0)} s)`);
        if (target >= o.tasks) break;
      }
      await db.exec('VACUUM ANALYZE');
      cloneSeconds = (performance.now() - t1) / 1000;
      const queues = (await db.query<{ g: string; n: number }>("SELECT unnest(candidate_groups) AS g, count(*)::int AS n FROM tasks WHERE status = 'open' GROUP BY 1 ORDER BY 1")).rows;
      log(`${o.real} requests through the engine in ${engineSeconds.toFixed(1)} s; cloned to ${open} open tasks in ${cloneSeconds.toFixed(1)} s (${queues.map((q) => `${q.g} ${q.n}`).join(', ')})`);

      // agent.it holds 50 tasks of its queue, for the "assigned to me" list.
      const some = (await agent.get('/api/tasks?candidateGroup=it&sort=created&limit=50')).body.items as { id: string }[];
      for (const t of some) await agent.post(`/api/tasks/${t.id}/claim`);
    } else {
      open = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status = 'open'")).rows[0].n;
      // A folder whose cloning was stopped part-way is filled up to --tasks in the same steps.
      if (open < o.tasks) {
        const t1 = performance.now();
        for (let target = Math.min(o.tasks, Math.ceil((open + 1) / 10_000) * 10_000); ; target = Math.min(o.tasks, target + 10_000)) {
          open = await cloneRequests(db, target, () => {});
          log(`  cloned to ${open} open tasks`);
          if (target >= o.tasks) break;
        }
        await db.exec('VACUUM ANALYZE');
        cloneSeconds = (performance.now() - t1) / 1000;
        log(`filled up to ${open} open tasks in ${cloneSeconds.toFixed(1)} s`);
      }
    }
    const queue = '/api/tasks?candidateGroup=it';
    const lists: [string, string][] = [
      ['group queue, default (due)', queue],
      ['sort=priority', `${queue}&sort=priority`],
      ['sort=created', `${queue}&sort=created`],
      ['sort=age', `${queue}&sort=age`],
      ['sort=due&direction=desc', `${queue}&sort=due&direction=desc`],
      ['due=overdue', `${queue}&due=overdue`],
      ['due=at_risk', `${queue}&due=at_risk`],
      ['due=on_time', `${queue}&due=on_time`],
      ['due=none', `${queue}&due=none`],
      ['priority=critical', `${queue}&priority=critical`],
      ['priority=high,critical&sort=priority', `${queue}&priority=high,critical&sort=priority`],
      ['processKey=it-incident', `${queue}&processKey=it-incident`],
      ['olderThan=P3D', `${queue}&olderThan=P3D`],
      ['due=overdue&priority=high&olderThan=P1D', `${queue}&due=overdue&priority=high&olderThan=P1D`],
      ['page 20 (offset=950)', `${queue}&offset=950`],
      ['assigned to me', '/api/tasks?assignee=me'],
      ...searchScenarios((await db.query<{ reference: string }>(
        "SELECT p.reference FROM tasks t JOIN process_instances p ON p.id = t.instance_id WHERE t.status = 'open' AND t.candidate_groups @> '{it}' ORDER BY md5(p.id::text) LIMIT 1",
      )).rows[0]?.reference ?? 'IT-2026-000001'),
    ];
    const results = [];
    let peakRss = process.memoryUsage().rss;
    for (const [name, url] of lists.filter(([n]) => n.startsWith(o.only))) {
      const r = await measure(name, o.iterations, () => agent.get(url));
      recording = [];
      await agent.get(url);
      const statements = recording;
      recording = null;
      // Replayed as the route ran them: its planner settings first, in one transaction.
      const plan = await base.transaction(async (tx) => {
        const found = { page: '-', count: '-' };
        for (const st of statements) {
          if (st.sql.includes('set_config(')) await tx.query(st.sql, st.params);
          const which = st.sql.includes('WITH page') ? 'page' : st.sql.includes('count(*)') ? 'count' : null;
          if (!which) continue;
          if (argv.includes('--explain')) log((await tx.query<Record<string, string>>(`EXPLAIN ANALYZE ${st.sql}`, st.params)).rows.map((x) => `      ${x['QUERY PLAN']}`).join('\n'));
          found[which] = await indexesUsed(tx, st.sql, st.params);
        }
        return found;
      });
      results.push({ ...r, plan });
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      log(`  ${name.padEnd(42)} p50 ${r.p50.toFixed(1).padStart(6)}  p95 ${r.p95.toFixed(1).padStart(6)}  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.items} rows)  page: ${plan.page} | count: ${plan.count}`);
    }

    // Details: a sample of the requester's requests in the it queue, read as the requester and as the agent.
    const sample = (await db.query<{ id: string; task: string }>(
      `SELECT p.id, t.id AS task FROM process_instances p JOIN tasks t ON t.instance_id = p.id
       WHERE t.status = 'open' AND t.candidate_groups @> '{it}' ORDER BY md5(p.id::text) LIMIT 200`,
    )).rows;
    const details: [string, (i: number) => Promise<{ status: number; body: unknown }>][] = [
      ['request detail as requester', (i) => employee.get(`/api/process-instances/${sample[(i + 5) % sample.length].id}`)],
      ['request detail as agent', (i) => agent.get(`/api/process-instances/${sample[(i + 5) % sample.length].id}`)],
      ['task detail as agent', (i) => agent.get(`/api/tasks/${sample[(i + 5) % sample.length].task}`)],
      ['my requests (portal list)', () => employee.get('/api/process-instances?mine=1')],
    ];
    for (const [name, call] of details.filter(([n]) => n.startsWith(o.only))) {
      const r = await measure(name, o.iterations, call);
      results.push({ ...r, plan: null });
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      log(`  ${name.padEnd(42)} p50 ${r.p50.toFixed(1).padStart(6)}  p95 ${r.p95.toFixed(1).padStart(6)}  p99 ${r.p99.toFixed(1).padStart(6)} ms`);
    }
    const mem = process.memoryUsage();
    log(`memory: peak RSS ${mb(peakRss)} MB, heap used ${mb(mem.heapUsed)} MB (node ${process.version}, ${process.platform}/${process.arch})`);
    const firstPage = results[0];
    const worstDetail = Math.max(-1, ...results.filter((r) => r.name.includes('detail')).map((r) => r.p95));
    if (!o.only) log(`targets: first page of a queue < 200 ms (p95 ${firstPage.p95.toFixed(1)} ms), request detail < 50 ms (worst p95 ${worstDetail.toFixed(1)} ms)`);
    const searches = results.filter((r) => r.name.startsWith('search'));
    if (searches.length) log(`target: search p95 < 100 ms at 100,000 tasks (worst search p95 ${Math.max(...searches.map((r) => r.p95)).toFixed(1)} ms at ${open} open tasks)`);
    if (o.json) console.log(JSON.stringify({ tasks: open, engineSeconds, cloneSeconds, results, peakRssMb: mb(peakRss) }));
  } finally {
    await base.close();
    if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
