import { describe, it, expect } from 'vitest';
import { harness, type EngineHarness } from './harness.js';
import { fixture } from './fixtures.js';

const PROCESS = 'order-listeners';

/** The one open job of an element: its type (listener jobs sit on the element they belong to). */
async function jobTypes(e: EngineHarness, i: string) {
  return (await e.jobs(i)).map((j) => `${j.elementId}:${j.type}`);
}

async function startToReview(e: EngineHarness) {
  const i = await e.start(PROCESS, { order: { id: 'O-7' }, checkKind: 'credit', creditRetries: 4, reviewer: 'ann@lotse.test' });
  await e.completeJob(i, PROCESS, { auditId: 'A-1' });
  await e.completeJob(i, 'PrepareOrder', { customer: 'ACME' });
  await e.completeJob(i, 'PrepareOrder');
  await e.completeJob(i, 'PrepareOrder', { prepared: true });
  await e.completeJob(i, 'PrepareOrder', { published: true });
  await e.completeJob(i, 'Route', { express: false });
  await e.completeJob(i, 'Review');
  return i;
}

describe('execution listeners (Camunda 8: jobs the element waits for)', () => {
  it('given start and end listeners on the process, a task and a gateway, then each waits for its job in model order and takes its variables', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await e.start(PROCESS, { order: { id: 'O-7' }, checkKind: 'credit', creditRetries: 4, reviewer: 'ann@lotse.test' });

    // the process's start listener runs before the start event
    expect(await jobTypes(e, i)).toEqual([`${PROCESS}:audit-start`]);
    expect(await e.history(i)).not.toContainEqual(expect.objectContaining({ kind: 'element_started', elementId: 'Start' }));
    await e.completeJob(i, PROCESS, { auditId: 'A-1' });
    expect((await e.variables(i)).auditId).toBe('A-1');

    // start listeners run after the input mappings and before the task's own job
    const [load] = await e.jobs(i);
    expect(load).toMatchObject({ elementId: 'PrepareOrder', type: 'load-customer', retries: 2 });
    expect(load.variables.orderId).toBe('O-7');
    await e.completeJob(i, 'PrepareOrder', { customer: 'ACME' });
    // the second listener's type and retries are FEEL, and it sees the first one's variables
    const [check] = await e.jobs(i);
    expect(check).toMatchObject({ type: 'check-credit', retries: 4 });
    expect(check.variables.customer).toBe('ACME');
    await e.completeJob(i, 'PrepareOrder');

    const [work] = await e.jobs(i);
    expect(work.type).toBe('prepare-order');
    expect(work.variables).toMatchObject({ orderId: 'O-7', customer: 'ACME' });
    await e.completeJob(i, 'PrepareOrder', { prepared: true });

    // the end listener runs after the task, with its own headers; its variables go to the parent scope
    const [publish] = await e.jobs(i);
    expect(publish).toMatchObject({ type: 'publish-order', headers: { topic: 'orders' } });
    expect(await e.activeElements(i)).toEqual(['PrepareOrder']);
    await e.completeJob(i, 'PrepareOrder', { published: true });
    const vars = await e.variables(i);
    expect(vars).toMatchObject({ prepared: true, published: true });
    // start listener variables were local to the task
    expect(vars).not.toHaveProperty('customer');
    expect(vars).not.toHaveProperty('orderId');

    // a gateway's start listener decides the route
    expect(await jobTypes(e, i)).toEqual(['Route:compute-route']);
    await e.completeJob(i, 'Route', { express: true });
    expect(await e.tasks(i)).toEqual([]);

    // the process's end listener runs after the last token, before the instance completes
    expect(await jobTypes(e, i)).toEqual([`${PROCESS}:audit-end`]);
    expect(await e.status(i)).toBe('active');
    await e.completeJob(i, PROCESS, { closed: true });
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).closed).toBe(true);
  });

  it('given a listener job that fails without retries, then the element has an incident and the retry runs only that listener again', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await e.start(PROCESS, { order: { id: 'O-8' }, checkKind: 'credit', creditRetries: 1 });
    await e.completeJob(i, PROCESS);
    await e.completeJob(i, 'PrepareOrder', { customer: 'ACME' });
    await e.failJob(i, 'PrepareOrder', 'credit service down');

    const [incident] = await e.incidents(i);
    expect(incident).toMatchObject({ elementId: 'PrepareOrder', message: 'credit service down' });
    expect(await e.jobs(i)).toEqual([]);
    await e.retryIncident(i, incident.id);
    expect(await jobTypes(e, i)).toEqual(['PrepareOrder:check-credit']);
    await e.completeJob(i, 'PrepareOrder');
    expect(await jobTypes(e, i)).toEqual(['PrepareOrder:prepare-order']);
  });

  it('given a listener type expression that fails, then an incident, and after the fix the event\'s listeners run again from the first', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await e.start(PROCESS, { order: { id: 'O-9' }, creditRetries: 1 });
    await e.completeJob(i, PROCESS);
    await e.completeJob(i, 'PrepareOrder', { customer: 'ACME' });
    const [incident] = await e.incidents(i);
    expect(incident.elementId).toBe('PrepareOrder');
    expect(incident.message).toContain('start execution listener type');
    await e.retryIncident(i, incident.id, { checkKind: 'debt' });
    expect(await jobTypes(e, i)).toEqual(['PrepareOrder:load-customer']);
    await e.completeJob(i, 'PrepareOrder');
    expect(await jobTypes(e, i)).toEqual(['PrepareOrder:check-debt']);
  });

  it('given a listener job, then a BPMN error from it is refused (as in Camunda 8) and the listener still waits', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await e.start(PROCESS, { order: { id: 'O-10' } });
    await expect(e.throwJobError(i, PROCESS, 'NOPE')).rejects.toThrow(/listener job cannot throw a BPMN error/);
    expect(await jobTypes(e, i)).toEqual([`${PROCESS}:audit-start`]);
  });

  it('given a cancelled instance, then its open listener job is cancelled too', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await e.start(PROCESS, { order: { id: 'O-11' } });
    await e.completeJob(i, PROCESS);
    expect(await jobTypes(e, i)).toEqual(['PrepareOrder:load-customer']);
    await e.cancel(i);
    expect(await e.jobs(i)).toEqual([]);
    expect(await e.status(i)).toBe('terminated');
  });
});

describe('user task listeners (Camunda 8.8: creating, completing with deny)', () => {
  it('given a creating listener, then the task is created only after its job, which sees the task\'s values in its headers', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await e.start(PROCESS, { order: { id: 'O-12' }, checkKind: 'credit', creditRetries: 4, reviewer: 'ann@lotse.test' });
    for (const [el, vars] of [[PROCESS, {}], ['PrepareOrder', {}], ['PrepareOrder', {}], ['PrepareOrder', {}], ['PrepareOrder', {}], ['Route', { express: false }]] as const) {
      await e.completeJob(i, el, vars);
    }
    const [creating] = await e.jobs(i);
    expect(creating).toMatchObject({ elementId: 'Review', type: 'assign-reviewer' });
    expect(creating.headers).toMatchObject({ 'io.camunda.zeebe:assignee': 'ann@lotse.test', 'io.camunda.zeebe:candidateGroups': 'sales' });
    expect(await e.tasks(i)).toEqual([]);
    // corrections (Camunda 8.8): the assignee only when the process set none; the rest applies
    await e.completeJob(i, 'Review', {}, { corrections: { assignee: 'bob@lotse.test', candidateGroups: ['purchasing'], priority: 80 } });
    expect(await e.tasks(i)).toEqual([expect.objectContaining({ assignee: 'ann@lotse.test', candidateGroups: ['purchasing'], priority: 80 })]);
  });

  it('given a creating listener that corrects the assignee of a task the process left unassigned, then the task is created for that person', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await e.start(PROCESS, { order: { id: 'O-13' }, checkKind: 'credit', creditRetries: 4, reviewer: null });
    for (const [el, vars] of [[PROCESS, {}], ['PrepareOrder', {}], ['PrepareOrder', {}], ['PrepareOrder', {}], ['PrepareOrder', {}], ['Route', { express: false }]] as const) {
      await e.completeJob(i, el, vars);
    }
    await e.completeJob(i, 'Review', {}, { corrections: { assignee: 'bob@lotse.test' } });
    expect((await e.tasks(i)).map((t) => t.assignee)).toEqual(['bob@lotse.test']);
  });

  it('given a completing listener that denies, then the task is open again and its variables are dropped; when it accepts, the process goes on', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await startToReview(e);
    const [task] = await e.tasks(i);

    await e.completeTask(i, 'Review', { approved: 'maybe' });
    // the completion waits for the listener: no task open, the element still active
    expect(await e.tasks(i)).toEqual([]);
    expect(await jobTypes(e, i)).toEqual(['Review:validate-review']);
    expect(await e.activeElements(i)).toEqual(['Review']);
    await e.completeJob(i, 'Review', {}, { denied: true, deniedReason: 'approved must be true or false' });

    expect((await e.tasks(i)).map((t) => t.id)).toEqual([task.id]);
    expect(await e.variables(i)).not.toHaveProperty('approved');
    expect(await e.history(i)).toContainEqual(expect.objectContaining({ kind: 'task_completion_denied', elementId: 'Review', data: expect.objectContaining({ deniedReason: 'approved must be true or false' }) }));

    await e.completeTask(i, 'Review', { approved: true });
    await e.completeJob(i, 'Review');
    expect((await e.variables(i)).approved).toBe(true);
    expect(await jobTypes(e, i)).toEqual([`${PROCESS}:audit-end`]);
  });

  it('given a task listener job completed with variables, then it is refused (Camunda 8.8 has no variables for task listeners)', async () => {
    const e = await harness();
    await e.deploy(fixture('listeners.bpmn'));
    const i = await startToReview(e);
    await e.completeTask(i, 'Review', { approved: true });
    await expect(e.completeJob(i, 'Review', { approved: false })).rejects.toThrow(/task listener job cannot be completed with variables/);
    expect(await jobTypes(e, i)).toEqual(['Review:validate-review']);
  });
});

describe('listeners Lotse or Camunda does not run are refused at deploy, by element id', () => {
  const model = (extension: string, element = '<bpmn:startEvent id="Start"><bpmn:extensionElements>EXT</bpmn:extensionElements></bpmn:startEvent><bpmn:sequenceFlow id="f" sourceRef="Start" targetRef="T" /><bpmn:userTask id="T"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>') =>
    `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"><bpmn:process id="refused-listeners" isExecutable="true">${element.replace('EXT', extension)}</bpmn:process></bpmn:definitions>`;

  it.each([
    ['a start listener on a start event', model('<zeebe:executionListeners><zeebe:executionListener eventType="start" type="x" /></zeebe:executionListeners>'), 'Start', /start event|startEvent/],
    ['two listeners with the same event and type', model('<zeebe:executionListeners><zeebe:executionListener eventType="end" type="x" /><zeebe:executionListener eventType="end" type="x" /></zeebe:executionListeners>'), 'Start', /unique/],
    ['an assigning task listener', model('', '<bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f" sourceRef="Start" targetRef="T" /><bpmn:userTask id="T"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="assigning" type="x" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>'), 'T', /assigning.*not supported/],
  ])('%s', async (_what, xml, elementId, message) => {
    const e = await harness();
    const err = await e.deploy(xml).catch((x: unknown) => x as { errors: { elementId: string; message: string }[] });
    expect(Array.isArray(err)).toBe(false);
    expect((err as { errors: { elementId: string; message: string }[] }).errors).toContainEqual(expect.objectContaining({ elementId, message: expect.stringMatching(message) }));
  });
});
