/**
 * Child process of test/engine/group-commit-crash.test.ts: runs starts and task completions with
 * group commit on, 32 in flight, and prints a line for each acknowledged one ("started <id>",
 * "completed <id>") until it is killed. Argument: a PGlite data folder or a postgres:// URL.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../server/db';
import { migrate } from '../../server/db/migrate';
import { openPostgres } from '../../server/db/postgres';
import { silentLogger } from '../../server/log';
import { Engine } from '../../server/engine/runtime/runtime';
import { wireEngine } from '../../server/engine-wiring';
import { deploy } from '../../server/definitions/deploy';
import { completeUserTask } from '../engine/db-harness';

const where = process.argv[2];
const db = where.startsWith('postgres') ? await openPostgres(where, 4) : await openDatabase({ databaseUrl: null, dataDir: where });
await migrate(db);
const userId = randomUUID();
await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Crash', 'x')", [userId, `crash-${userId}@lotse.test`]);
const admin = { id: userId, email: 'crash@lotse.test', name: 'Crash', locale: null, roles: [{ role: 'admin' as const }], groups: [] };
const engine = wireEngine(new Engine(db, () => new Date(), silentLogger)).setGroupCommit({ maxBatch: 64 });
const xml = readFileSync(new URL('../../bench/fixtures/request.bpmn', import.meta.url), 'utf8');
const { id: definitionId } = await deploy(engine, { xml }, admin);
process.stdout.write('ready\n');

const one = async () => {
  const id = randomUUID();
  await engine.run([{ kind: 'start', instanceId: id, definitionId, input: { variables: { amount: 40 } }, startedBy: userId }], 'crash');
  process.stdout.write(`started ${id}\n`);
  const task = await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [id]);
  await completeUserTask(engine, task.rows[0].id, { approved: true }, 'crash');
  process.stdout.write(`completed ${id}\n`);
};
await Promise.all(Array.from({ length: 32 }, async () => {
  for (;;) await one();
}));
