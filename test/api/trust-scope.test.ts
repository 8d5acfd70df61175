import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

/**
 * Issue #14, point 2: messages and signals reach only the processes of departments the caller may act
 * on; API tokens carry an explicit message/signal scope; buffered messages keep the sender's scope.
 */
const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1"';

/** A process of `dept` that waits for a message `parts-arrived` (key = ticket) or a signal `all-clear`, then ends. */
function waitingProcess(key: string, dept: string, catchEvent: 'message' | 'signal') {
  const definition = catchEvent === 'message' ? '<bpmn:messageEventDefinition messageRef="Msg" />' : '<bpmn:signalEventDefinition signalRef="Sig" />';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="${key}-defs" targetNamespace="urn:test">
  <bpmn:message id="Msg" name="parts-arrived"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticket" /></bpmn:extensionElements></bpmn:message>
  <bpmn:signal id="Sig" name="all-clear" />
  <bpmn:process id="${key}" name="${key}" isExecutable="true" esm:department="${dept}">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
    <bpmn:intermediateCatchEvent id="Wait">${definition}</bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** A process of `dept` started by the signal `outage-${dept}`. */
function signalStarted(key: string, dept: string, signal: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="${key}-defs" targetNamespace="urn:test">
  <bpmn:signal id="Sig" name="${signal}" />
  <bpmn:process id="${key}" name="${key}" isExecutable="true" esm:department="${dept}">
    <bpmn:startEvent id="Start"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe.each(dbTargets())('messages and signals are scoped to departments ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let admin: Client, ownerIt: Client, ownerHr: Client, agentIt: Client, agentHr: Client, employee: Client;
  let itDept: string;
  let n = 0;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    [admin, ownerIt, ownerHr, agentIt, agentHr, employee] = await Promise.all(
      ['admin', 'owner.it', 'owner.hr', 'agent.it', 'agent.hr', 'employee'].map((u) => ctx.as(`${u}@lotse.demo`)),
    );
    itDept = (await admin.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'it').id;
    for (const [owner, key, dept, kind] of [
      [ownerIt, 'it-wait-message', 'it', 'message'], [ownerIt, 'it-wait-signal', 'it', 'signal'],
      [ownerHr, 'hr-wait-message', 'hr', 'message'], [ownerHr, 'hr-wait-signal', 'hr', 'signal'],
    ] as const) {
      const r = await owner.post('/api/deployments', { xml: waitingProcess(key, dept, kind) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    expect((await ownerIt.post('/api/deployments', { xml: signalStarted('it-outage', 'it', 'outage') })).status).toBe(201);
  });
  afterAll(() => dispose());

  const start = async (processKey: string, ticket = `T-${++n}`) => {
    const r = await employee.post('/api/process-instances', { processKey, variables: { ticket } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.id as string, ticket };
  };
  /** Status and variables of an instance (without `initiator`, which the engine sets at start). */
  const instance = async (id: string) => {
    const row = (await db.query<{ status: string; variables: Record<string, unknown> }>('SELECT status, variables FROM process_instances WHERE id = $1', [id])).rows[0];
    const { initiator: _initiator, ...variables } = row.variables;
    return { status: row.status, variables };
  };

  it("an HR agent's message does not reach an IT instance (404, state and variables unchanged); an IT agent's does", async () => {
    const { id, ticket } = await start('it-wait-message');
    const hr = await agentHr.post('/api/messages', { name: 'parts-arrived', correlationKey: ticket, variables: { injected: 'hr' } });
    expect(hr.status).toBe(404);
    expect(hr.body.code).toBe('not_found');
    expect(await instance(id)).toEqual({ status: 'active', variables: { ticket } });
    const hrOwner = await ownerHr.post('/api/messages', { name: 'parts-arrived', correlationKey: ticket, variables: { injected: 'hr' } });
    expect(hrOwner.status).toBe(404);
    expect((await instance(id)).status).toBe('active');

    const it_ = await agentIt.post('/api/messages', { name: 'parts-arrived', correlationKey: ticket, variables: { partsOk: true } });
    expect(it_.status).toBe(200);
    expect(it_.body).toEqual({ correlated: 1, buffered: false });
    expect(await instance(id)).toEqual({ status: 'completed', variables: { ticket, partsOk: true } });
  });

  it("an HR agent's signal does not move an IT instance; an IT owner's does, and an admin's reaches every department", async () => {
    const itInst = await start('it-wait-signal');
    const hrInst = await start('hr-wait-signal');
    const hr = await agentHr.post('/api/signals', { name: 'all-clear', variables: { injected: 'hr' } });
    expect(hr.status).toBe(200);
    expect(hr.body.reached).toBe(1);
    expect(await instance(itInst.id)).toEqual({ status: 'active', variables: { ticket: itInst.ticket } });
    expect(await instance(hrInst.id)).toEqual({ status: 'completed', variables: { ticket: hrInst.ticket, injected: 'hr' } });

    expect((await ownerIt.post('/api/signals', { name: 'all-clear', variables: { cleared: 'it' } })).body.reached).toBe(1);
    expect(await instance(itInst.id)).toEqual({ status: 'completed', variables: { ticket: itInst.ticket, cleared: 'it' } });

    const [a, b] = [await start('it-wait-signal'), await start('hr-wait-signal')];
    expect((await admin.post('/api/signals', { name: 'all-clear' })).body.reached).toBe(2);
    expect((await instance(a.id)).status).toBe('completed');
    expect((await instance(b.id)).status).toBe('completed');
  });

  it("starts no instance of another department's signal start event", async () => {
    const count = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE process_key = 'it-outage'")).rows[0].n;
    expect((await agentHr.post('/api/signals', { name: 'outage' })).body.reached).toBe(0);
    expect(await count()).toBe(0);
    expect((await agentIt.post('/api/signals', { name: 'outage' })).body.reached).toBe(1);
    expect(await count()).toBe(1);
  });

  it('keeps the sender scope with a buffered message: HR buffered, an IT instance does not pick it up, an HR instance does', async () => {
    const ticket = `B-${++n}`;
    const buffered = await agentHr.post('/api/messages', { name: 'parts-arrived', correlationKey: ticket, ttl: 'PT1H', variables: { from: 'hr' } });
    expect(buffered.body).toEqual({ correlated: 0, buffered: true });
    const itInst = await start('it-wait-message', ticket);
    expect(await instance(itInst.id)).toEqual({ status: 'active', variables: { ticket } });
    const hrInst = await start('hr-wait-message', ticket);
    expect(await instance(hrInst.id)).toEqual({ status: 'completed', variables: { ticket, from: 'hr' } });
  });

  it('employees cannot publish; an API token without message scope gets 403, with scope it reaches its department only', async () => {
    expect((await employee.post('/api/messages', { name: 'parts-arrived', correlationKey: 'x' })).status).toBe(403);
    expect((await employee.post('/api/signals', { name: 'all-clear' })).status).toBe(403);

    const worker = ctx.anonymous();
    const jobsOnly = await admin.post('/api/admin/api-tokens', { name: 'jobs only', jobTypes: ['order-hardware'] });
    expect(jobsOnly.status).toBe(201);
    expect(jobsOnly.body).toMatchObject({ messageNames: [], signalNames: [], departmentId: null });
    const asJobs = { authorization: `Bearer ${jobsOnly.body.token}` };
    const { id, ticket } = await start('it-wait-message');
    const refused = await worker.post('/api/messages', { name: 'parts-arrived', correlationKey: ticket, variables: { injected: true } }, asJobs);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    expect((await worker.post('/api/signals', { name: 'all-clear' }, asJobs)).status).toBe(403);
    expect((await instance(id)).status).toBe('active');

    const scoped = await admin.post('/api/admin/api-tokens', { name: 'parts supplier', messageNames: ['parts-arrived'], departmentId: itDept });
    expect(scoped.status).toBe(201);
    expect(scoped.body).toMatchObject({ jobTypes: [], messageNames: ['parts-arrived'], departmentId: itDept });
    const asSupplier = { authorization: `Bearer ${scoped.body.token}` };
    expect((await worker.post('/api/messages', { name: 'other-message', correlationKey: ticket }, asSupplier)).status).toBe(403);
    expect((await worker.post('/api/signals', { name: 'all-clear' }, asSupplier)).status).toBe(403);
    // An HR instance waiting on the same name is out of the token's department: as if none waited.
    const hrInst = await start('hr-wait-message');
    expect((await worker.post('/api/messages', { name: 'parts-arrived', correlationKey: hrInst.ticket }, asSupplier)).status).toBe(404);
    expect((await instance(hrInst.id)).status).toBe('active');
    const ok = await worker.post('/api/messages', { name: 'parts-arrived', correlationKey: ticket, variables: { delivered: true } }, asSupplier);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ correlated: 1, buffered: false });
    expect(await instance(id)).toEqual({ status: 'completed', variables: { ticket, delivered: true } });
    const history = await db.query<{ actor: string }>("SELECT actor FROM history WHERE instance_id = $1 AND kind <> 'instance_started' ORDER BY id DESC LIMIT 1", [id]);
    expect(history.rows[0].actor).toBe(`worker:${scoped.body.id}`);

    // A job token's scope does not let it fetch jobs it does not list, and a message-only token fetches none.
    expect((await worker.post('/api/jobs/activate', { type: 'order-hardware' }, asSupplier)).body.jobs).toEqual([]);
    const listed = (await admin.get('/api/admin/api-tokens')).body.items.find((t: { id: string }) => t.id === scoped.body.id);
    expect(listed).toMatchObject({ messageNames: ['parts-arrived'], signalNames: [], departmentId: itDept });
  });

  it('refuses a token that could do nothing and one for an unknown department, with the field', async () => {
    const empty = await admin.post('/api/admin/api-tokens', { name: 'nothing' });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].path).toBe('/jobTypes');
    const unknown = await admin.post('/api/admin/api-tokens', { name: 'x', signalNames: ['s'], departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('/departmentId');
  });
});
