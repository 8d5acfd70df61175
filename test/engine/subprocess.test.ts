import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('sub-processes and call activities', () => {
  it('given an embedded sub-process, when an escalation is thrown inside, then a non-interrupting boundary runs alongside', async () => {
    const e = await harness();
    await e.deploy(fixture('subprocess.bpmn'));
    const i = await e.start('fulfilment', { orderId: 'O-1' });
    await e.completeJob(i, 'Reserve', { reserved: true });
    expect(await e.activeElements(i)).toEqual(['Fulfil', 'Pack']);
    expect((await e.history(i)).some((h) => h.elementId === 'EndInformed' && h.kind === 'element_completed')).toBe(true);
    await e.completeTask(i, 'Pack');
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).reserved).toBe(true);
    // input-mapped variables stay local to the sub-process
    expect(await e.variables(i)).not.toHaveProperty('attempts');
  });

  it('given a non-interrupting message event sub-process, when the message arrives, then it runs beside the main path', async () => {
    const e = await harness();
    await e.deploy(fixture('subprocess.bpmn'));
    const i = await e.start('fulfilment', { orderId: 'O-2' });
    expect(await e.correlate('info-requested', 'O-2', { question: 'when?' })).toBe(1);
    expect(await e.activeElements(i)).toEqual(['AnswerInfo', 'Fulfil', 'InfoHandler', 'Reserve']);
    await e.completeTask(i, 'AnswerInfo');
    expect(await e.activeElements(i)).toEqual(['Fulfil', 'Reserve']);
  });

  it('given a job throwing a BPMN error, when the sub-process boundary catches it, then a call activity runs the child process', async () => {
    const e = await harness();
    await e.deploy(fixture('subprocess.bpmn'));
    const i = await e.start('fulfilment', { orderId: 'O-3' });
    await e.throwJobError(i, 'Reserve', 'NO_STOCK');
    expect(await e.activeElements(i)).toEqual(['Backorder']);
    const [child] = await e.childInstances(i);
    expect((await e.variables(child)).orderId).toBe('O-3');
    await e.completeTask(child, 'OrderFromSupplier', { supplier: 'ACME' });
    expect(await e.status(child)).toBe('completed');
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).supplier).toBe('ACME');
  });

  it('given a running call activity, when the parent is cancelled, then the child is cancelled too', async () => {
    const e = await harness();
    await e.deploy(fixture('subprocess.bpmn'));
    const i = await e.start('fulfilment', { orderId: 'O-4' });
    await e.throwJobError(i, 'Reserve', 'NO_STOCK');
    const [child] = await e.childInstances(i);
    await e.cancel(i);
    expect(await e.status(child)).toBe('terminated');
  });

  it('given an uncaught error code, then an incident opens on the task', async () => {
    const e = await harness();
    await e.deploy(fixture('subprocess.bpmn'));
    const i = await e.start('fulfilment', { orderId: 'O-5' });
    await e.throwJobError(i, 'Reserve', 'SOMETHING_ELSE');
    const [incident] = await e.incidents(i);
    expect(incident.elementId).toBe('Reserve');
    expect(incident.message).toContain('SOMETHING_ELSE');
  });
});
