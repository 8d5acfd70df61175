import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('start events', () => {
  it('given a message start event, when the message is published, then an instance starts with its variables', async () => {
    const e = await harness();
    await e.deploy(fixture('start-events.bpmn'));
    expect(await e.correlate('order-placed', 'O-1', { orderId: 'O-1' })).toBe(1);
    const [i] = await e.instancesOf('start-message');
    expect(await e.activeElements(i)).toEqual(['Handle']);
    expect(await e.variables(i)).toEqual({ orderId: 'O-1' });
    expect((await e.history(i)).filter((h) => h.elementType === 'startEvent').map((h) => h.elementId)).toEqual(['OrderPlaced', 'OrderPlaced']);
  });

  it('given a process with a none and a message start, when started directly, then the none start event is used', async () => {
    const e = await harness();
    await e.deploy(fixture('start-events.bpmn'));
    const i = await e.start('start-message');
    expect((await e.history(i)).find((h) => h.elementType === 'startEvent')?.elementId).toBe('Manual');
    expect(await e.instancesOf('start-message')).toEqual([i]);
  });

  it('given a timer start event with a date, when the clock passes it, then exactly one instance starts', async () => {
    const e = await harness();
    await e.deploy(fixture('start-events.bpmn'));
    await e.advance('PT24H');
    expect(await e.instancesOf('start-timer-date')).toEqual([]);
    await e.advance('PT1H');
    const started = await e.instancesOf('start-timer-date');
    expect(started).toHaveLength(1);
    expect(await e.activeElements(started[0])).toEqual(['Review']);
    await e.advance('P7D');
    expect(await e.instancesOf('start-timer-date')).toHaveLength(1);
  });

  it('given a timer start event with a cycle R3/PT1H, then it starts three instances an hour apart and stops', async () => {
    const e = await harness();
    await e.deploy(fixture('start-events.bpmn'));
    await e.advance('PT59M');
    expect(await e.instancesOf('start-timer-cycle')).toHaveLength(0);
    await e.advance('PT1M');
    expect(await e.instancesOf('start-timer-cycle')).toHaveLength(1);
    await e.advance('PT2H');
    expect(await e.instancesOf('start-timer-cycle')).toHaveLength(3);
    await e.advance('P1D');
    expect(await e.instancesOf('start-timer-cycle')).toHaveLength(3);
  });

  it('given a redeployed process, then only the newest version keeps its start timer', async () => {
    const e = await harness();
    const xml = fixture('start-events.bpmn');
    await e.deploy(xml);
    await e.deploy(xml.replace('R3/PT1H', 'R1/PT2H'));
    await e.advance('PT5H');
    expect(await e.instancesOf('start-timer-cycle')).toHaveLength(1);
  });

  it('given a signal start event, when the signal is broadcast, then an instance starts with the signal variables', async () => {
    const e = await harness();
    await e.deploy(fixture('start-events.bpmn'));
    await e.broadcastSignal('alarm', { level: 2 });
    const [i] = await e.instancesOf('start-signal');
    expect(await e.activeElements(i)).toEqual(['Respond']);
    expect((await e.variables(i)).level).toBe(2);
    await e.broadcastSignal('other');
    expect(await e.instancesOf('start-signal')).toHaveLength(1);
  });
});
