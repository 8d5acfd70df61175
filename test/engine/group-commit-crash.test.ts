// kill -9 under load with group commit on: every acknowledged start and completion is there after
// the restart, none twice, nothing half-written. PGlite on disk and, with TEST_DATABASE_URL, PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db';
import { dbTargets } from '../support/db';

const child = fileURLToPath(new URL('../support/crash-child.ts', import.meta.url));

/** Runs the child until it has acknowledged `acks` lines, kills it with SIGKILL, returns what it acknowledged. */
function runAndKill(where: string, acks: number): Promise<{ started: Set<string>; completed: Set<string> }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, where], { stdio: ['ignore', 'pipe', 'pipe'] });
    const started = new Set<string>();
    const completed = new Set<string>();
    let buffer = '';
    let errors = '';
    let killed = false;
    p.stderr.on('data', (d) => (errors += d));
    p.stdout.on('data', (d) => {
      buffer += d;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [what, id] = line.split(' ');
        if (what === 'started') started.add(id);
        if (what === 'completed') completed.add(id);
      }
      if (!killed && completed.size >= acks) {
        killed = true;
        p.kill('SIGKILL');
      }
    });
    p.on('exit', () => (killed ? resolve({ started, completed }) : reject(new Error(`the child ended by itself: ${errors}`))));
  });
}

async function check(db: Db, acked: { started: Set<string>; completed: Set<string> }) {
  const started = [...acked.started];
  const completed = [...acked.completed];
  const rows = await db.query<{ id: string; status: string; starts: number; done: number; tasks: number; open: number }>(
    `SELECT p.id, p.status,
       (SELECT count(*)::int FROM history h WHERE h.instance_id = p.id AND h.kind = 'process_started') AS starts,
       (SELECT count(*)::int FROM history h WHERE h.instance_id = p.id AND h.element_id = 'Done' AND h.kind = 'element_completed') AS done,
       (SELECT count(*)::int FROM tasks t WHERE t.instance_id = p.id) AS tasks,
       (SELECT count(*)::int FROM tasks t WHERE t.instance_id = p.id AND t.status = 'open') AS open
     FROM process_instances p`,
  );
  const byId = new Map(rows.rows.map((r) => [r.id, r]));
  for (const id of started) expect(byId.has(id), `acknowledged start ${id} is missing`).toBe(true);
  for (const id of completed) expect(byId.get(id)?.status, `acknowledged completion ${id}`).toBe('completed');
  for (const r of rows.rows) {
    // Never twice, never half: one start, one task; a completed instance has its end once and no open task.
    expect(r.starts).toBe(1);
    expect(r.tasks).toBe(1);
    if (r.status === 'completed') expect([r.done, r.open]).toEqual([1, 0]);
    else expect([r.status, r.done, r.open]).toEqual(['active', 0, 1]);
  }
}

// Runs in the server project only (it opens its own databases; the engine-* projects would repeat it).
describe.skipIf(!!process.env.ENGINE_DB)('group commit survives kill -9', () => {
  it('on PGlite on disk: every acknowledged trigger is there after the restart, none twice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lotse-crash-'));
    try {
      const acked = await runAndKill(dir, 150);
      expect(acked.completed.size).toBeGreaterThanOrEqual(150);
      const db = await openDatabase({ databaseUrl: null, dataDir: dir });
      try {
        await check(db, acked);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  const postgres = dbTargets().find((t) => t.name === 'postgres');
  it.runIf(postgres)('on PostgreSQL: every acknowledged trigger is there after the kill, none twice', { timeout: 240_000, retry: 2 }, async () => {
    const { db, url, dispose } = await postgres!.open({ migrated: false });
    try {
      const acked = await runAndKill(url!, 150);
      await check(db, acked);
    } finally {
      await dispose();
    }
    // Failed once in 6 full-suite runs on the loaded 2-core machine: the child died of a PostgreSQL
    // deadlock in group commit's one-body fallback (now run again, group-commit.ts). Kept retried so
    // that a rarer flake does not hide the rest of CI; a real loss or duplicate fails every attempt.
  });
});
