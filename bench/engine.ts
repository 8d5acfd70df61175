/**
 * Engine benchmark (`npm run bench:engine`): start → user task → exclusive gateway (FEEL) → service
 * task (noop) → end, instances run to completion through the transactional runtime on
 *   (a) PGlite in a data folder on disk (temp dir),
 *   (b) PostgreSQL at TEST_DATABASE_URL (its own database, created and dropped), when set,
 *   (c) the npm package bpmn-engine, in memory without persistence, on the equivalent plain model.
 * The targets are interleaved round by round (a noisy machine slows all of them alike), each round
 * running its share of the instances with `concurrency` callers in flight (group commit batches
 * what arrives together). Prints completed instances/s, the ratio to bpmn-engine (total and the
 * median of the rounds), p50/p99 ms per trigger, peak RSS, and on PostgreSQL the CPU time per
 * completed instance (this process from /proc/self/stat plus the database backends' /proc/<pid>/stat).
 *
 * Options: --instances N (default 4000), --warmup N (default 100), --rounds N (default 5),
 * --concurrency N (default 64; 1 = one instance after another), --only pglite,postgres,bpmn-engine
 * (and pglite-no-prelock: PGlite with per-body task locks; pglite-lookup: PGlite looking up each open
 * task with a statement of its own — for an A/B in the same run),
 * postgres-servers: --servers N (default 3) server processes on one PostgreSQL database, see engine-servers.ts;
 * --window-ms N (group commit's batching window, default 0), --group-commit off, --prelock off (each task completion locks its own row), --task-lookup on (look
 * the open task up with a statement per instance instead of taking it from the start's answer), --json
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
import { Engine, instanceColumnsOf, instanceRowOf } from '../server/engine/runtime/runtime';
import { TASK_UPDATES } from '../server/engine/runtime/writes';
import { wireEngine } from '../server/engine-wiring';
import { deploy } from '../server/definitions/deploy';
import { cpuTicksOf, TICK_MS, ticksBetween } from './cpu';
import { postgresServers } from './engine-servers';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

export interface BenchResult {
  target: string;
  instances: number;
  seconds: number;
  instancesPerSecond: number;
  /** Instances/s of each round, in order. */
  rounds: number[];
  /** Per trigger (start, task completion); bpmn-engine: per execute() and per signal(). */
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  /** CPU ms per completed instance (this process plus the database backends), where measured. */
  cpuMsPerInstance?: number;
  /** The part of it spent in this process (Node, and PGlite's WASM PostgreSQL). */
  nodeCpuMsPerInstance?: number;
  /** Triggers per transaction under group commit. */
  batchSize?: number;
  note?: string;
}

export interface BenchOptions {
  instances: number;
  warmup: number;
  rounds: number;
  concurrency: number;
  groupCommit: boolean;
  /** Batches lock their tasks in one statement (default on; --prelock off: each completion locks its own). */
  prelock: boolean;
  /** Look the open task up by its instance (one statement per instance, as before #17's last step) instead of taking it from the start's answer. */
  taskLookup: boolean;
  /** Server processes of the postgres-servers target. */
  servers: number;
  /** Group commit's batching window in ms (GroupCommitOptions.windowMs; 0: none). */
  windowMs: number;
  only?: string[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs `one` n times with `concurrency` callers in flight. */
export async function pool(n: number, concurrency: number, one: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < n) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

/** A benchmark target: set up once, then rounds of n instances, then checked and torn down. */
export interface Target {
  name: string;
  label: string;
  setup(): Promise<void>;
  /** Runs n instances; returns their trigger times in ms. */
  round(n: number, measure: boolean): Promise<number[]>;
  /** CPU ticks per pid now (this process and, on PostgreSQL, the backends), if measured. */
  cpuSample?(): Promise<Map<number, number>>;
  /** The Node processes among the sampled pids (default: this one), for the Node share of the CPU. */
  nodePids?(): number[];
  batchSize?(): number;
  finish(expected: number): Promise<string | undefined>;
}

// ---- the Lotse runtime ----------------------------------------------------------------------

/** Locks open tasks and their instances by id, in one statement for a whole batch (Engine.transact's prelock). */
const LOCK_TASKS = `SELECT t.id AS lock_id, t.status AS task_status, ${instanceColumnsOf('p')}
  FROM tasks t JOIN process_instances p ON p.id = t.instance_id WHERE t.id = ANY($1::uuid[]) ORDER BY p.id FOR UPDATE OF t, p`;

/**
 * Completes a user task as the API does: lock the task row and its instance, mark it completed,
 * apply task_completed, commit. Under group commit the batch locks all its tasks in one statement
 * and the status change is written with the batch (Engine.updateRow).
 */
async function completeTask(engine: Engine, taskId: string, variables: Record<string, unknown>, actor: string, prelock: boolean) {
  const lock = { sql: LOCK_TASKS, id: taskId };
  const unit = await engine.transact(async (tx) => {
    const pre = engine.prelocked(tx, lock);
    let instance;
    if (pre) {
      if (pre.task_status !== 'open') throw new Error(`task ${taskId} is not open`);
      await engine.updateRow(tx, TASK_UPDATES, { id: taskId, status: 'completed', completed_at: engine.now() });
      instance = instanceRowOf(pre);
    } else {
      // One statement: mark the open task completed (its row lock) and lock and return its instance.
      const r = await tx.query(
        `WITH t AS (UPDATE tasks SET status = 'completed', completed_at = $2 WHERE id = $1 AND status = 'open' RETURNING instance_id)
         SELECT ${instanceColumnsOf('p')} FROM process_instances p JOIN t ON p.id = t.instance_id FOR UPDATE OF p`,
        [taskId, engine.now()],
      );
      if (!r.rows[0]) throw new Error(`task ${taskId} is not open`);
      instance = instanceRowOf(r.rows[0]);
    }
    return engine.runIn(tx, [{ kind: 'trigger', instanceId: instance.id, trigger: { type: 'task_completed', taskId, variables } }], actor, { preloaded: [instance] });
  }, prelock ? lock : undefined);
  engine.afterCommit(unit);
}

/**
 * Runs n instances to completion on one engine with `concurrency` callers in flight (start, then
 * complete the task it opened); returns the trigger times in ms. Shared with the server processes
 * of engine-servers.ts.
 */
export async function runInstances(
  engine: Engine, db: Db, definitionId: string, adminId: string, n: number, concurrency: number, measure: boolean,
  options: Pick<BenchOptions, 'prelock' | 'taskLookup'>,
): Promise<number[]> {
  const triggerMs: number[] = [];
  await pool(n, concurrency, async () => {
    const instanceId = randomUUID();
    let t = performance.now();
    const started = await engine.run([{ kind: 'start', instanceId, definitionId, input: { variables: { amount: 40, requester: 'bench' } }, startedBy: adminId }], 'bench');
    if (measure) triggerMs.push(performance.now() - t);
    if (started.loaded.get(instanceId)?.status !== 'active') throw new Error(`instance ${instanceId} did not wait at the task`);
    // The start's answer names the task it opened (UnitResult.tasksCreated); --task-lookup on looks it up as the task list would.
    const taskId = options.taskLookup
      ? (await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [instanceId])).rows[0].id
      : started.tasksCreated.find((x) => x.instanceId === instanceId)!.id;
    t = performance.now();
    await completeTask(engine, taskId, { approved: true }, 'bench', options.prelock);
    if (measure) triggerMs.push(performance.now() - t);
  });
  return triggerMs;
}

/** Checks that every instance of the definition completed through the FEEL branch to the service task. */
export async function checkCompleted(db: Db, name: string, definitionId: string, expected: number) {
  const done = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE status = 'completed' AND definition_id = $1", [definitionId]);
  if (done.rows[0].n !== expected) throw new Error(`${name}: ${done.rows[0].n} of ${expected} instances completed`);
  const fulfilled = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history WHERE element_id = 'Done' AND kind = 'element_completed'");
  if (fulfilled.rows[0].n !== expected) throw new Error(`${name}: the FEEL condition did not route every instance to the service task`);
}

function lotseTarget(name: string, label: string, open: () => Promise<{ db: Db; close(): Promise<void>; backends?: () => Promise<number[]> }>, options: BenchOptions): Target {
  let opened: Awaited<ReturnType<typeof open>>;
  let engine: Engine;
  let definitionId: string;
  let adminId: string;
  return {
    name,
    label,
    async setup() {
      opened = await open();
      const { db } = opened;
      await migrate(db);
      adminId = randomUUID();
      await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Bench', 'x')", [adminId, `bench-${adminId}@lotse.test`]);
      const admin: Principal = { id: adminId, email: 'bench@lotse.test', name: 'Bench', locale: null, roles: [{ role: 'admin' }], groups: [] };
      engine = wireEngine(new Engine(db, () => new Date(), silentLogger));
      engine.setGroupCommit(options.groupCommit ? { windowMs: options.windowMs } : null);
      ({ id: definitionId } = await deploy(engine, { xml: fixture('request.bpmn') }, admin));
    },
    round: (n, measure) => runInstances(engine, opened.db, definitionId, adminId, n, options.concurrency, measure, options),
    async cpuSample() {
      const pids = (await opened.backends?.()) ?? [];
      return cpuTicksOf([process.pid, ...pids]);
    },
    batchSize: () => {
      const s = engine.groupCommit?.stats;
      return s && s.transactions ? s.bodies / s.transactions : 1;
    },
    async finish(expected) {
      try {
        await checkCompleted(opened.db, name, definitionId, expected);
      } finally {
        await opened.close();
      }
      return undefined;
    },
  };
}

function pgliteOnDisk(options: BenchOptions, name = 'pglite', label = 'lotse / PGlite on disk'): Target {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lotse-bench-'));
  return lotseTarget(name, label, async () => {
    const db = await openDatabase({ databaseUrl: null, dataDir });
    return { db, close: async () => { await db.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }, options);
}

function postgres(adminUrl: string, options: BenchOptions): Target {
  const name = `lotse_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return lotseTarget('postgres', 'lotse / PostgreSQL', async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString(), 4);
    return {
      db,
      // The backends of this database (the pool's connections; the server runs on this machine).
      backends: async () => (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid),
      async close() {
        await db.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }, options);
}

// ---- bpmn-engine ----------------------------------------------------------------------------

function bpmnEngine(): Target {
  let one: (i: number, measure: boolean, triggerMs: number[]) => Promise<void>;
  let fulfilled = 0;
  let runs = 0;
  return {
    name: 'bpmn-engine',
    label: 'bpmn-engine (in memory, no persistence)',
    async setup() {
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
      const services = {
        isApproved: (v: { approved?: boolean; amount?: number }) => v.approved === true && (v.amount ?? 0) < 1000,
        noop: (_ctx: unknown, callback: (err: Error | null, result?: unknown) => void) => {
          fulfilled++;
          callback(null, {});
        },
      };
      one = async (i, measure, triggerMs) => {
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
    },
    async round(n, measure) {
      const triggerMs: number[] = [];
      for (let i = 0; i < n; i++) await one(runs++, measure, triggerMs);
      return triggerMs;
    },
    cpuSample: async () => cpuTicksOf([process.pid]),
    async finish(expected) {
      if (fulfilled !== expected) throw new Error(`bpmn-engine: ${fulfilled} of ${expected} instances reached the service task`);
      return undefined;
    },
  };
}

// ---- driver ---------------------------------------------------------------------------------

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

export async function benchEngine(options: BenchOptions, log: (line: string) => void = console.log): Promise<BenchResult[]> {
  const want = (name: string) => !options.only || options.only.includes(name);
  const targets: Target[] = [];
  if (want('pglite')) targets.push(pgliteOnDisk(options));
  // A/B in the same interleaved run (only when asked for): the same PGlite target with per-body task locks.
  if (options.only?.includes('pglite-no-prelock')) targets.push(pgliteOnDisk({ ...options, prelock: false }, 'pglite-no-prelock', 'lotse / PGlite, per-body locks'));
  if (options.only?.includes('pglite-lookup')) targets.push(pgliteOnDisk({ ...options, taskLookup: true }, 'pglite-lookup', 'lotse / PGlite, task looked up'));
  const url = process.env.TEST_DATABASE_URL;
  if (url && want('postgres')) targets.push(postgres(url, options));
  else if (want('postgres')) log('… postgres: skipped (set TEST_DATABASE_URL)');
  // Several server processes on one database (#17 point 6), only when asked for.
  // postgres-servers-window: the same with group commit's batching window of --window-ms (an A/B in one run).
  if (url && options.only?.includes('postgres-servers')) targets.push(postgresServers(url, { ...options, windowMs: 0 }, options.servers));
  if (url && options.only?.includes('postgres-servers-window')) targets.push(postgresServers(url, options, options.servers, 'postgres-servers-window'));
  if (want('bpmn-engine')) targets.push(bpmnEngine());

  const acc = new Map<Target, { seconds: number; rounds: number[]; triggerMs: number[]; peak: number; ticks: number; nodeTicks: number }>();
  for (const t of targets) {
    log(`… ${t.name}: set-up and ${options.warmup} warm-up instances`);
    await t.setup();
    await t.round(options.warmup, false);
    acc.set(t, { seconds: 0, rounds: [], triggerMs: [], peak: 0, ticks: 0, nodeTicks: 0 });
  }
  const perRound = Math.ceil(options.instances / options.rounds);
  for (let r = 0; r < options.rounds; r++) {
    const n = Math.min(perRound, options.instances - r * perRound);
    if (n <= 0) break;
    for (const t of targets) {
      const a = acc.get(t)!;
      const peak = rssSampler();
      const cpuBefore = await t.cpuSample?.();
      const started = performance.now();
      a.triggerMs.push(...(await t.round(n, true)));
      const seconds = (performance.now() - started) / 1000;
      if (cpuBefore) {
        const after = await t.cpuSample!();
        a.ticks += ticksBetween(cpuBefore, after);
        for (const pid of t.nodePids?.() ?? [process.pid]) a.nodeTicks += (after.get(pid) ?? 0) - (cpuBefore.get(pid) ?? 0);
      }
      a.peak = Math.max(a.peak, peak());
      a.seconds += seconds;
      a.rounds.push(round(n / seconds, 1));
      log(`  round ${r + 1}/${options.rounds} ${t.name}: ${n} instances, ${(n / seconds).toFixed(1)}/s`);
    }
  }
  const results: BenchResult[] = [];
  for (const t of targets) {
    const a = acc.get(t)!;
    const note = await t.finish(options.instances + options.warmup);
    a.triggerMs.sort((x, y) => x - y);
    results.push({
      target: t.label, instances: options.instances, seconds: round(a.seconds), instancesPerSecond: round(options.instances / a.seconds, 1), rounds: a.rounds,
      p50Ms: round(percentile(a.triggerMs, 50)), p99Ms: round(percentile(a.triggerMs, 99)), peakRssMb: round(a.peak, 0),
      ...(t.cpuSample ? { cpuMsPerInstance: round((a.ticks * TICK_MS) / options.instances, 2), nodeCpuMsPerInstance: round((a.nodeTicks * TICK_MS) / options.instances, 2) } : {}),
      ...(t.batchSize ? { batchSize: round(t.batchSize(), 1) } : {}),
      ...(note ? { note } : {}),
    });
  }
  return results;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : 0;
};

export function formatResults(results: BenchResult[]): string {
  const reference = results.find((r) => r.target.startsWith('bpmn-engine'));
  const header = ['target', 'instances', 'seconds', 'instances/s', 'vs bpmn-engine', 'median round ratio', 'per CPU-second vs bpmn-engine', 'p50 ms/trigger', 'p99 ms/trigger', 'peak RSS MB', 'CPU ms/instance', 'triggers/tx'];
  const rows = results.map((r) => [
    r.target, String(r.instances), r.seconds.toFixed(2), r.instancesPerSecond.toFixed(1),
    reference ? `${(r.instancesPerSecond / reference.instancesPerSecond).toFixed(1)}×` : 'n/a',
    reference ? `${median(r.rounds.map((x, i) => x / reference.rounds[i])).toFixed(1)}×` : 'n/a',
    reference?.cpuMsPerInstance && r.cpuMsPerInstance ? `${(reference.cpuMsPerInstance / r.cpuMsPerInstance).toFixed(1)}×` : 'n/a',
    r.p50Ms.toFixed(2), r.p99Ms.toFixed(2), String(r.peakRssMb),
    r.cpuMsPerInstance === undefined ? '–' : r.cpuMsPerInstance === r.nodeCpuMsPerInstance ? r.cpuMsPerInstance.toFixed(2) : `${r.cpuMsPerInstance.toFixed(2)} (Node ${r.nodeCpuMsPerInstance!.toFixed(2)})`,
    r.batchSize !== undefined ? r.batchSize.toFixed(1) : '–',
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
  const int = (flag: string, fallback: number, min: number) => {
    const n = Number(value(flag) ?? fallback);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer of at least ${min}`);
    return n;
  };
  return {
    instances: int('--instances', 4000, 1), warmup: int('--warmup', 100, 0), rounds: int('--rounds', 5, 1), concurrency: int('--concurrency', 64, 1),
    groupCommit: value('--group-commit') !== 'off', prelock: value('--prelock') !== 'off', taskLookup: value('--task-lookup') === 'on', servers: int('--servers', 3, 1), windowMs: int('--window-ms', 0, 0), only: value('--only')?.split(','), json: argv.includes('--json'),
  };
}

export async function main(argv = process.argv.slice(2)) {
  const options = parseArgs(argv);
  const results = await benchEngine(options);
  console.log('');
  console.log(`Engine benchmark: start → user task → exclusive gateway (FEEL) → service task (noop) → end; ${options.rounds} interleaved rounds, ${options.concurrency} in flight, group commit ${options.groupCommit ? 'on' : 'off'}`);
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  console.log(formatResults(results));
  const pglite = results.find((r) => r.target.includes('PGlite'));
  const reference = results.find((r) => r.target.startsWith('bpmn-engine'));
  if (pglite) {
    const ratio = reference ? pglite.instancesPerSecond / reference.instancesPerSecond : NaN;
    console.log(`target ≥ 700 instances/s and ≥ 5× bpmn-engine on PGlite on disk: ${pglite.instancesPerSecond >= 700 && ratio >= 5 ? 'met' : 'missed'} (${pglite.instancesPerSecond.toFixed(1)}/s, ${ratio.toFixed(1)}×)`);
  }
  const postgresResult = results.find((r) => r.target.includes('PostgreSQL'));
  if (postgresResult?.cpuMsPerInstance !== undefined) {
    console.log(`target ≤ 1.3 ms CPU per completed instance on PostgreSQL: ${postgresResult.cpuMsPerInstance <= 1.3 ? 'met' : 'missed'} (${postgresResult.cpuMsPerInstance.toFixed(2)} ms)`);
  }
  if (options.json) console.log(JSON.stringify(results));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
