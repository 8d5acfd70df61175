// Set-based group commit (server/engine/runtime/group-commit.ts): many triggers in one transaction,
// each atomic. Runs on in-memory PGlite and, with TEST_DATABASE_URL, PostgreSQL.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import type { Principal } from '../../server/auth/principal';
import { silentLogger } from '../../server/log';
import { Engine } from '../../server/engine/runtime/runtime';
import { wireEngine } from '../../server/engine-wiring';
import { deploy } from '../../server/definitions/deploy';
import { dbTargets } from '../support/db';
import { completeUserTask } from './db-harness';

const requestXml = readFileSync(new URL('../../bench/fixtures/request.bpmn', import.meta.url), 'utf8');

describe.each(dbTargets())('group commit on $name', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let admin: Principal;
  let engine: Engine;
  let definitionId: string;

  beforeAll(async () => {
    ({ db, dispose } = await target.open());
    const id = randomUUID();
    await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Group commit', 'x')", [id, `gc-${id}@lotse.test`]);
    admin = { id, email: 'gc@lotse.test', name: 'Group commit', locale: null, roles: [{ role: 'admin' }], groups: [] };
    engine = wireEngine(new Engine(db, () => new Date(), silentLogger)).setGroupCommit({ maxBatch: 16, inFlight: 1 });
    ({ id: definitionId } = await deploy(engine, { xml: requestXml }, admin));
  }, 60_000);
  afterAll(async () => dispose?.());

  const start = (instanceId = randomUUID(), idempotency?: { key: string; hash: string }) =>
    engine.run([{ kind: 'start', instanceId, definitionId, input: { variables: { amount: 40 } }, startedBy: admin.id, idempotency }], 'test').then(() => instanceId);
  const openTask = async (instanceId: string) =>
    (await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [instanceId])).rows[0]?.id;
  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params)).rows[0].n;

  it('given 48 starts and then 48 task completions at once, then they share transactions and every instance completes with its full history', async () => {
    const before = { ...engine.groupCommit!.stats };
    const ids = await Promise.all(Array.from({ length: 48 }, () => start()));
    const tasks = await Promise.all(ids.map(openTask));
    expect(tasks.every(Boolean)).toBe(true);
    await Promise.all(tasks.map((t) => completeUserTask(engine, t!, { approved: true }, 'test')));

    const stats = engine.groupCommit!.stats;
    expect(stats.bodies - before.bodies).toBe(96);
    expect(stats.transactions - before.transactions).toBeLessThan(96 / 2);
    expect(await count("SELECT count(*)::int AS n FROM process_instances WHERE id = ANY($1) AND status = 'completed' AND ended_at IS NOT NULL", [ids])).toBe(48);
    expect(await count("SELECT count(*)::int AS n FROM history WHERE instance_id = ANY($1) AND element_id = 'Done' AND kind = 'element_completed'", [ids])).toBe(48);
    expect(await count("SELECT count(*)::int AS n FROM history WHERE instance_id = ANY($1) AND kind = 'process_started'", [ids])).toBe(48);
    expect(await count("SELECT count(*)::int AS n FROM tasks WHERE instance_id = ANY($1) AND status = 'completed'", [ids])).toBe(48);
    // The roll-up trigger ran over the batches: the insights count every start and completion.
    const daily = await db.query<{ started: number; completed: number }>(
      'SELECT sum(started)::int AS started, sum(completed)::int AS completed FROM insights_daily WHERE definition_id = $1', [definitionId]);
    expect(daily.rows[0]).toMatchObject({ started: expect.any(Number), completed: expect.any(Number) });
    expect(daily.rows[0].started).toBeGreaterThanOrEqual(48);
    expect(daily.rows[0].completed).toBeGreaterThanOrEqual(48);
  });

  it('given a batch where one caller fails after its engine work, then only that caller gets the error and nothing of it is written', async () => {
    const doomed = randomUUID();
    const others = Array.from({ length: 12 }, () => randomUUID());
    const failing = engine.transact(async (tx) => {
      await engine.runIn(tx, [{ kind: 'start', instanceId: doomed, definitionId, input: { variables: {} }, startedBy: admin.id }], 'test');
      throw new Error('the caller changed its mind');
    });
    const results = await Promise.allSettled([...others.slice(0, 6).map((id) => start(id)), failing, ...others.slice(6).map((id) => start(id))]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    await expect(failing).rejects.toThrow('the caller changed its mind');
    expect(await count('SELECT count(*)::int AS n FROM process_instances WHERE id = $1', [doomed])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM history WHERE instance_id = $1', [doomed])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM tasks WHERE instance_id = ANY($1) AND status = 'open'", [others])).toBe(12);
  });

  it('given one task completed twice at once among others, then exactly one completion counts and the neighbours are not harmed', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => start()));
    const tasks = (await Promise.all(ids.map(openTask))) as string[];
    const results = await Promise.allSettled([tasks[0], ...tasks].map((t) => completeUserTask(engine, t, { approved: true }, 'test')));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(await count("SELECT count(*)::int AS n FROM history WHERE instance_id = ANY($1) AND element_id = 'Done' AND kind = 'element_completed'", [ids])).toBe(8);
  });

  it('given two starts with the same idempotency key in one batch, then the constraint rejects one of them alone and the rest are written', async () => {
    const key = { key: `k-${randomUUID()}`, hash: 'h' };
    const plain = Array.from({ length: 6 }, () => randomUUID());
    const results = await Promise.allSettled([start(randomUUID(), key), ...plain.map((id) => start(id)), start(randomUUID(), key)]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0].reason as { code?: string }).code).toBe('23505');
    expect(await count('SELECT count(*)::int AS n FROM process_instances WHERE idempotency_key = $1', [key.key])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM process_instances WHERE id = ANY($1)', [plain])).toBe(6);
  });
});
