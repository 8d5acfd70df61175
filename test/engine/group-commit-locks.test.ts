// Set-based locks of the group commit (group-commit.ts Prelock): a batch of job results locks all its
// jobs and instances in one statement and writes their status with the batch; a job answered twice
// in one batch counts once. Runs on in-memory PGlite and, with TEST_DATABASE_URL, PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import type { Principal } from '../../server/auth/principal';
import { silentLogger } from '../../server/log';
import { Engine } from '../../server/engine/runtime/runtime';
import { wireEngine } from '../../server/engine-wiring';
import { deploy } from '../../server/definitions/deploy';
import { activateJobs, completeJob, throwJobError } from '../../server/engine/jobs/jobs';
import { dbTargets } from '../support/db';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="worker-batch" name="Worker batch" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Work" name="Work"><bpmn:extensionElements><zeebe:taskDefinition type="batch-worker" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:boundaryEvent id="Failed" attachedToRef="Work"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:errorEventDefinition errorRef="E" /></bpmn:boundaryEvent>
    <bpmn:endEvent id="Done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="Rejected"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
    <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Done" />
    <bpmn:sequenceFlow id="f3" sourceRef="Failed" targetRef="Rejected" />
  </bpmn:process>
  <bpmn:error id="E" name="rejected" errorCode="REJECTED" />
</bpmn:definitions>`;

describe.each(dbTargets())('group commit locks on $name', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let engine: Engine;
  let definitionId: string;
  let userId: string;

  beforeAll(async () => {
    ({ db, dispose } = await target.open());
    userId = randomUUID();
    await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Locks', 'x')", [userId, `locks-${userId}@lotse.test`]);
    const admin: Principal = { id: userId, email: 'locks@lotse.test', name: 'Locks', locale: null, roles: [{ role: 'admin' }], groups: [] };
    engine = wireEngine(new Engine(db, () => new Date(), silentLogger)).setGroupCommit({ maxBatch: 16, inFlight: 1 });
    ({ id: definitionId } = await deploy(engine, { xml }, admin));
  }, 60_000);
  afterAll(async () => dispose?.());

  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params)).rows[0].n;

  async function startAndActivate(n: number) {
    const ids = Array.from({ length: n }, () => randomUUID());
    await Promise.all(ids.map((instanceId) => engine.run([{ kind: 'start', instanceId, definitionId, input: { variables: {} }, startedBy: userId }], 'test')));
    const jobs = await activateJobs(engine, { type: 'batch-worker', maxJobs: n, lockSeconds: 60, worker: 'w' });
    expect(jobs).toHaveLength(n);
    expect(new Set(jobs.map((j) => j.processInstanceId))).toEqual(new Set(ids));
    return { ids: jobs.map((j) => j.processInstanceId), jobs: jobs.map((j) => j.id) };
  }

  it('given 12 workers answering at once, one of them twice, then each job counts once and every instance goes on', async () => {
    const { ids, jobs } = await startAndActivate(12);
    const before = { ...engine.groupCommit!.stats };
    const answers = [...jobs.slice(0, 6).map((j) => completeJob(engine, j, { ok: true }, 'w')), completeJob(engine, jobs[0], { ok: true }, 'w'),
      ...jobs.slice(6, 11).map((j) => completeJob(engine, j, { ok: true }, 'w')), throwJobError(engine, jobs[11], { errorCode: 'REJECTED' }, 'w')];
    const results = await Promise.allSettled(answers);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0].reason as { code?: string }).code).toBe('job_finished');
    expect(engine.groupCommit!.stats.transactions - before.transactions).toBeLessThan(13);
    expect(await count("SELECT count(*)::int AS n FROM jobs WHERE instance_id = ANY($1) AND status = 'done' AND locked_until IS NULL", [ids])).toBe(12);
    expect(await count("SELECT count(*)::int AS n FROM jobs WHERE instance_id = $1 AND error_message = 'REJECTED'", [ids[11]])).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM process_instances WHERE id = ANY($1) AND status = 'completed'", [ids])).toBe(12);
    expect(await count("SELECT count(*)::int AS n FROM history WHERE instance_id = ANY($1) AND element_id = 'Done' AND kind = 'element_completed'", [ids.slice(0, 11)])).toBe(11);
    expect(await count("SELECT count(*)::int AS n FROM history WHERE instance_id = $1 AND element_id = 'Rejected' AND kind = 'element_completed'", [ids[11]])).toBe(1);
  });

  it('given a job answered alone (no load), then it is locked by its own statement and written at once', async () => {
    const { ids, jobs } = await startAndActivate(1);
    await completeJob(engine, jobs[0], {}, 'w');
    await expect(completeJob(engine, jobs[0], {}, 'w')).rejects.toMatchObject({ code: 'job_finished' });
    expect(await count("SELECT count(*)::int AS n FROM process_instances WHERE id = $1 AND status = 'completed'", ids)).toBe(1);
  });
});
