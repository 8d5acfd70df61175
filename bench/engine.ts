/**
 * Engine benchmark (`npm run bench:engine`): start → user task → exclusive gateway (FEEL) → service
 * task (noop) → end, N instances run to completion one after another through the transactional
 * runtime, on
 *   (a) PGlite in a data folder on disk (temp dir),
 *   (b) PostgreSQL at TEST_DATABASE_URL (its own database, created and dropped), when set,
 *   (c) the npm package bpmn-engine, in memory without persistence, on the equivalent plain model.
 * Prints completed instances/s, the ratio to bpmn-engine, p50/p99 ms per trigger and peak RSS.
 *
 * Options: --instances N (default 2000), --warmup N (default 50), --only pglite,postgres,bpmn-engine, --json
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDatabase, type Db } from '../server/db';
import { migrate } from '../server/db/migrate';
import { openPostgres } from '../server/db/postgres';
import type { Principal } from '../server/auth/principal';
import { silentLogger } from '../server/log';
import { Engine } from '../server/engine/runtime/runtime';
import { wireEngine } from '../server/engine-wiring';
import { deploy } from '../server/definitions/deploy';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

export interface BenchResult {
  target: string;
  instances: number;
  seconds: number;
  instancesPerSecond: number;
  /** Per trigger (start, task completion); bpmn-engine: per execute() and per signal(). */
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  note?: string;
}

export interface BenchOptions {
  instances: number;
  warmup: number;
  only?: string[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Samples RSS while a target runs, so each target reports its own peak. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---- the Lotse runtime ----------------------------------------------------------------------

/** Completes a user task as the API does: lock the task row, mark it completed, apply task_completed, commit. */
async function completeTask(engine: Engine, taskId: string, variables: Record<string, unknown>, actor: string) {
  const unit = await engine.transact(async (tx) => {
    const r = await tx.query<{ instance_id: string; status: string }>('SELECT instance_id, status FROM tasks WHERE id = $1 FOR UPDATE', [taskId]);
    const task = r.rows[0];
    if (!task || task.status !== 'open') throw new Error(`task ${taskId} is not open`);
    await tx.query("UPDATE tasks SET status = 'completed', completed_at = $2 WHERE id = $1", [taskId, engine.now()]);
    return engine.runIn(tx, [{ kind: 'trigger', instanceId: task.instance_id, trigger: { type: 'task_completed', taskId, variables } }], actor);
  });
  engine.afterCommit(unit);
}

async function runLotse(target: string, db: Db, options: BenchOptions): Promise<BenchResult> {
  await migrate(db);
  const adminId = randomUUID();
  await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Bench', 'x')", [adminId, `bench-${adminId}@lotse.test`]);
  const admin: Principal = { id: adminId, email: 'bench@lotse.test', name: 'Bench', locale: null, roles: [{ role: 'admin' }], groups: [] };
  const engine = wireEngine(new Engine(db, () => new Date(), silentLogger));
  const { id: definitionId } = await deploy(engine, { xml: fixture('request.bpmn') }, admin);

  const triggerMs: number[] = [];
  const one = async (measure: boolean) => {
    const instanceId = randomUUID();
    let t = performance.now();
    await engine.run([{ kind: 'start', instanceId, definitionId, input: { variables: { amount: 40, requester: 'bench' } }, startedBy: adminId }], 'bench');
    if (measure) triggerMs.push(performance.now() - t);
    const task = await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [instanceId]);
    t = performance.now();
    await completeTask(engine, task.rows[0].id, { approved: true }, 'bench');
    if (measure) triggerMs.push(performance.now() - t);
  };

  for (let i = 0; i < options.warmup; i++) await one(false);
  const peak = rssSampler();
  const started = performance.now();
  for (let i = 0; i < options.instances; i++) await one(true);
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = peak();

  const done = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE status = 'completed' AND definition_id = $1", [definitionId]);
  const expected = options.instances + options.warmup;
  if (done.rows[0].n !== expected) throw new Error(`${target}: ${done.rows[0].n} of ${expected} instances completed`);
  const fulfilled = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history WHERE element_id = 'Done' AND kind = 'element_completed'");
  if (fulfilled.rows[0].n !== expected) throw new Error(`${target}: the FEEL condition did not route every instance to the service task`);

  triggerMs.sort((a, b) => a - b);
  return {
    target, instances: options.instances, seconds: round(seconds), instancesPerSecond: round(options.instances / seconds, 1),
    p50Ms: round(percentile(triggerMs, 50)), p99Ms: round(percentile(triggerMs, 99)), peakRssMb: round(peakRssMb, 0),
  };
}

async function benchPgliteOnDisk(options: BenchOptions): Promise<BenchResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lotse-bench-'));
  const db = await openDatabase({ databaseUrl: null, dataDir });
  try {
    return { ...(await runLotse('lotse / PGlite on disk', db, options)), note: dataDir };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(adminUrl: string, options: BenchOptions): Promise<BenchResult> {
  const name = `lotse_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 4);
  try {
    return await runLotse('lotse / PostgreSQL', db, options);
  } finally {
    await db.close();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

// ---- bpmn-engine ----------------------------------------------------------------------------

async function benchBpmnEngine(options: BenchOptions): Promise<BenchResult> {
  // Loaded lazily: only the benchmark needs it.
  const { Engine: BpmnEngine } = await import('bpmn-engine');
  const elements = await import('bpmn-elements');
  const { BpmnModdle } = await import('bpmn-moddle');
  const serializer = await import('moddle-context-serializer');
  const Serializer = serializer.default as unknown as (ctx: unknown, types: unknown) => unknown;
  const TypeResolver = (serializer as unknown as { TypeResolver: (e: unknown) => unknown }).TypeResolver;
  // Parse once, as Lotse compiles once at deploy; each instance gets its own engine over the parsed source.
  const moddleContext = await new BpmnModdle().fromXML(fixture('request.bpmn-engine.bpmn'));
  const sourceContext = Serializer(moddleContext, TypeResolver(elements));
  let fulfilled = 0;
  const services = {
    isApproved: (v: { approved?: boolean; amount?: number }) => v.approved === true && (v.amount ?? 0) < 1000,
    noop: (_ctx: unknown, callback: (err: Error | null, result?: unknown) => void) => {
      fulfilled++;
      callback(null, {});
    },
  };

  const triggerMs: number[] = [];
  const one = async (i: number, measure: boolean) => {
    const engine = new BpmnEngine({ name: `bench-${i}`, sourceContext } as never);
    const listener = new EventEmitter();
    const waiting = new Promise<{ environment: { variables: Record<string, unknown> }; signal(m: unknown): void }>((resolve) => listener.once('wait', resolve));
    const ended = engine.waitFor('end');
    let t = performance.now();
    await engine.execute({ listener, variables: { amount: 40, requester: 'bench' }, services } as never);
    const task = await waiting;
    if (measure) triggerMs.push(performance.now() - t);
    t = performance.now();
    task.environment.variables.approved = true;
    task.signal({ approved: true });
    await ended;
    if (measure) triggerMs.push(performance.now() - t);
  };

  for (let i = 0; i < options.warmup; i++) await one(i, false);
  const peak = rssSampler();
  const started = performance.now();
  for (let i = 0; i < options.instances; i++) await one(i, true);
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = peak();
  if (fulfilled !== options.instances + options.warmup) throw new Error(`bpmn-engine: ${fulfilled} instances reached the service task`);
  triggerMs.sort((a, b) => a - b);
  return {
    target: 'bpmn-engine (in memory, no persistence)', instances: options.instances, seconds: round(seconds),
    instancesPerSecond: round(options.instances / seconds, 1), p50Ms: round(percentile(triggerMs, 50)),
    p99Ms: round(percentile(triggerMs, 99)), peakRssMb: round(peakRssMb, 0),
  };
}

// ---- driver ---------------------------------------------------------------------------------

export async function benchEngine(options: BenchOptions, log: (line: string) => void = console.log): Promise<BenchResult[]> {
  const want = (name: string) => !options.only || options.only.includes(name);
  const results: BenchResult[] = [];
  const run = async (name: string, fn: () => Promise<BenchResult>) => {
    if (!want(name)) return;
    log(`… ${name}: ${options.instances} instances (+${options.warmup} warm-up)`);
    results.push(await fn());
  };
  await run('pglite', () => benchPgliteOnDisk(options));
  const url = process.env.TEST_DATABASE_URL;
  if (url) await run('postgres', () => benchPostgres(url, options));
  else if (want('postgres')) log('… postgres: skipped (set TEST_DATABASE_URL)');
  await run('bpmn-engine', () => benchBpmnEngine(options));
  return results;
}

export function formatResults(results: BenchResult[]): string {
  const reference = results.find((r) => r.target.startsWith('bpmn-engine'));
  const header = ['target', 'instances', 'seconds', 'instances/s', 'vs bpmn-engine', 'p50 ms/trigger', 'p99 ms/trigger', 'peak RSS MB'];
  const rows = results.map((r) => [
    r.target, String(r.instances), r.seconds.toFixed(2), r.instancesPerSecond.toFixed(1),
    reference ? `${(r.instancesPerSecond / reference.instancesPerSecond).toFixed(1)}×` : 'n/a',
    r.p50Ms.toFixed(2), r.p99Ms.toFixed(2), String(r.peakRssMb),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function parseArgs(argv: string[]): BenchOptions & { json: boolean } {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const instances = Number(value('--instances') ?? 2000);
  const warmup = Number(value('--warmup') ?? 50);
  if (!Number.isInteger(instances) || instances <= 0) throw new Error('--instances must be a positive integer');
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error('--warmup must be a non-negative integer');
  return { instances, warmup, only: value('--only')?.split(','), json: argv.includes('--json') };
}

export async function main(argv = process.argv.slice(2)) {
  const options = parseArgs(argv);
  const results = await benchEngine(options);
  console.log('');
  console.log('Engine benchmark: start → user task → exclusive gateway (FEEL) → service task (noop) → end, one instance after another');
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  console.log(formatResults(results));
  const pglite = results.find((r) => r.target.includes('PGlite'));
  if (pglite) console.log(`target ≥ 700 instances/s on PGlite on disk: ${pglite.instancesPerSecond >= 700 ? 'met' : 'missed'} (${pglite.instancesPerSecond.toFixed(1)})`);
  if (options.json) console.log(JSON.stringify(results));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
