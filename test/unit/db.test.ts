import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { acquireDataDirLock, DataDirLockedError } from '../../server/db/lock';
import { loadMigrations, migrate } from '../../server/db/migrate';

const tmpDirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-db-'));
  tmpDirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the PGlite data folder', () => {
  it('keeps data across a close and reopen, and applies each migration once', { timeout: 120_000 }, async () => {
    const dataDir = tmp();
    const first = await openDatabase({ dataDir, databaseUrl: null });
    expect(await migrate(first)).toEqual(loadMigrations().map((m) => m.name));
    await first.query("INSERT INTO departments (key, name) VALUES ('legal', 'Legal')");
    await first.close();
    const second = await openDatabase({ dataDir, databaseUrl: null });
    expect(await migrate(second)).toEqual([]);
    expect((await second.query('SELECT name FROM departments')).rows).toEqual([{ name: 'Legal' }]);
    const recorded = await second.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    await second.close();
  });

  it('refuses a second opener while the first process lives', () => {
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, 'lotse.lock'), String(process.ppid)); // a live process that is not us
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
  });

  it('takes over a stale lock left by a dead process', () => {
    const dataDir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    fs.writeFileSync(path.join(dataDir, 'lotse.lock'), String(dead));
    const release = acquireDataDirLock(dataDir);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'lotse.lock'), 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    release();
    expect(fs.existsSync(path.join(dataDir, 'lotse.lock'))).toBe(false);
  });

  it('rolls a failing migration back whole', { timeout: 120_000 }, async () => {
    const db = await openDatabase({ dataDir: tmp(), databaseUrl: null });
    const bad = [...loadMigrations(), { version: 999, name: '999_broken', sql: 'CREATE TABLE half (id int); SELECT * FROM no_such_table;' }];
    await expect(migrate(db, bad)).rejects.toThrow();
    expect((await db.query("SELECT to_regclass('public.users') AS t")).rows[0].t).toBeNull();
    await db.close();
  });
});

function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'error', STATIC_DIR: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('start-up failures end with one clear line', () => {
  it('exits 1 when the database URL cannot be reached', async () => {
    const r = await runServer({ DATABASE_URL: 'postgres://lotse:secret@127.0.0.1:1/lotse' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Cannot reach the database at postgres:\/\/lotse:\*\*\*@127\.0\.0\.1:1\/lotse/);
  });

  it('exits 1 when another process holds the data folder', async () => {
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, 'lotse.lock'), String(process.pid));
    const r = await runServer({ DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/in use by another Lotse process/);
  });
});
