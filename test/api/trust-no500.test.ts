// Issue #14, point 7: a user's mistake is a 4xx naming the field, never a 500 — NUL characters, a
// process without id, impossible dates, offsets out of range, and the task hand-over (assign) rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import type { Db } from '../../server/db';

/** A one-task IT process without forms: start → Work (candidate group it) → end. */
const plainXml = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="${id}-defs" targetNamespace="urn:test">
  <bpmn:process id="${id}" name="${id}" isExecutable="true" esm:department="it">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
    <bpmn:userTask id="Work" name="Work"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="it" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dbTargets())('no 500 for a user mistake ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let ownerIt: Client, agentIt: Client, employee: Client, employee2: Client, analyst: Client, admin: Client;

  const startWork = async () => {
    const r = await employee.post('/api/process-instances', { processKey: 'trust-plain', variables: { item: 'x' } });
    expect(r.status).toBe(201);
    const task = await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [r.body.id]);
    return task.rows[0].id;
  };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(opened.db);
    [ownerIt, agentIt, employee, employee2, analyst, admin] = await Promise.all(
      ['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo', 'employee2@lotse.demo', 'analyst@lotse.demo', 'admin@lotse.demo'].map((e) => ctx.as(e)),
    );
    expect((await ownerIt.post('/api/deployments', { xml: plainXml('trust-plain') })).status).toBe(201);
  });
  afterAll(() => dispose());

  describe('NUL characters', () => {
    it('in a body string at any depth: 400 naming the field path, nothing written', async () => {
      const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM process_instances');
      const r = await employee.post('/api/process-instances', { processKey: 'trust-plain', variables: { item: 'x', nested: { list: ['ok', 'b\u0000d'] } } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'nul_character', errors: [{ path: '/variables/nested/list/1' }] });
      expect(r.body.error).toContain('/variables/nested/list/1');
      const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM process_instances');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('in a property name, a comment, a draft: 400', async () => {
      const key = await employee.post('/api/process-instances', { processKey: 'trust-plain', variables: { 'bad\u0000key': 1 } });
      expect(key.status).toBe(400);
      expect(key.body.errors[0].path).toBe('/variables/bad\\u0000key');
      const id = (await employee.post('/api/process-instances', { processKey: 'trust-plain', variables: {} })).body.id;
      const comment = await employee.post(`/api/process-instances/${id}/comments`, { text: 'hello\u0000' });
      expect(comment).toMatchObject({ status: 400, body: { errors: [{ path: '/text' }] } });
      const draft = await ownerIt.put('/api/processes/trust-plain/draft', { xml: plainXml('trust-plain').replace('name="Work"', 'name="W\u0000rk"'), revision: 0 });
      expect(draft).toMatchObject({ status: 400, body: { errors: [{ path: '/xml' }] } });
    });

    it('in a query or path parameter: 400 naming the parameter', async () => {
      const q = await agentIt.get('/api/tasks?processKey=a%00b');
      expect(q).toMatchObject({ status: 400, body: { code: 'nul_character', errors: [{ path: '/processKey' }] } });
      const list = await employee.get('/api/process-instances?status=%00');
      expect(list).toMatchObject({ status: 400, body: { errors: [{ path: '/status' }] } });
      const draft = await ownerIt.get('/api/processes/a%00b/draft');
      expect(draft).toMatchObject({ status: 400, body: { code: 'nul_character' } });
      const insights = await analyst.get('/api/insights/overview?processKey=%00');
      expect(insights.status).toBe(400);
      const people = await employee.get('/api/directory/people?q=ab%00c');
      expect(people.status).toBe(400);
    });
  });

  it('a process without id: 422 naming the element', async () => {
    const r = await ownerIt.post('/api/deployments', { xml: plainXml('trust-noid').replace('id="trust-noid" ', '') });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual({ elementId: 'process', message: expect.stringContaining('id') });
    const empty = await ownerIt.post('/api/deployments', { xml: plainXml('trust-noid').replace('id="trust-noid" ', 'id="" ') });
    expect(empty.status).toBe(422);
  });

  it.each([
    ['from=2026-02-31&to=2026-03-31', 'from'],
    ['from=2026-01-01&to=2026-04-31', 'to'],
    ['from=0000-01-01&to=2026-01-31', 'from'],
    ['processKey=trust-plain&version=99999999999', 'version'],
  ])('insights %s: 4xx naming %s', async (query, name) => {
    const r = await analyst.get(`/api/insights/overview?${query}`);
    expect([400, 422]).toContain(r.status);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ path: `/${name}` }));
  });

  it('the diagram with a version beyond the integer range: 422 naming version', async () => {
    const r = await analyst.get('/api/insights/diagram?processKey=trust-plain&version=99999999999');
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ path: '/version' }));
  });

  it.each([
    ['offset=99999999999999999999', 'offset'],
    ['offset=1000001', 'offset'],
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['limit=abc', 'limit'],
  ])('request list %s: 400 naming %s', async (query, name) => {
    const r = await employee.get(`/api/process-instances?${query}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'bad_request', errors: [{ path: `/${name}` }] });
  });

  it('a start naming a version beyond the integer range: 422', async () => {
    const r = await employee.post('/api/process-instances', { processKey: 'trust-plain', version: 99999999999 });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ path: '/version' }));
  });

  describe('assigning a task', () => {
    it('works on every database (claimed_at typed), and releases with null', async () => {
      const id = await startWork();
      const r = await agentIt.post(`/api/tasks/${id}/assign`, { assignee: 'agent.it@lotse.demo' });
      expect(r.status).toBe(204);
      const t = await agentIt.get(`/api/tasks/${id}`);
      expect(t.body).toMatchObject({ assignee: 'agent.it@lotse.demo', claimedAt: expect.any(String) });
      expect((await agentIt.post(`/api/tasks/${id}/assign`, { assignee: null })).status).toBe(204);
      expect((await agentIt.get(`/api/tasks/${id}`)).body).toMatchObject({ assignee: null, claimedAt: null });
    });

    it('a group member may not take a task another person holds; the group lead, the owner and an admin may', async () => {
      const groups = (await admin.get('/api/admin/groups')).body.items as { id: string; key: string; memberIds: string[] }[];
      const it = groups.find((g) => g.key === 'it')!;
      const users = (await admin.get('/api/admin/users')).body.items as { id: string; email: string }[];
      const e2 = users.find((u) => u.email === 'employee2@lotse.demo')!;
      expect((await admin.patch(`/api/admin/groups/${it.id}`, { memberIds: [...it.memberIds, e2.id] })).status).toBe(200);

      const id = await startWork();
      expect((await agentIt.post(`/api/tasks/${id}/claim`)).status).toBe(200);
      const take = await employee2.post(`/api/tasks/${id}/assign`, { assignee: 'employee2@lotse.demo' });
      expect(take.status).toBe(403);
      expect(take.body.code).toBe('task_held');
      expect((await employee2.post(`/api/tasks/${id}/assign`, { assignee: null })).status).toBe(403);
      expect((await agentIt.get(`/api/tasks/${id}`)).body.assignee).toBe('agent.it@lotse.demo');

      // The lead of the group may.
      const lead = await admin.patch(`/api/admin/groups/${it.id}`, { leadIds: [e2.id] });
      expect(lead.status).toBe(200);
      expect(lead.body.leadIds).toEqual([e2.id]);
      expect((await employee2.post(`/api/tasks/${id}/assign`, { assignee: 'employee2@lotse.demo' })).status).toBe(204);
      // The department owner and an admin may as well.
      expect((await ownerIt.post(`/api/tasks/${id}/assign`, { assignee: 'agent.it@lotse.demo' })).status).toBe(204);
      expect((await admin.post(`/api/tasks/${id}/assign`, { assignee: 'employee2@lotse.demo' })).status).toBe(204);
      // A lead must be a member.
      const notMember = await admin.patch(`/api/admin/groups/${it.id}`, { leadIds: [users.find((u) => u.email === 'employee@lotse.demo')!.id] });
      expect(notMember.status).toBe(422);
      expect(notMember.body.errors).toContainEqual(expect.objectContaining({ path: '/leadIds/0' }));
    });

    it('a free task may still be handed to a colleague by a candidate', async () => {
      const id = await startWork();
      expect((await agentIt.post(`/api/tasks/${id}/assign`, { assignee: 'employee2@lotse.demo' })).status).toBe(204);
    });
  });
});
