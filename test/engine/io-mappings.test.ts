import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('input/output mappings and task headers', () => {
  it('given input mappings and headers on a job, then the worker sees local inputs and headers; outputs alone reach the process', async () => {
    const e = await harness();
    await e.deploy(fixture('io-mappings.bpmn'));
    const i = await e.start('io-mappings', { customer: { id: 'C-7' }, maxRetries: 4 });
    const [job] = await e.jobs(i);
    expect(job).toMatchObject({ elementId: 'Fetch', type: 'crm-lookup', retries: 4, headers: { endpoint: '/customers', method: 'GET' } });
    expect(job.variables).toMatchObject({ customerId: 'C-7', mode: 'full', customer: { id: 'C-7' } });

    await e.completeJob(i, 'Fetch', { response: { status: 200, body: { name: 'Ada' } } });
    const vars = await e.variables(i);
    expect(vars).toMatchObject({ customerName: 'Ada', found: true });
    for (const local of ['response', 'customerId', 'mode']) expect(vars).not.toHaveProperty(local);
  });

  it('given mappings on a user task and a sub-process, then inputs stay local and outputs are evaluated on completion', async () => {
    const e = await harness();
    await e.deploy(fixture('io-mappings.bpmn'));
    const i = await e.start('io-mappings', { customer: { id: 'C-8' }, maxRetries: 1 });
    await e.completeJob(i, 'Fetch', { response: { status: 404, body: { name: 'Bo' } } });
    const [task] = await e.tasks(i);
    expect(task).toMatchObject({ elementId: 'Review', headers: { layout: 'compact' } });
    await e.completeTask(i, 'Review', { decision: 'ok' });
    expect(await e.status(i)).toBe('completed');
    const vars = await e.variables(i);
    expect(vars).toMatchObject({ found: false, approved: true, reviewedTitle: 'Check Bo', finalCount: 1 });
    for (const local of ['decision', 'title', 'counter']) expect(vars).not.toHaveProperty(local);
  });

  it('given an input mapping that fails at runtime, then an incident opens on that element and a retry with new variables recovers', async () => {
    const e = await harness();
    await e.deploy(fixture('io-mappings.bpmn'));
    const i = await e.start('io-mappings', { customer: { id: 'C-9' }, maxRetries: 1 });
    await e.completeJob(i, 'Fetch', { response: { status: 200, body: { name: 5 } } });
    const [incident] = await e.incidents(i);
    expect(incident.elementId).toBe('Review');
    expect(incident.message).toContain("input mapping 'title'");
    expect(await e.tasks(i)).toEqual([]);
    await e.retryIncident(i, incident.id, { customerName: 'Cy' });
    expect((await e.tasks(i)).map((t) => t.elementId)).toEqual(['Review']);
  });
});
