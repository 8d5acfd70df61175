// The database runtime only (not the harness): concurrent triggers on one instance and timers that
// outlive the engine that created them. Runs on in-memory PGlite and, with TEST_DATABASE_URL, PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import type { Principal } from '../../server/auth/principal';
import { silentLogger } from '../../server/log';
import { fireDueTimers } from '../../server/engine/jobs/jobs';
import { Engine } from '../../server/engine/runtime/runtime';
import { deploy } from '../../server/definitions/deploy';
import type { InstanceState } from '../../server/engine/core/types';
import { dbTargets } from '../support/db';
import { completeUserTask } from './db-harness';
import { fixture } from './fixtures';

const T0 = new Date('2025-01-06T08:00:00Z');

describe.each(dbTargets())('runtime on $name', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let admin: Principal;

  beforeAll(async () => {
    ({ db, dispose } = await target.open());
    const id = randomUUID();
    await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Runtime test', 'x')", [id, `rt-${id}@lotse.test`]);
    admin = { id, email: 'rt@lotse.test', name: 'Runtime test', locale: null, roles: [{ role: 'admin' }], groups: [] };
  });
  afterAll(async () => dispose?.());

  const start = async (engine: Engine, definitionId: string, variables: Record<string, unknown> = {}) => {
    const id = randomUUID();
    await engine.run([{ kind: 'start', instanceId: id, definitionId, input: { variables }, startedBy: admin.id }], 'test');
    return id;
  };
  const openTask = async (instanceId: string, elementId: string) =>
    (await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND element_id = $2 AND status = 'open'", [instanceId, elementId])).rows[0].id;
  const instance = async (id: string) =>
    (await db.query<{ status: string; state: InstanceState; variables: Record<string, unknown> }>('SELECT status, state, variables FROM process_instances WHERE id = $1', [id])).rows[0];

  it('given two user tasks of one instance completed at the same time, then the join fires exactly once and no update is lost', async () => {
    const engine = new Engine(db, () => T0, silentLogger);
    const { id: definitionId } = await deploy(engine, { xml: fixture('parallel-approval.bpmn') }, admin);
    const instances = await Promise.all(Array.from({ length: 10 }, () => start(engine, definitionId)));
    const tasks = await Promise.all(instances.map(async (i) => [await openTask(i, 'ApproveA'), await openTask(i, 'ApproveB')]));

    await Promise.all(tasks.flatMap(([a, b]) => [
      completeUserTask(engine, a, { approvedA: true }, 'alice'),
      completeUserTask(engine, b, { approvedB: true }, 'bob'),
    ]));

    for (const i of instances) {
      const row = await instance(i);
      expect(row.status).toBe('completed');
      expect(row.variables).toEqual({ approvedA: true, approvedB: true });
      const joins = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM history WHERE instance_id = $1 AND element_id = 'Join' AND kind = 'element_completed'",
        [i],
      );
      expect(joins.rows[0].n).toBe(1);
      const closes = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history WHERE instance_id = $1 AND element_id = 'Close' AND kind = 'element_started'", [i]);
      expect(closes.rows[0].n).toBe(1);
    }
    const open = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE instance_id = ANY($1::uuid[]) AND status = 'open'`, [instances]);
    expect(open.rows[0].n).toBe(0);
  });

  it('given a task completed twice at the same time, then exactly one completion wins', async () => {
    const engine = new Engine(db, () => T0, silentLogger);
    const { id: definitionId } = await deploy(engine, { xml: fixture('parallel-approval.bpmn') }, admin);
    const i = await start(engine, definitionId);
    const task = await openTask(i, 'ApproveA');
    const results = await Promise.allSettled([
      completeUserTask(engine, task, { by: 'alice' }, 'alice'),
      completeUserTask(engine, task, { by: 'bob' }, 'bob'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const row = await instance(i);
    expect(['alice', 'bob']).toContain(row.variables.by);
    const completions = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history WHERE instance_id = $1 AND element_id = 'ApproveA' AND kind = 'element_completed'", [i]);
    expect(completions.rows[0].n).toBe(1);
  });

  it('given a waiting timer, when a new engine starts after its due time, then the timer fires', async () => {
    const before = new Engine(db, () => T0, silentLogger);
    const { id: definitionId } = await deploy(before, { xml: fixture('timers.bpmn') }, admin);
    const i = await start(before, definitionId, { waitFor: 'PT30M' });
    expect(await fireDueTimers(before)).toBe(0);

    // "restart": a fresh engine (no cached definitions, nothing in memory) with the clock past due
    const after = new Engine(db, () => new Date(T0.getTime() + 45 * 60_000), silentLogger);
    expect(await fireDueTimers(after)).toBe(1);
    const row = await instance(i);
    expect(Object.values(row.state.instances).map((x) => x.elementId)).toContain('Work');
    expect(await openTask(i, 'Work')).toBeTruthy();
    expect(await fireDueTimers(after)).toBe(0);
  });
});
