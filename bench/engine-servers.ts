/**
 * Several Lotse server processes on one PostgreSQL database (#17 point 6), as a target of the engine
 * benchmark (`--only postgres,postgres-servers`, `--servers N`, default 3). The benchmark process
 * creates the database, migrates it and deploys the model; then N child processes (this file, run
 * with LOTSE_BENCH_SERVER set) each open their own engine with group commit and a pool of 4, and
 * run their share of every round with their share of the callers in flight. Reported like the
 * single-process PostgreSQL target: CPU time per completed instance is the children's plus every
 * backend of the database (/proc), so one and N servers can be compared on the same cores.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Db } from '../server/db';
import { migrate } from '../server/db/migrate';
import { openPostgres } from '../server/db/postgres';
import type { Principal } from '../server/auth/principal';
import { silentLogger } from '../server/log';
import { Engine } from '../server/engine/runtime/runtime';
import { wireEngine } from '../server/engine-wiring';
import { deploy } from '../server/definitions/deploy';
import { cpuTicksOf } from './cpu';
import { checkCompleted, runInstances, type BenchOptions, type Target } from './engine';

interface RoundRequest { n: number; concurrency: number; measure: boolean }
type ChildMessage = { ready: true } | { done: number[]; transactions: number; bodies: number } | { failed: string };

/** One server process: waits for rounds from the benchmark and answers with its trigger times. */
async function serve() {
  const { url, definitionId, adminId, prelock, windowMs } = JSON.parse(process.env.LOTSE_BENCH_SERVER!) as { url: string; definitionId: string; adminId: string; prelock: boolean; windowMs: number };
  const db = await openPostgres(url, 4);
  const engine = wireEngine(new Engine(db, () => new Date(), silentLogger)).setGroupCommit({ windowMs });
  const send = (m: ChildMessage) => process.send!(m);
  process.on('message', (m: RoundRequest | { close: true }) => {
    if ('close' in m) {
      void db.close().then(() => process.exit(0));
      return;
    }
    runInstances(engine, db, definitionId, adminId, m.n, m.concurrency, m.measure, { prelock, taskLookup: false }).then(
      (ms) => send({ done: ms, transactions: engine.groupCommit?.stats.transactions ?? 0, bodies: engine.groupCommit?.stats.bodies ?? 0 }),
      (err: Error) => send({ failed: err.stack ?? String(err) }),
    );
  });
  send({ ready: true });
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`a server process ended with ${code} during set-up`)));
  });
}

/** Group commit counts per server process (the last round's answer: totals since the start). */
const batchStats = new Map<ChildProcess, { transactions: number; bodies: number }>();

function ask(child: ChildProcess, request: RoundRequest): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if ('ready' in m) return;
      child.off('message', onMessage);
      if ('failed' in m) reject(new Error(m.failed));
      else {
        batchStats.set(child, { transactions: m.transactions, bodies: m.bodies });
        resolve(m.done);
      }
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

export function postgresServers(adminUrl: string, options: BenchOptions, servers: number, target = 'postgres-servers'): Target {
  const name = `lotse_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let db: Db;
  let definitionId: string;
  const children: ChildProcess[] = [];
  const split = (n: number, i: number) => Math.floor(n / servers) + (i < n % servers ? 1 : 0);
  return {
    name: target,
    label: `lotse / PostgreSQL, ${servers} server processes${options.windowMs ? `, window ${options.windowMs} ms` : ''}`,
    async setup() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      db = await openPostgres(url.toString(), 1);
      await migrate(db);
      const adminId = randomUUID();
      await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Bench', 'x')", [adminId, `bench-${adminId}@lotse.test`]);
      const principal: Principal = { id: adminId, email: 'bench@lotse.test', name: 'Bench', locale: null, roles: [{ role: 'admin' }], groups: [] };
      const engine = wireEngine(new Engine(db, () => new Date(), silentLogger));
      ({ id: definitionId } = await deploy(engine, { xml: readFileSync(fileURLToPath(new URL('./fixtures/request.bpmn', import.meta.url)), 'utf8') }, principal));
      const env = { ...process.env, LOTSE_BENCH_SERVER: JSON.stringify({ url: url.toString(), definitionId, adminId, prelock: options.prelock, windowMs: options.windowMs }) };
      for (let i = 0; i < servers; i++) {
        const child = fork(fileURLToPath(import.meta.url), [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        await ready(child);
      }
    },
    async round(n, measure) {
      const parts = await Promise.all(children.map((c, i) => ask(c, { n: split(n, i), concurrency: Math.max(1, split(options.concurrency, i)), measure })));
      return parts.flat();
    },
    nodePids: () => children.map((c) => c.pid!),
    batchSize() {
      let transactions = 0;
      let bodies = 0;
      for (const c of children) {
        transactions += batchStats.get(c)?.transactions ?? 0;
        bodies += batchStats.get(c)?.bodies ?? 0;
      }
      return transactions ? bodies / transactions : 1;
    },
    async cpuSample() {
      // Every backend of the database: the children's pools (and this process's one connection, idle).
      const backends = (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid);
      return cpuTicksOf([...children.map((c) => c.pid!), ...backends]);
    },
    async finish(expected) {
      try {
        await checkCompleted(db, target, definitionId, expected);
      } finally {
        for (const c of children) c.send({ close: true });
        await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
        await db.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      }
      return undefined;
    },
  };
}

if (process.env.LOTSE_BENCH_SERVER && process.send) {
  serve().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
