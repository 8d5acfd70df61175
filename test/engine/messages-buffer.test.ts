import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('message buffering and unmatched messages', () => {
  it('given a message published with a ttl before anyone waits, when a matching subscription opens in time, then it receives the message once', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    expect(await e.correlate('docs-received', 'T-1', { docs: 2 }, { ttl: 'PT1H' })).toBe(0);
    await e.advance('PT30M');
    const first = await e.start('messages', { ticketId: 'T-1' });
    expect(await e.activeElements(first)).toEqual(['Handle']);
    expect((await e.variables(first)).docs).toBe(2);
    const second = await e.start('messages', { ticketId: 'T-1' });
    expect(await e.activeElements(second)).toEqual(['WaitDocs']);
  });

  it('given a buffered message whose ttl ran out, then a later subscription does not receive it', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    await e.correlate('docs-received', 'T-2', { docs: 2 }, { ttl: 'PT1H' });
    await e.advance('PT2H');
    const i = await e.start('messages', { ticketId: 'T-2' });
    expect(await e.activeElements(i)).toEqual(['WaitDocs']);
  });

  it('given a buffered message with another correlation key, then it stays for its own key', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    await e.correlate('docs-received', 'T-3', { docs: 3 }, { ttl: 'P1D' });
    const other = await e.start('messages', { ticketId: 'T-4' });
    expect(await e.activeElements(other)).toEqual(['WaitDocs']);
    const own = await e.start('messages', { ticketId: 'T-3' });
    expect(await e.activeElements(own)).toEqual(['Handle']);
  });

  it('given a message nobody waits for and no ttl, then it correlates to nothing and is dropped', async () => {
    const e = await harness();
    await e.deploy(fixture('messages.bpmn'));
    const i = await e.start('messages', { ticketId: 'T-5' });
    expect(await e.correlate('no-such-message', 'T-5')).toBe(0);
    expect(await e.correlate('docs-received', 'T-6', { docs: 1 })).toBe(0);
    expect(await e.activeElements(i)).toEqual(['WaitDocs']);
    const later = await e.start('messages', { ticketId: 'T-6' });
    expect(await e.activeElements(later)).toEqual(['WaitDocs']);
  });
});
