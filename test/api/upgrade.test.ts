/**
 * Upgrades keep data: every data folder a previous release wrote (test/fixtures/releases/schema-NNN.tar.gz,
 * made by make-fixture.ts) opens with the current code, is migrated forward, and its requests go on.
 * A data folder newer than the code is refused at start with a clear line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { openDatabase } from '../../server/db';
import { loadMigrations, migrate } from '../../server/db/migrate';
import { silentLogger } from '../../server/log';
import { Client, testConfig } from '../support/api';

const releases = fileURLToPath(new URL('../fixtures/releases/', import.meta.url));
const fixtures = fs.readdirSync(releases).filter((f) => /^schema-\d{3}\.tar\.gz$/.test(f)).sort();
const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A DATA_DIR holding the release's PGlite folder, as `npm start` would find it. */
async function dataDirFrom(fixture: string): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-upgrade-'));
  temp.push(dataDir);
  const blob = new Blob([fs.readFileSync(path.join(releases, fixture))]);
  const pg = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata'), loadDataDir: blob });
  await pg.close();
  return dataDir;
}

describe('upgrades keep data', () => {
  it('keeps the data folders of earlier releases, each named by its schema version', () => {
    const newest = Math.max(...loadMigrations().map((m) => m.version));
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) {
      const meta = JSON.parse(fs.readFileSync(path.join(releases, f.replace('.tar.gz', '.json')), 'utf8'));
      expect(meta.schema, f).toBe(Number(f.slice(7, 10)));
      expect(meta.schema, `${f} is not newer than the code`).toBeLessThanOrEqual(newest);
    }
  });

  it.each(fixtures)('%s: migrated forward, a waiting request goes on and a finished one keeps its history', async (fixture) => {
    const meta = JSON.parse(fs.readFileSync(path.join(releases, fixture.replace('.tar.gz', '.json')), 'utf8'));
    const dataDir = await dataDirFrom(fixture);
    const db = await openDatabase({ dataDir, databaseUrl: null });
    try {
      const applied = await migrate(db);
      expect(applied).toEqual(loadMigrations().filter((m) => m.version > meta.schema).map((m) => m.name));
      const app = createApp({ db, config: testConfig, log: silentLogger, now: () => new Date() });
      const as = async (email: string) => {
        const c = new Client(app);
        expect((await c.post('/api/auth/login', { email, password: 'demo' })).status).toBe(200); // password hashes kept
        return c;
      };
      const [agent, employee] = [await as('agent.it@lotse.demo'), await as('employee@lotse.demo')];
      const done = (await employee.get(`/api/process-instances/${meta.completed}`)).body;
      expect(done.status).toBe('completed');
      expect(done.history.map((e: { elementId: string }) => e.elementId)).toEqual(expect.arrayContaining(['FirstLevel', 'Confirm']));
      const open = async (elementId: string) => {
        const d = (await agent.get(`/api/process-instances/${meta.waiting}`)).body;
        return d.tasks.find((t: { elementId: string; status: string }) => t.elementId === elementId && t.status === 'open');
      };
      const first = await open(meta.waitingAt);
      expect(first).toBeTruthy();
      expect((await agent.post(`/api/tasks/${first.id}/complete`, { variables: { solved: true, solution: 'Driver updated' } })).status).toBe(204);
      const confirm = await open('Confirm');
      expect((await employee.post(`/api/tasks/${confirm.id}/complete`, { variables: { fixed: true } })).status).toBe(204);
      expect((await employee.get(`/api/process-instances/${meta.waiting}`)).body.status).toBe('completed');
    } finally {
      await db.close();
    }
  });

  it('npm start refuses a data folder written by a newer Lotse, with one clear line, and leaves it untouched', async () => {
    const dataDir = await dataDirFrom(fixtures[fixtures.length - 1]);
    const pg = await PGlite.create(path.join(dataDir, 'pgdata'));
    await pg.query("INSERT INTO schema_migrations (version, name) VALUES (999, '999_from_the_future')");
    await pg.close();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: { ...process.env, PORT: '0', LOG_LEVEL: 'error', STATIC_DIR: '', DATA_DIR: dataDir, DATABASE_URL: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/schema version 999, newer than this Lotse knows/);
    const after = await PGlite.create(path.join(dataDir, 'pgdata'));
    const versions = (await after.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations')).rows[0].version;
    await after.close();
    expect(versions).toBe(999);
  }, 60_000);
});
