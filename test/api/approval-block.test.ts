/**
 * The modeller's approval building block on the real server: the BPMN the generator builds for
 * several option sets is deployed through the API, and every path runs — approve, reject with a
 * reason (refused without one), levels by amount choosing the approver groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import {
  approvalExtensionValues, approvalLoop, approvalProblems, approvalSpec, defaultApprovalOptions, readApprovalOptions, type ApprovalOptions,
} from '../../app/modeler/approval/approvalBlock';
import { approvalFormDefinition, approvalFormKey, approvalFormTitle } from '../../app/modeler/approval/approvalForm';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const FORM = approvalFormKey('hr');

/** A process around the block as the modeller inserts it: task → "Approved?" → approved / rejected (default). */
async function approvalProcessXml(id: string, options: Partial<ApprovalOptions>) {
  const o = { ...defaultApprovalOptions(FORM), ...options };
  expect(approvalProblems(o)).toEqual([]);
  const spec = approvalSpec(o);
  const moddle = new BpmnModdle(moddleExtensions);
  const create = (type: string, attrs?: Record<string, unknown>) => moddle.create(type, attrs);
  const task = create('bpmn:UserTask', { id: 'Approve', name: 'Approve' });
  const ext = create('bpmn:ExtensionElements', { values: approvalExtensionValues(create, spec) });
  task.extensionElements = ext;
  task.loopCharacteristics = approvalLoop(create, spec);
  const start = create('bpmn:StartEvent', { id: 'Start' });
  const gateway = create('bpmn:ExclusiveGateway', { id: 'Decided', name: 'Approved?' });
  const approved = create('bpmn:EndEvent', { id: 'Approved' });
  const rejected = create('bpmn:EndEvent', { id: 'Rejected' });
  const flow = (fid: string, sourceRef: any, targetRef: any, condition?: string) => {
    const f = create('bpmn:SequenceFlow', { id: fid, sourceRef, targetRef });
    if (condition) f.conditionExpression = create('bpmn:FormalExpression', { body: condition });
    (sourceRef.outgoing ??= []).push(f);
    (targetRef.incoming ??= []).push(f);
    return f;
  };
  const flows = [flow('f1', start, task), flow('f2', task, gateway), flow('yes', gateway, approved, spec.approvedCondition), flow('no', gateway, rejected)];
  gateway.default = flows[3];
  const catalog = create('esm:Catalog', { title: id, requesters: 'employee' });
  const process = create('bpmn:Process', {
    id, isExecutable: true, department: 'hr',
    extensionElements: create('bpmn:ExtensionElements', { values: [catalog] }),
    flowElements: [start, task, gateway, approved, rejected, ...flows],
  });
  const definitions = create('bpmn:Definitions', { id: `${id}-defs`, targetNamespace: 'urn:test', rootElements: [process] });
  const { xml } = await moddle.toXML(definitions, { format: true });
  return xml;
}

describe.each(dbTargets())('approval building block on the API ($name)', (target) => {
  let dispose: () => Promise<void>;
  let owner: Client, employee: Client, hr: Client, finance: Client, itAgent: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    const ctx = await seededApp(opened.db);
    [owner, employee, hr, finance, itAgent] = await Promise.all(
      ['owner.hr@lotse.demo', 'employee@lotse.demo', 'agent.hr@lotse.demo', 'agent.purchasing@lotse.demo', 'agent.it@lotse.demo'].map((e) => ctx.as(e)),
    );
    const departments = await owner.get('/api/departments');
    const hrId = departments.body.items.find((d: { key: string }) => d.key === 'hr').id;
    const form = await owner.post('/api/forms', { key: FORM, departmentId: hrId, title: approvalFormTitle, definition: approvalFormDefinition });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
  });
  afterAll(() => dispose());

  async function deploy(id: string, options: Partial<ApprovalOptions>) {
    const xml = await approvalProcessXml(id, options);
    const r = await owner.post('/api/deployments', { xml });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // The bare test process has no diagram and no labels; anything else the deploy warns about is the block's.
    const warnings = (r.body.warnings ?? []).filter((w: { message: string }) => !/label-required|no-bpmndi/.test(w.message));
    expect(warnings).toEqual([]);
    return xml;
  }
  async function start(key: string, variables: Record<string, unknown> = {}) {
    const r = await employee.post('/api/process-instances', { processKey: key, variables });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  }
  async function detail(id: string) {
    return (await owner.get(`/api/process-instances/${id}`)).body;
  }
  async function openTasks(id: string) {
    return ((await detail(id)).tasks as { id: string; status: string; assignee: string | null; candidateGroups: string[] }[]).filter((t) => t.status === 'open');
  }
  async function decide(worker: Client, taskId: string, variables: Record<string, unknown>) {
    return worker.post(`/api/tasks/${taskId}/complete`, { variables });
  }
  async function outcome(id: string) {
    const d = await detail(id);
    const ended = d.history.filter((e: { kind: string; elementId: string }) => e.kind === 'element_completed' && ['Approved', 'Rejected'].includes(e.elementId));
    return { end: ended.map((e: { elementId: string }) => e.elementId), variables: d.variables ?? {}, status: d.status };
  }

  it('keeps its options on the task, so the modeller can reopen them', async () => {
    const xml = await deploy('approval-one', { approvers: ['hr'] });
    const { rootElement } = await new BpmnModdle(moddleExtensions).fromXML(xml, 'bpmn:Definitions');
    const task = (rootElement as any).rootElements[0].flowElements.find((e: any) => e.id === 'Approve');
    expect(readApprovalOptions(task)).toMatchObject({ mode: 'one', approvers: ['hr'], variable: 'approval' });
  });

  it('one of them: a single task for the group; rejecting needs a reason', async () => {
    const id = await start('approval-one');
    const [task] = await openTasks(id);
    expect(task.candidateGroups).toEqual(['hr']);
    const refused = await decide(hr, task.id, { decision: 'rejected' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: '/reason' }));
    expect((await decide(hr, task.id, { decision: 'maybe' })).status).toBe(422);
    expect((await decide(hr, task.id, { decision: 'rejected', reason: 'No budget' })).status).toBe(204);
    const r = await outcome(id);
    expect(r.end).toEqual(['Rejected']);
    expect(r.variables).toMatchObject({ approval: 'rejected', approvalReason: 'No budget' });
    expect(r.variables).not.toHaveProperty('decision');

    const again = await start('approval-one');
    expect((await decide(hr, (await openTasks(again))[0].id, { decision: 'approved' })).status).toBe(204);
    expect((await outcome(again)).end).toEqual(['Approved']);
  });

  it('all in parallel: everyone must approve; the first rejection ends the others', async () => {
    await deploy('approval-parallel', { mode: 'parallel', approvers: ['hr', 'finance'], variable: 'leave' });
    const id = await start('approval-parallel');
    const tasks = await openTasks(id);
    expect(tasks.map((t) => t.candidateGroups).sort()).toEqual([['finance'], ['hr']]);
    const byGroup = (g: string) => tasks.find((t) => t.candidateGroups[0] === g)!.id;
    expect((await decide(finance, byGroup('finance'), { decision: 'approved', reason: 'ok' })).status).toBe(204);
    expect(await outcome(id)).toMatchObject({ end: [] });
    expect((await decide(hr, byGroup('hr'), { decision: 'approved' })).status).toBe(204);
    const done = await outcome(id);
    expect(done.end).toEqual(['Approved']);
    expect(done.variables.leave).toBe('approved');
    expect(done.variables.leaveDecisions).toEqual([
      { approver: 'hr', decision: 'approved', reason: null },
      { approver: 'finance', decision: 'approved', reason: 'ok' },
    ]);

    const rejected = await start('approval-parallel');
    const open = await openTasks(rejected);
    expect((await decide(hr, open.find((t) => t.candidateGroups[0] === 'hr')!.id, { decision: 'rejected', reason: 'Team is short' })).status).toBe(204);
    expect(await openTasks(rejected)).toEqual([]);
    expect(await outcome(rejected)).toMatchObject({ end: ['Rejected'], variables: { leave: 'rejected', leaveReason: 'Team is short' } });
  });

  it('all in parallel without "first rejection ends": every approver decides, one rejection still rejects', async () => {
    await deploy('approval-all-vote', { mode: 'parallel', approvers: ['hr', 'finance'], firstRejectEnds: false });
    const id = await start('approval-all-vote');
    const tasks = await openTasks(id);
    const byGroup = (g: string) => tasks.find((t) => t.candidateGroups[0] === g)!.id;
    expect((await decide(hr, byGroup('hr'), { decision: 'rejected', reason: 'Too expensive' })).status).toBe(204);
    expect((await openTasks(id)).length).toBe(1);
    expect((await decide(finance, byGroup('finance'), { decision: 'approved' })).status).toBe(204);
    expect(await outcome(id)).toMatchObject({ end: ['Rejected'], variables: { approval: 'rejected', approvalReason: 'Too expensive' } });
  });

  it('all in sequence: named users one after the other, in the given order', async () => {
    await deploy('approval-sequence', { mode: 'sequential', kind: 'users', approvers: ['agent.it@lotse.demo', 'agent.hr@lotse.demo'] });
    const id = await start('approval-sequence');
    let [task] = await openTasks(id);
    expect(task.assignee).toBe('agent.it@lotse.demo');
    expect((await decide(itAgent, task.id, { decision: 'approved' })).status).toBe(204);
    [task] = await openTasks(id);
    expect(task.assignee).toBe('agent.hr@lotse.demo');
    expect((await decide(hr, task.id, { decision: 'approved' })).status).toBe(204);
    expect(await outcome(id)).toMatchObject({ end: ['Approved'], variables: { approval: 'approved' } });

    const rejected = await start('approval-sequence');
    expect((await decide(itAgent, (await openTasks(rejected))[0].id, { decision: 'rejected', reason: 'Not now' })).status).toBe(204);
    expect(await openTasks(rejected)).toEqual([]);
    expect((await outcome(rejected)).end).toEqual(['Rejected']);
  });

  it('levels by amount choose the approver groups; below every level nobody is asked', async () => {
    await deploy('approval-levels', {
      mode: 'sequential', approvers: [],
      levels: [{ when: 'amount > 1000', approvers: ['hr'] }, { when: 'amount > 10000', approvers: ['finance'] }],
    });
    const groupsAsked = async (amount: number) => {
      const id = await start('approval-levels', { amount });
      const asked: string[][] = [];
      for (let open = await openTasks(id); open.length; open = await openTasks(id)) {
        asked.push(open[0].candidateGroups);
        const worker = open[0].candidateGroups[0] === 'hr' ? hr : finance;
        expect((await decide(worker, open[0].id, { decision: 'approved' })).status).toBe(204);
      }
      return { asked, ...(await outcome(id)) };
    };
    expect(await groupsAsked(500)).toMatchObject({ asked: [], end: ['Approved'] });
    expect(await groupsAsked(5000)).toMatchObject({ asked: [['hr']], end: ['Approved'] });
    expect(await groupsAsked(50000)).toMatchObject({ asked: [['hr'], ['finance']], end: ['Approved'], variables: { approval: 'approved' } });
  });

  it('levels in mode "one": one task for all groups the amount calls for', async () => {
    await deploy('approval-one-levels', {
      approvers: ['hr'], levels: [{ when: 'amount > 10000', approvers: ['finance'] }],
    });
    const big = await start('approval-one-levels', { amount: 20000 });
    const [task] = await openTasks(big);
    expect(task.candidateGroups).toEqual(['hr', 'finance']);
    expect((await decide(finance, task.id, { decision: 'rejected', reason: 'Over budget' })).status).toBe(204);
    expect(await outcome(big)).toMatchObject({ end: ['Rejected'], variables: { approval: 'rejected', approvalReason: 'Over budget' } });
    const small = await start('approval-one-levels', { amount: 20 });
    expect((await openTasks(small))[0].candidateGroups).toEqual(['hr']);
  });

  it('approvers from the request data (a FEEL list)', async () => {
    await deploy('approval-from-data', { mode: 'parallel', kind: 'users', approversExpression: '=reviewers' });
    const id = await start('approval-from-data', { reviewers: ['agent.hr@lotse.demo'] });
    const [task] = await openTasks(id);
    expect(task.assignee).toBe('agent.hr@lotse.demo');
    expect((await decide(hr, task.id, { decision: 'approved' })).status).toBe(204);
    expect((await outcome(id)).end).toEqual(['Approved']);
  });
});
