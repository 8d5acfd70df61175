// Issue #14, point 3: business rules a requester cannot bend — disabled versions stay disabled,
// reserved variables cannot be supplied, and nobody approves their own request (four-eyes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';
import type { Db } from '../../server/db';
import { RESERVED_VARIABLES } from '../../common/task-rules';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1"';

/** start → one user task (attributes and extension elements given) → end, in a department. */
const oneTask = (id: string, department: string, taskAttrs: string, taskExt: string, name = 'Work', extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="${id}-defs" targetNamespace="urn:test">
  <bpmn:process id="${id}" name="${id}" isExecutable="true" esm:department="${department}">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task" />
    <bpmn:userTask id="Task" name="${name}" ${taskAttrs}><bpmn:extensionElements><zeebe:userTask />${taskExt}</bpmn:extensionElements>${extra}</bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dbTargets())('rules a requester cannot bend ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let ownerIt: Client, ownerHr: Client, agentIt: Client, agentHr: Client, employee: Client, employee2: Client, admin: Client;

  const start = async (who: Client, processKey: string, variables: Record<string, unknown> = {}) => {
    const r = await who.post('/api/process-instances', { processKey, variables });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const openTask = async (instanceId: string, elementId = 'Task') => {
    const r = await db.query<{ id: string; assignee: string | null; candidate_groups: string[]; candidate_users: string[]; approval: boolean }>(
      "SELECT id, assignee, candidate_groups, candidate_users, approval FROM tasks WHERE instance_id = $1 AND element_id = $2 AND status = 'open'",
      [instanceId, elementId],
    );
    expect(r.rows).toHaveLength(1);
    return r.rows[0];
  };
  const deploy = async (who: Client, body: unknown) => {
    const r = await who.post('/api/deployments', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; version: number };
  };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(opened.db);
    [ownerIt, ownerHr, agentIt, agentHr, employee, employee2, admin] = await Promise.all(
      ['owner.it', 'owner.hr', 'agent.it', 'agent.hr', 'employee', 'employee2', 'admin'].map((u) => ctx.as(`${u}@lotse.demo`)),
    );
    await deploy(ownerIt, { xml: oneTask('rules-plain', 'it', '', '<zeebe:assignmentDefinition candidateGroups="it" />') });
  });
  afterAll(() => dispose());

  describe('a disabled version', () => {
    it('cannot be started by naming its number; the enabled one can', async () => {
      const v1 = await deploy(ownerIt, { xml: oneTask('rules-versions', 'it', '', '<zeebe:assignmentDefinition candidateGroups="it" />') });
      const v2 = await deploy(ownerIt, { xml: oneTask('rules-versions', 'it', '', '<zeebe:assignmentDefinition candidateGroups="it" />', 'Work v2') });
      expect((await ownerIt.patch(`/api/definitions/${v1.id}`, { enabled: false })).status).toBe(200);
      const before = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE process_key = 'rules-versions'");
      for (const who of [employee, ownerIt, admin]) {
        const r = await who.post('/api/process-instances', { processKey: 'rules-versions', version: 1 });
        expect(r.status).toBe(409);
        expect(r.body).toMatchObject({ code: 'version_disabled', error: expect.stringContaining('Version 1') });
      }
      const after = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE process_key = 'rules-versions'");
      expect(after.rows[0].n).toBe(before.rows[0].n);
      const ok = await employee.post('/api/process-instances', { processKey: 'rules-versions', version: v2.version });
      expect(ok.status).toBe(201);
      // Without a version the newest enabled one starts, as before.
      expect((await employee.post('/api/process-instances', { processKey: 'rules-versions' })).status).toBe(201);
    });
  });

  describe('reserved variables', () => {
    it('the list names what Lotse sets itself', () => {
      expect([...RESERVED_VARIABLES].sort()).toEqual(['assignedGroup', 'initiator', 'loopCounter']);
    });

    it.each(['initiator', 'assignedGroup', 'loopCounter'])('a start may not supply %s: 422 naming the variable path', async (name) => {
      const r = await employee.post('/api/process-instances', { processKey: 'rules-plain', variables: { item: 'x', [name]: 'agent.it@lotse.demo' } });
      expect(r.status).toBe(422);
      expect(r.body.errors).toEqual([{ path: `/variables/${name}`, message: expect.stringContaining('set by Lotse') }]);
    });

    it('a start may still carry a priority of its own choosing (not engine-set)', async () => {
      const id = await start(employee, 'rules-plain', { priority: 'high' });
      expect((await employee.get(`/api/process-instances/${id}`)).body.variables).toMatchObject({ priority: 'high', initiator: 'employee@lotse.demo' });
    });

    it('a task completion may not overwrite initiator; the request keeps its requester', async () => {
      const id = await start(employee, 'rules-plain');
      const task = await openTask(id);
      const r = await agentIt.post(`/api/tasks/${task.id}/complete`, { variables: { done: true, initiator: 'agent.it@lotse.demo' } });
      expect(r.status).toBe(422);
      expect(r.body.errors).toEqual([{ path: '/variables/initiator', message: expect.any(String) }]);
      expect((await openTask(id)).id).toBe(task.id);
      expect((await employee.get(`/api/process-instances/${id}`)).body.variables.initiator).toBe('employee@lotse.demo');
    });

    it("inside a multi-instance task, the engine's input element and loopCounter are reserved too", async () => {
      const loop = '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[&quot;agent.it@lotse.demo&quot;]" inputElement="approver" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>';
      await deploy(ownerIt, { xml: oneTask('rules-mi', 'it', '', '<zeebe:assignmentDefinition assignee="=approver" />', 'Decide', loop) });
      const id = await start(employee, 'rules-mi');
      const task = await openTask(id);
      for (const name of ['approver', 'loopCounter']) {
        const r = await agentIt.post(`/api/tasks/${task.id}/complete`, { variables: { [name]: 'owner.it@lotse.demo' } });
        expect(r.status).toBe(422);
        expect(r.body.errors).toEqual([{ path: `/variables/${name}`, message: expect.any(String) }]);
      }
      expect((await agentIt.post(`/api/tasks/${task.id}/complete`, { variables: { decision: 'ok' } })).status).toBe(204);
    });
  });

  describe('four-eyes on approvals', () => {
    beforeAll(async () => {
      // An approval task (esm:approval) for a person named in the request, else the HR group.
      await deploy(ownerHr, { xml: oneTask('rules-approve', 'hr', 'esm:approval="true"', '<zeebe:assignmentDefinition assignee="=approverEmail" candidateGroups="hr" candidateUsers="=approverEmail" />', 'Approve') });
      // The approval building block marks its task with the zeebe property lotse:approval.
      await deploy(ownerHr, {
        xml: oneTask('rules-block', 'hr', '', '<zeebe:assignmentDefinition candidateGroups="hr" /><zeebe:properties><zeebe:property name="lotse:approval" value="{}" /></zeebe:properties>', 'Approve'),
      });
    });

    it('an approval task naming the requester as approver is not assigned to them; it stays with the group', async () => {
      const id = await start(employee, 'rules-approve', { approverEmail: 'Employee@lotse.demo' });
      const task = await openTask(id);
      expect(task).toMatchObject({ assignee: null, candidate_groups: ['hr'], candidate_users: [], approval: true });
      // The requester neither sees nor completes it; HR does.
      expect((await employee.post(`/api/tasks/${task.id}/complete`, { variables: {} })).status).toBe(404);
      expect((await employee.get('/api/tasks?assignee=me')).body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
      const history = await employee.get(`/api/process-instances/${id}`);
      expect(history.body.history).toContainEqual(expect.objectContaining({ kind: 'task_created', data: expect.objectContaining({ fourEyesDropped: 'employee@lotse.demo' }) }));
      expect((await agentHr.post(`/api/tasks/${task.id}/complete`, { variables: {} })).status).toBe(204);
    });

    it('a requester in the approving group may not claim, complete or be assigned their own approval: 403 four_eyes', async () => {
      const id = await start(agentHr, 'rules-approve', { approverEmail: 'employee2@lotse.demo' });
      const task = await openTask(id);
      expect(task.assignee).toBe('employee2@lotse.demo');
      const claim = await agentHr.post(`/api/tasks/${task.id}/claim`);
      expect(claim.status).toBe(403);
      expect(claim.body).toMatchObject({ code: 'four_eyes', error: expect.stringContaining('four-eyes') });
      const complete = await agentHr.post(`/api/tasks/${task.id}/complete`, { variables: {} });
      expect(complete).toMatchObject({ status: 403, body: { code: 'four_eyes' } });
      const assign = await ownerHr.post(`/api/tasks/${task.id}/assign`, { assignee: 'agent.hr@lotse.demo' });
      expect(assign).toMatchObject({ status: 403, body: { code: 'four_eyes' } });
      const bulk = await agentHr.post('/api/tasks/bulk-claim', { ids: [task.id] });
      expect(bulk.body).toMatchObject({ claimed: [], failed: [{ id: task.id }] });
      expect((await openTask(id)).assignee).toBe('employee2@lotse.demo');
      // Someone else decides.
      expect((await employee2.post(`/api/tasks/${task.id}/complete`, { variables: {} })).status).toBe(204);
    });

    it('holds for an admin too, and for the approval building block', async () => {
      const own = await start(admin, 'rules-approve', { approverEmail: 'employee2@lotse.demo' });
      expect((await admin.post(`/api/tasks/${(await openTask(own)).id}/complete`, { variables: {} })).body.code).toBe('four_eyes');
      const block = await start(agentHr, 'rules-block');
      const task = await openTask(block);
      expect(task.approval).toBe(true);
      expect((await agentHr.post(`/api/tasks/${task.id}/claim`)).body.code).toBe('four_eyes');
      expect((await ownerHr.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    });

    it('an ordinary task of the requester (not an approval) is theirs as before', async () => {
      await deploy(ownerHr, { xml: oneTask('rules-ask', 'hr', '', '<zeebe:assignmentDefinition assignee="=initiator" />', 'Send the certificate') });
      const id = await start(employee, 'rules-ask');
      const task = await openTask(id);
      expect(task).toMatchObject({ assignee: 'employee@lotse.demo', approval: false });
      expect((await employee.post(`/api/tasks/${task.id}/complete`, { variables: {} })).status).toBe(204);
    });
  });

  describe('the HR vacation template', () => {
    const leave = (manager: string, days = 3) => ({ leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-08', days, manager, deputy: 'Max' });

    beforeAll(async () => {
      await deploy(ownerHr, processDeployment('hr-vacation-request'));
    });

    it('a requester who names themself as manager does not get the approval: it goes to HR', async () => {
      const id = await start(employee, 'hr-vacation-request', leave('employee@lotse.demo'));
      const task = await openTask(id, 'ManagerApproval');
      expect(task).toMatchObject({ assignee: null, candidate_groups: ['hr'], approval: true });
      expect((await employee.post(`/api/tasks/${task.id}/complete`, { variables: { approved: true } })).status).not.toBe(204);
      expect((await employee.get(`/api/process-instances/${id}`)).body.status).toBe('active');
      expect((await agentHr.post(`/api/tasks/${task.id}/complete`, { variables: { approved: false, reason: 'Please ask your manager' } })).status).toBe(204);
    });

    it('a real manager still gets the task alone (HR does not see it)', async () => {
      const id = await start(employee, 'hr-vacation-request', leave('employee2@lotse.demo'));
      const task = await openTask(id, 'ManagerApproval');
      expect(task).toMatchObject({ assignee: 'employee2@lotse.demo', candidate_groups: [] });
      expect((await agentHr.get(`/api/tasks/${task.id}`)).status).toBe(404);
    });

    it("an HR agent's own long leave is decided by someone else in HR", async () => {
      const id = await start(agentHr, 'hr-vacation-request', leave('employee2@lotse.demo', 15));
      const manager = await openTask(id, 'ManagerApproval');
      expect((await employee2.post(`/api/tasks/${manager.id}/complete`, { variables: { approved: true } })).status).toBe(204);
      const hr = await openTask(id, 'HrApproval');
      const own = await agentHr.post(`/api/tasks/${hr.id}/complete`, { variables: { approved: true } });
      expect(own).toMatchObject({ status: 403, body: { code: 'four_eyes' } });
      expect((await ownerHr.post(`/api/tasks/${hr.id}/complete`, { variables: { approved: true } })).status).toBe(204);
    });
  });
});
