// Issue #16, point 5: a completing user task listener is a job an external worker completes through
// POST /api/jobs/:id/complete; with `result: { denied: true }` the task is open again in the task list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="tl-defs" targetNamespace="urn:test">
  <bpmn:process id="tl-review" name="Reviewed change" isExecutable="true" esm:department="it">
    <bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
    <bpmn:userTask id="Review" name="Review">
      <bpmn:extensionElements>
        <zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="it" />
        <zeebe:taskListeners><zeebe:taskListener eventType="completing" type="tl-validate" /></zeebe:taskListeners>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" /><bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dbTargets())('completing task listener through the worker API ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ownerIt: Client, agentIt: Client, employee: Client, admin: Client;

  // Seeding PGlite (WASM) is CPU-bound and slow on a busy machine: a generous hook timeout.
  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    const ctx = await seededApp(opened.db);
    [ownerIt, agentIt, employee, admin] = await Promise.all(['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo', 'admin@lotse.demo'].map((e) => ctx.as(e)));
    expect((await ownerIt.post('/api/deployments', { xml })).status).toBe(201);
  }, 180_000);
  afterAll(() => dispose());

  const taskStatus = async (id: string) => (await db.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [id])).rows[0].status;
  const listenerJob = async () => {
    const r = await admin.post('/api/jobs/activate', { type: 'tl-validate', maxJobs: 5 });
    expect(r.status).toBe(200);
    expect(r.body.jobs).toHaveLength(1);
    return r.body.jobs[0] as { id: string };
  };

  it('a denied completion leaves the task open; an accepted one completes the request', async () => {
    const started = await employee.post('/api/process-instances', { processKey: 'tl-review', variables: {} });
    expect(started.status).toBe(201);
    const task = (await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [started.body.id])).rows[0];

    expect((await agentIt.post(`/api/tasks/${task.id}/complete`, { variables: { approved: 'maybe' } })).status).toBe(204);
    const first = await listenerJob();
    // a task listener job carries no variables (Camunda 8.8): refused, nothing changes
    expect((await admin.post(`/api/jobs/${first.id}/complete`, { variables: { approved: true } })).status).toBe(409);
    const bad = await admin.post(`/api/jobs/${first.id}/complete`, { result: { denied: 'yes' } });
    expect(bad.status).toBe(422);
    expect((await admin.post(`/api/jobs/${first.id}/complete`, { result: { denied: true, deniedReason: 'approved must be a boolean' } })).status).toBe(204);
    expect(await taskStatus(task.id)).toBe('open');
    const vars = await db.query<{ variables: Record<string, unknown>; status: string }>('SELECT variables, status FROM process_instances WHERE id = $1', [started.body.id]);
    expect(vars.rows[0]).toMatchObject({ status: 'active' });
    expect(vars.rows[0].variables).not.toHaveProperty('approved');

    expect((await agentIt.post(`/api/tasks/${task.id}/complete`, { variables: { approved: true } })).status).toBe(204);
    const second = await listenerJob();
    expect((await admin.post(`/api/jobs/${second.id}/complete`, {})).status).toBe(204);
    const done = await db.query<{ variables: Record<string, unknown>; status: string }>('SELECT variables, status FROM process_instances WHERE id = $1', [started.body.id]);
    expect(done.rows[0]).toMatchObject({ status: 'completed', variables: expect.objectContaining({ approved: true }) });
    expect(await taskStatus(task.id)).toBe('completed');
  });
});
