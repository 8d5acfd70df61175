import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('tasks', () => {
  it('given an order, when the reviewer approves, then a ship job runs and the instance completes', async () => {
    const e = await harness();
    await e.deploy(fixture('order-approval.bpmn'));
    const i = await e.start('order-approval', { amount: 40, requester: { manager: 'mara' } });

    const [task] = await e.tasks(i);
    expect(task).toMatchObject({ elementId: 'Review', formId: 'review-form', assignee: 'mara', candidateGroups: ['purchasing', 'finance'], dueDate: '2025-01-07T08:00:00Z' });
    expect(await e.activeElements(i)).toEqual(['Review']);

    await e.completeTask(i, 'Review', { approved: true, comment: 'ok' });
    const [job] = await e.jobs(i);
    expect(job).toMatchObject({ elementId: 'Ship', type: 'ship-order', retries: 5, headers: { carrier: 'dhl' } });
    expect(await e.variables(i)).toMatchObject({ amount: 40, approved: true });
    // output mappings keep task-local variables out of the process
    expect(await e.variables(i)).not.toHaveProperty('comment');
    expect(await e.variables(i)).not.toHaveProperty('doubled');

    await e.completeJob(i, 'Ship', { trackingId: 'T-1' });
    expect(await e.status(i)).toBe('completed');
    expect(await e.variables(i)).toMatchObject({ trackingId: 'T-1' });
    const kinds = (await e.history(i)).map((h) => `${h.kind}:${h.elementId}`);
    expect(kinds).toContain('element_completed:Ship');
    expect(kinds.at(-1)).toBe('process_completed:order-approval');
  });

  it('given a rejected order, when the default flow is taken, then the FEEL script sets its result variable', async () => {
    const e = await harness();
    await e.deploy(fixture('order-approval.bpmn'));
    const i = await e.start('order-approval', { amount: 7, requester: { manager: 'mara' } });
    await e.completeTask(i, 'Review', { approved: false });
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).outcome).toBe('rejected: 7');
  });

  it('given a job whose retries ran out, when the incident is retried, then a new job is created', async () => {
    const e = await harness();
    await e.deploy(fixture('order-approval.bpmn'));
    const i = await e.start('order-approval', { amount: 7, requester: { manager: 'mara' } });
    await e.completeTask(i, 'Review', { approved: true });
    await e.failJob(i, 'Ship', 'carrier down');
    const [incident] = await e.incidents(i);
    expect(incident).toMatchObject({ elementId: 'Ship', message: 'carrier down' });
    expect(await e.jobs(i)).toEqual([]);
    await e.retryIncident(i, incident.id);
    expect(await e.incidents(i)).toEqual([]);
    expect((await e.jobs(i)).map((j) => j.elementId)).toEqual(['Ship']);
  });

  it('given a running instance, when it is cancelled, then its open task disappears', async () => {
    const e = await harness();
    await e.deploy(fixture('order-approval.bpmn'));
    const i = await e.start('order-approval', { amount: 7, requester: { manager: 'mara' } });
    await e.cancel(i);
    expect(await e.status(i)).toBe('terminated');
    expect(await e.tasks(i)).toEqual([]);
  });
});
