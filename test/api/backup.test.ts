/**
 * Backup and restore with the commands an operator types (npm run backup / restore → server/ops/cli.ts):
 * a demo database round-trips with the same row count in every table, a request waiting before the
 * backup goes on after the restore, and on PGlite a backup taken by the running server under load
 * holds every request it had acknowledged before, each one whole.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { openDatabase, type Db } from '../../server/db';
import { migrateWithDemo } from '../../server/demo/boot';
import { silentLogger } from '../../server/log';
import { seed } from '../../server/seed';
import { Client, testConfig } from '../support/api';
import { dbTargets } from '../support/db';

const temp: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-backup-'));
  temp.push(d);
  return d;
};
const demoConfig = { ...testConfig, seed: 'demo' as const, demoHistoryDays: 90 };

function cli(command: 'backup' | 'restore', file: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/ops/cli.ts', command, file], {
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Row counts of every Lotse table. */
async function counts(db: Db): Promise<Record<string, number>> {
  const tables = (await db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.t);
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
  return out;
}

/** A demo database (snapshot) plus one IT incident waiting at first level; returns that request's id. */
async function fillDemo(db: Db): Promise<string> {
  await migrateWithDemo(db, demoConfig, silentLogger);
  await seed(db, demoConfig, silentLogger);
  const app = createApp({ db, config: demoConfig, log: silentLogger, now: () => new Date() });
  const employee = new Client(app);
  expect((await employee.post('/api/auth/login', { email: 'employee@lotse.demo', password: 'demo' })).status).toBe(200);
  const r = await employee.post('/api/process-instances', { processKey: 'it-incident', variables: { summary: 'Monitor flickers', description: 'Since Monday', impact: 'low', urgency: 'low' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

/** The waiting request goes on: first level solves it, the requester confirms, it completes. */
async function continues(app: { request: Client['app']['request'] }, id: string) {
  const as = async (email: string) => {
    const c = new Client(app as Client['app']);
    expect((await c.post('/api/auth/login', { email, password: 'demo' })).status).toBe(200);
    return c;
  };
  const [agent, employee] = [await as('agent.it@lotse.demo'), await as('employee@lotse.demo')];
  const open = async (elementId: string) =>
    (await agent.get(`/api/process-instances/${id}`)).body.tasks.find((t: { elementId: string; status: string }) => t.elementId === elementId && t.status === 'open');
  expect((await agent.post(`/api/tasks/${(await open('FirstLevel')).id}/complete`, { variables: { solved: true, solution: 'Cable replaced' } })).status).toBe(204);
  expect((await employee.post(`/api/tasks/${(await open('Confirm')).id}/complete`, { variables: { fixed: true } })).status).toBe(204);
  expect((await employee.get(`/api/process-instances/${id}`)).body.status).toBe('completed');
}

describe('backup and restore, PGlite', () => {
  let source: string;
  let waiting: string;
  let before: Record<string, number>;

  it('round-trips a demo database: every table has the same rows, and a waiting request goes on', async () => {
    source = tmpDir();
    const db = await openDatabase({ dataDir: source, databaseUrl: null });
    waiting = await fillDemo(db);
    before = await counts(db);
    await db.close();
    expect(before.process_instances).toBeGreaterThan(1000); // the demo snapshot is there

    const file = path.join(tmpDir(), 'lotse.backup');
    const b = await cli('backup', file, { DATA_DIR: source });
    expect(b.code, b.out).toBe(0);
    const target = tmpDir();
    const r = await cli('restore', file, { DATA_DIR: target });
    expect(r.code, r.out).toBe(0);
    const restored = await openDatabase({ dataDir: target, databaseUrl: null });
    try {
      expect(await counts(restored)).toEqual(before);
      await continues(createApp({ db: restored, config: demoConfig, log: silentLogger, now: () => new Date() }), waiting);
    } finally {
      await restored.close();
    }
  }, 600_000);

  it('is taken by the running server under load: every request acknowledged before it is in it, each whole', async () => {
    source = await releaseDataDir(); // a small folder: this test is about the running server, not size
    const port = await freePort();
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: source, PORT: String(port), LOG_LEVEL: 'error', STATIC_DIR: '', SEED: 'demo', SMTP_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(server);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/api/health`)).ok);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email: 'employee@lotse.demo', password: 'demo' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const startOne = async (n: number) => {
      const res = await fetch(`${base}/api/process-instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1', cookie },
        body: JSON.stringify({ processKey: 'it-incident', variables: { summary: `Load ${n}`, description: 'x', impact: 'low', urgency: 'low' } }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const acknowledged: string[] = [];
    for (let n = 0; n < 5; n++) acknowledged.push(await startOne(n));
    let stop = false;
    const load = (async () => {
      const ids: string[] = [];
      for (let n = 100; !stop; n++) ids.push(await startOne(n));
      return ids;
    })();
    const file = path.join(tmpDir(), 'running.backup');
    const b = await cli('backup', file, { DATA_DIR: source });
    stop = true;
    const during = await load;
    expect(b.code, b.out).toBe(0);
    expect(b.out).toMatch(/by the running server/);
    expect((await fetch(`${base}/api/health`)).ok).toBe(true); // the server kept answering
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));

    const target = tmpDir();
    expect((await cli('restore', file, { DATA_DIR: target })).code).toBe(0);
    const db = await openDatabase({ dataDir: target, databaseUrl: null });
    try {
      const ids = new Set((await db.query<{ id: string }>('SELECT id FROM process_instances')).rows.map((r) => r.id));
      for (const id of acknowledged) expect(ids.has(id), `request ${id} acknowledged before the backup`).toBe(true);
      expect(during.length).toBeGreaterThan(0);
      // Whole: every incident started under load that made it into the copy waits at first level with its task.
      const partial = await db.query(
        `SELECT i.id FROM process_instances i WHERE i.id = ANY($1::uuid[])
           AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.element_id = 'FirstLevel')`,
        [[...acknowledged, ...during]],
      );
      expect(partial.rows).toEqual([]);
      await continues(createApp({ db, config: demoConfig, log: silentLogger, now: () => new Date() }), acknowledged[0]);
    } finally {
      await db.close();
    }
  }, 600_000);

  it('refuses a restore while a server runs on the folder, and a file that is no backup, keeping the data', async () => {
    source = await releaseDataDir();
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'lotse.lock'), String(process.pid)); // this live test process holds it
    const junk = path.join(tmpDir(), 'junk.backup');
    fs.writeFileSync(junk, 'not a backup');
    const r1 = await cli('restore', junk, { DATA_DIR: tmpDir() });
    expect(r1.code).toBe(1);
    expect(r1.out).toMatch(/not a Lotse backup/);
    const valid = path.join(tmpDir(), 'ok.backup');
    expect((await cli('backup', valid, { DATA_DIR: source })).code).toBe(0);
    const r2 = await cli('restore', valid, { DATA_DIR: dir });
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/server is running .* stop it before restoring/);
  }, 600_000);
});

describe.each(dbTargets().filter((t) => t.name === 'postgres'))('backup and restore, PostgreSQL', (target) => {
  it('round-trips a demo database with pg_dump/pg_restore: same rows, and a waiting request goes on', async () => {
    const a = await target.open({ migrated: false });
    const b = await target.open({ migrated: false });
    try {
      const waiting = await fillDemo(a.db);
      const before = await counts(a.db);
      const file = path.join(tmpDir(), 'pg.backup');
      const bk = await cli('backup', file, { DATABASE_URL: a.url! });
      expect(bk.code, bk.out).toBe(0);
      const rs = await cli('restore', file, { DATABASE_URL: b.url! });
      expect(rs.code, rs.out).toBe(0);
      expect(await counts(b.db)).toEqual(before);
      await continues(createApp({ db: b.db, config: demoConfig, log: silentLogger, now: () => new Date() }), waiting);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  }, 600_000);
});

/** A DATA_DIR with the data folder of the last release (test/fixtures/releases). */
async function releaseDataDir(): Promise<string> {
  const dir = tmpDir();
  const releases = fileURLToPath(new URL('../fixtures/releases/', import.meta.url));
  const newest = fs.readdirSync(releases).filter((f) => f.endsWith('.tar.gz')).sort().pop()!;
  const pg = await PGlite.create({ dataDir: path.join(dir, 'pgdata'), loadDataDir: new Blob([fs.readFileSync(path.join(releases, newest))]) });
  await pg.close();
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 120_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
