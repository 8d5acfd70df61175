/**
 * Backup and restore (npm run backup -- FILE, npm run restore -- FILE).
 *
 * PGlite: a gzip tarball of the data folder. When a server holds the folder, the backup is taken by
 * that server (a request file in the folder and SIGUSR2 to the lock holder): it copies the files
 * between transactions after a checkpoint, so the copy is consistent while requests go on. A
 * restore needs the server stopped; the folder it replaces is kept beside it, never deleted.
 *
 * PostgreSQL: pg_dump of Lotse's schema in the custom format (one consistent snapshot by MVCC) and
 * pg_restore into the database of DATABASE_URL, replacing Lotse's tables in one transaction.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import * as tar from 'tar';
import { loadMigrations, SchemaTooNewError } from '../db/migrate';
import { acquireDataDirLock, lockHolderAlive, parseLock } from '../db/lock';
import type { Db } from '../db/types';
import type { Logger } from '../log';

export class BackupError extends Error {}

const REQUEST = 'backup-request.json';
const LOCK = 'lotse.lock';
/** How long the CLI waits for a running server to write its backup. */
const SERVER_BACKUP_TIMEOUT_MS = 10 * 60_000;

/** The pid of the live server holding a PGlite data folder, or null. */
export function runningServer(dataDir: string): number | null {
  const file = path.join(dataDir, LOCK);
  try {
    const owner = parseLock(fs.readFileSync(file, 'utf8'));
    return owner && lockHolderAlive(owner, fs.statSync(file).mtimeMs) ? owner.pid : null;
  } catch {
    return null;
  }
}

/**
 * Packs a copied data folder into `file` (gzip tarball of pgdata/), through a temporary file so a
 * half-written backup never has the name; the copy is removed afterwards.
 */
async function pack(copy: string, file: string) {
  const tmp = `${file}.${process.pid}.partial`;
  try {
    await tar.c({ gzip: true, file: tmp, cwd: copy, portable: true }, ['pgdata']);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.rmSync(tmp, { force: true });
  }
}

/** A fresh staging folder beside the target file (same disk: the copy never fills another one). */
function staging(file: string): string {
  return fs.mkdtempSync(path.join(path.dirname(file), '.lotse-backup-'));
}

/** The newest migration recorded in a database. */
async function schemaVersion(q: { query<T>(sql: string): Promise<{ rows: T[] }> }): Promise<number> {
  const r = await q.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}

function knownSchema(): number {
  return Math.max(0, ...loadMigrations().map((m) => m.version));
}

/**
 * In the server: answers backup requests of `npm run backup` (SIGUSR2 with a request file in the data
 * folder). Returns the function that stops listening.
 */
export function serveBackupRequests(db: Db, dataDir: string, log: Logger): () => void {
  if (!db.copyDataDir) return () => {};
  const copyDataDir = db.copyDataDir;
  let busy = false;
  const onSignal = () => {
    if (busy) return;
    busy = true;
    void (async () => {
      let request: { id: string; file: string } | null = null;
      try {
        request = JSON.parse(fs.readFileSync(path.join(dataDir, REQUEST), 'utf8'));
        const started = Date.now();
        const copy = staging(request!.file);
        await copyDataDir(path.join(copy, 'pgdata'));
        await pack(copy, request!.file);
        log.info('backup written', { file: request!.file, ms: Date.now() - started });
        fs.writeFileSync(path.join(dataDir, `backup-${request!.id}.done`), JSON.stringify({ ok: true }));
      } catch (err) {
        log.error('backup failed', { error: String(err) });
        if (request) fs.writeFileSync(path.join(dataDir, `backup-${request.id}.done`), JSON.stringify({ ok: false, error: String(err) }));
      } finally {
        busy = false;
      }
    })();
  };
  process.on('SIGUSR2', onSignal);
  return () => process.off('SIGUSR2', onSignal);
}

/** Backup of a PGlite data folder, by the running server if there is one, else directly. */
export async function backupPglite(dataDir: string, file: string): Promise<'server' | 'direct'> {
  const target = path.resolve(file);
  const pid = runningServer(dataDir);
  if (pid) {
    const id = randomUUID();
    fs.writeFileSync(path.join(dataDir, REQUEST), JSON.stringify({ id, file: target }));
    process.kill(pid, 'SIGUSR2');
    const done = path.join(dataDir, `backup-${id}.done`);
    const until = Date.now() + SERVER_BACKUP_TIMEOUT_MS;
    while (!fs.existsSync(done)) {
      if (Date.now() > until) throw new BackupError(`the server (pid ${pid}) did not write the backup within ${SERVER_BACKUP_TIMEOUT_MS / 60_000} minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const answer = JSON.parse(fs.readFileSync(done, 'utf8')) as { ok: boolean; error?: string };
    fs.rmSync(done, { force: true });
    fs.rmSync(path.join(dataDir, REQUEST), { force: true });
    if (!answer.ok) throw new BackupError(`the server could not write the backup: ${answer.error}`);
    return 'server';
  }
  const pgdata = path.join(dataDir, 'pgdata');
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) throw new BackupError(`no Lotse database in ${dataDir}`);
  // Nobody else has the folder: hold its lock while copying, so a server started meanwhile waits.
  const release = acquireDataDirLock(dataDir);
  const copy = staging(target);
  try {
    const pg = await PGlite.create(pgdata);
    try {
      await pg.query('CHECKPOINT');
    } finally {
      await pg.close();
    }
    fs.cpSync(pgdata, path.join(copy, 'pgdata'), { recursive: true });
  } finally {
    release();
  }
  await pack(copy, target);
  return 'direct';
}

/**
 * Restores a PGlite backup into DATA_DIR. The server must be stopped; the folder it replaces is
 * moved to pgdata.before-restore-<time> (delete it yourself once the restore is checked).
 */
export async function restorePglite(dataDir: string, file: string, now = new Date()): Promise<{ schema: number; keptAt: string | null }> {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  if (head.toString('latin1') === 'PGDMP') throw new BackupError('this is a PostgreSQL backup (pg_dump); restore it with DATABASE_URL set');
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw new BackupError('not a Lotse backup: expected a gzip tarball made by npm run backup');
  if (runningServer(dataDir)) throw new BackupError(`a Lotse server is running on ${dataDir}: stop it before restoring`);
  fs.mkdirSync(dataDir, { recursive: true });
  const pgdata = path.join(dataDir, 'pgdata');
  const incoming = path.join(dataDir, `restoring-${process.pid}`);
  fs.rmSync(incoming, { recursive: true, force: true });
  fs.mkdirSync(incoming);
  // Unpack into a new folder first: a broken file leaves the current data as it was.
  const fail = (message: string): never => {
    fs.rmSync(incoming, { recursive: true, force: true });
    throw new BackupError(message);
  };
  await tar.x({ file, cwd: incoming, strict: true, filter: (p) => p === 'pgdata' || p.startsWith('pgdata/') }).catch((err) => fail(`the backup does not unpack: ${(err as Error).message}`));
  if (!fs.existsSync(path.join(incoming, 'pgdata', 'PG_VERSION'))) fail('not a Lotse backup: no database folder in it');
  const pg = await PGlite.create(path.join(incoming, 'pgdata')).catch((err) => fail(`the backup does not open: ${(err as Error).message}`));
  let schema = 0;
  try {
    schema = await schemaVersion(pg);
  } catch {
    await pg.close();
    fail('the backup holds no Lotse database (no schema_migrations)');
  }
  await pg.close();
  if (schema > knownSchema()) {
    fs.rmSync(incoming, { recursive: true, force: true });
    throw new SchemaTooNewError(schema, knownSchema());
  }
  let keptAt: string | null = null;
  if (fs.existsSync(pgdata)) {
    keptAt = `${pgdata}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(pgdata, keptAt);
  }
  fs.renameSync(path.join(incoming, 'pgdata'), pgdata);
  fs.rmSync(incoming, { recursive: true, force: true });
  return { schema, keptAt };
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => reject(new BackupError(`${cmd} could not be started (${err.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${cmd} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

/** pg_dump of Lotse's schema (public) in the custom format. */
export async function backupPostgres(url: string, file: string): Promise<void> {
  const target = path.resolve(file);
  const tmp = `${target}.${process.pid}.partial`;
  // A dump of one schema leaves extensions out: pg_trgm (similar incidents, typo-tolerant article
  // search, migrations 022/023) goes along, so the restore creates it before the indexes that use it.
  await run('pg_dump', ['--format=custom', '--schema=public', '--extension=pg_trgm', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${url}`]);
  fs.renameSync(tmp, target);
}

/**
 * pg_restore into DATABASE_URL: Lotse's tables are dropped and recreated from the backup in one
 * transaction (a failure leaves the database as it was). Servers on the database must be stopped.
 */
export async function restorePostgres(url: string, file: string, db: Db): Promise<{ schema: number }> {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  if (head.toString('latin1') !== 'PGDMP') throw new BackupError('not a PostgreSQL backup made by npm run backup (pg_dump custom format)');
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, file]);
  const schema = await schemaVersion(db);
  if (schema > knownSchema()) throw new SchemaTooNewError(schema, knownSchema());
  return { schema };
}
