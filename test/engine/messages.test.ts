import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('message and signal events', () => {
  it('given a waiting message catch, when a message with the right key arrives, then its variables land in the instance', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    const i = await e.start('messages', { ticketId: 'T-7' });
    expect(await e.correlate('docs-received', 'T-other')).toBe(0);
    expect(await e.correlate('docs-received', 'T-7', { docs: 3 })).toBe(1);
    expect(await e.activeElements(i)).toEqual(['Handle']);
    expect((await e.variables(i)).docs).toBe(3);
  });

  it('given an interrupting message boundary, when it is correlated, then the task is cancelled', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    const i = await e.start('messages', { ticketId: 'T-7' });
    await e.correlate('docs-received', 'T-7');
    await e.correlate('ticket-cancelled', 'T-7');
    expect(await e.status(i)).toBe('completed');
    expect(await e.tasks(i)).toEqual([]);
    expect((await e.history(i)).some((h) => h.kind === 'element_cancelled' && h.elementId === 'Handle')).toBe(true);
  });

  it('given an event-based gateway, when the timer wins, then the other subscriptions close', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    const i = await e.start('messages', { ticketId: 'T-7' });
    await e.correlate('docs-received', 'T-7');
    await e.completeTask(i, 'Handle');
    expect(await e.activeElements(i)).toEqual(['Race']);
    await e.advance('P3D');
    expect(await e.status(i)).toBe('completed');
    expect(await e.correlate('answer', 'T-7')).toBe(0);
  });

  it('given two instances racing, when one receives the answer, then its signal throw closes the other', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    const a = await e.start('messages', { ticketId: 'A' });
    const b = await e.start('messages', { ticketId: 'B' });
    for (const [i, key] of [[a, 'A'], [b, 'B']]) {
      await e.correlate('docs-received', key);
      await e.completeTask(i, 'Handle');
    }
    await e.correlate('answer', 'A');
    expect(await e.status(a)).toBe('completed');
    expect(await e.status(b)).toBe('completed');
    expect((await e.history(b)).some((h) => h.elementId === 'EndClosed' && h.kind === 'element_completed')).toBe(true);
  });
});
