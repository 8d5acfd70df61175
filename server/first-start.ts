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
import { fileURLToPath } from 'node:url';
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

/** Runs the first start's database work in a child process; null when it did not succeed. */
export function firstStartInChild(log: Logger): Promise<FirstStart | null> {
  return new Promise((resolve) => {
    let result: FirstStart | null = null;
    const child = fork(fileURLToPath(import.meta.url), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

async function child() {
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

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  child().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
