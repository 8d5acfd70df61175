import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {}

/** What the lock file records about its holder. */
export interface LockOwner {
  host: string | null;
  pid: number;
  /** The process's start time (boot id and start tick on Linux); null where it cannot be read. */
  start: string | null;
}

/** The holder refreshes the lock file's time this often, so a lock from another host can age out. */
export const HEARTBEAT_MS = 60_000;
/** A lock written on another host whose file was not refreshed for this long is stale. */
export const FOREIGN_STALE_MS = 5 * 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When process `pid` started, as a string that a different process with the same pid never has:
 * on Linux the boot id plus field 22 of /proc/<pid>/stat (start time in clock ticks after boot).
 * Null where /proc is not there (the lock then falls back to the pid alone).
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces; count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[19]; // field 22 overall
    if (!ticks || !/^\d+$/.test(ticks)) return null;
    let boot = '';
    try {
      boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      /* no boot id: the tick count alone */
    }
    return boot ? `${boot}:${ticks}` : ticks;
  } catch {
    return null;
  }
}

export function currentOwner(): LockOwner {
  return { host: os.hostname(), pid: process.pid, start: processStartTime(process.pid) };
}

/** Reads a lock file: JSON {host, pid, start}, or a bare pid as older versions wrote it. */
export function parseLock(text: string): LockOwner | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { host: null, pid: Number(t), start: null };
  try {
    const o = JSON.parse(t) as Partial<LockOwner>;
    if (!Number.isInteger(o.pid) || (o.pid as number) <= 0) return null;
    return { host: typeof o.host === 'string' ? o.host : null, pid: o.pid as number, start: typeof o.start === 'string' ? o.start : null };
  } catch {
    return null;
  }
}

/**
 * Whether the holder recorded in a lock still runs. Same host: the pid must be alive and, where
 * both start times are known, have the recorded start time (a reused pid is another process).
 * Another host cannot be asked: its lock holds while its holder keeps refreshing the file.
 */
export function lockHolderAlive(owner: LockOwner, fileMtimeMs: number, now = Date.now()): boolean {
  const me = currentOwner();
  if (owner.host && owner.host !== me.host) return now - fileMtimeMs < FOREIGN_STALE_MS;
  if (owner.pid === me.pid) return owner.start !== null && owner.start === me.start; // our own pid: only if it is really us
  if (!isAlive(owner.pid)) return false;
  if (owner.start === null) return true; // written without a start time: the pid is all we have
  const start = processStartTime(owner.pid);
  return start === null || start === owner.start;
}

/**
 * Guards a PGlite data folder against a second opener (two writers corrupt the WAL). The lock
 * file records host, pid and start time of its holder; a lock whose holder is gone is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'lotse.lock');
  const me = currentOwner();
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      const heartbeat = setInterval(() => {
        try {
          const t = new Date();
          fs.utimesSync(file, t, t);
        } catch {
          /* gone: nothing to refresh */
        }
      }, HEARTBEAT_MS);
      heartbeat.unref();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        try {
          const owner = parseLock(fs.readFileSync(file, 'utf8'));
          if (owner && owner.pid === me.pid && owner.start === me.start && owner.host === me.host) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let text: string;
      let mtimeMs: number;
      try {
        text = fs.readFileSync(file, 'utf8');
        mtimeMs = fs.statSync(file).mtimeMs;
      } catch {
        continue; // released meanwhile: try again
      }
      const owner = parseLock(text);
      if (owner && lockHolderAlive(owner, mtimeMs)) {
        const where = owner.host && owner.host !== me.host ? ` on host ${owner.host}` : '';
        throw new DataDirLockedError(
          `The data folder ${dataDir} is in use by another Lotse process (pid ${owner.pid}${where}). Stop it first, or set DATA_DIR to another folder.`,
        );
      }
      fs.rmSync(file, { force: true }); // stale lock from a process that is gone
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dataDir}`);
}
