/**
 * The first start on a new PGlite data folder does the one-time work — PostgreSQL's initdb, the
 * migrations and the demo snapshot (parsed whole, 160,000 rows) — in a child process, then the
 * server opens the prepared folder. That work raises a process to ~1.1 GB and leaves several hundred
 * MB resident (PGlite's WASM heap never shrinks); the server itself then starts like a restart
 * (docs/BENCHMARKS.md, "Peak RSS of a demo server"). If the child fails, the server does it itself
 * as before (and reports what went wrong).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import type { LoadedDemo } from './demo/boot';
import type { Logger } from './log';

/** What the child did: the migrations it applied and the snapshot it loaded. */
export interface FirstStart {
  applied: string[];
  snapshot: LoadedDemo | null;
}

/** PGlite (no DATABASE_URL) on a data folder that holds no database yet. */
export function isNewPgliteFolder(config: Pick<Config, 'databaseUrl' | 'dataDir'>): boolean {
  return !config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pgdata', 'PG_VERSION'));
}

/** Set in the child's environment: the server's entry then does the first start's work only. */
const CHILD_ENV = 'LOTSE_FIRST_START_CHILD';

/** Runs the first start's database work in a child process; null when it did not succeed. */
export function firstStartInChild(log: Logger): Promise<FirstStart | null> {
  return new Promise((resolve) => {
    let result: FirstStart | null = null;
    // The server's own entry (server/main.ts under tsx, or the compiled dist-server/main.mjs) in the child's role.
    const child = fork(process.argv[1], [], {
      execArgv: process.execArgv,
      env: { ...process.env, [CHILD_ENV]: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => {
      result = m as FirstStart;
    });
    child.on('error', (err) => {
      log.warn('the first start could not run in a child process', { error: String(err) });
      resolve(null);
    });
    child.on('exit', (code) => {
      if (code !== 0) log.warn('the first start in a child process failed; this process does it', { code });
      resolve(code === 0 ? result : null);
    });
  });
}

/** Is this process the first start's child (forked by firstStartInChild)? */
export function isFirstStartChild(): boolean {
  return !!process.send && process.env[CHILD_ENV] === '1';
}

async function child() {
  delete process.env[CHILD_ENV];
  const [{ loadConfig }, { createLogger }, { openDatabase }, { migrateWithDemo }] = await Promise.all([
    import('./config'), import('./log'), import('./db'), import('./demo/boot'),
  ]);
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config);
  try {
    const done = await migrateWithDemo(db, config, log);
    await new Promise<void>((resolve, reject) => process.send!(done, (err: Error | null) => (err ? reject(err) : resolve())));
  } finally {
    await db.close();
  }
}

/** The child's work: open, migrate, load the demo, report to the parent, exit. */
export function runFirstStartChild(): void {
  child().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
