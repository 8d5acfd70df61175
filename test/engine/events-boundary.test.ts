import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

const start = async () => {
  const e = await harness();
  await e.deploy(fixture('boundary-events.bpmn'));
  const i = await e.start('boundaries', { caseId: 'B-1', limit: 'PT1H' });
  return { e, i };
};

describe('boundary events', () => {
  it('given an interrupting message boundary, when the message arrives, then the task is cancelled and its subscriptions close', async () => {
    const { e, i } = await start();
    expect(await e.correlate('stop', 'B-1')).toBe(1);
    expect(await e.status(i)).toBe('completed');
    expect(await e.tasks(i)).toEqual([]);
    expect(await e.correlate('note', 'B-1')).toBe(0);
    await e.advance('PT2H');
    expect((await e.history(i)).filter((h) => h.elementId === 'TooLate')).toEqual([]);
  });

  it('given a non-interrupting message boundary, when the message arrives twice, then the task stays and two side paths run', async () => {
    const { e, i } = await start();
    expect(await e.correlate('note', 'B-1', { note: 'first' })).toBe(1);
    expect(await e.correlate('note', 'B-1', { note: 'second' })).toBe(1);
    expect(await e.activeElements(i)).toEqual(['ReadNote', 'ReadNote', 'Work']);
    expect((await e.variables(i)).note).toBe('second');
    await e.completeTask(i, 'Work');
    expect(await e.correlate('note', 'B-1')).toBe(0);
    await e.completeTask(i, 'ReadNote');
    await e.completeTask(i, 'ReadNote');
    expect(await e.status(i)).toBe('completed');
  });

  it('given an interrupting signal boundary, when the signal is broadcast, then the task is replaced by the boundary path', async () => {
    const { e, i } = await start();
    await e.broadcastSignal('halt', { reason: 'freeze' });
    expect(await e.activeElements(i)).toEqual(['HaltedTask']);
    expect((await e.variables(i)).reason).toBe('freeze');
    await e.broadcastSignal('ping');
    expect(await e.activeElements(i)).toEqual(['HaltedTask']);
  });

  it('given a non-interrupting signal boundary, when the signal is broadcast, then the task keeps running', async () => {
    const { e, i } = await start();
    await e.broadcastSignal('ping');
    await e.broadcastSignal('ping');
    expect(await e.activeElements(i)).toEqual(['Pong', 'Pong', 'Work']);
  });

  it('given an interrupting timer boundary with a FEEL duration, when it fires, then the task is cancelled', async () => {
    const { e, i } = await start();
    await e.advance('PT59M');
    expect(await e.activeElements(i)).toEqual(['Work']);
    await e.advance('PT1M');
    expect(await e.activeElements(i)).toEqual(['TooLate']);
    expect(await e.correlate('stop', 'B-1')).toBe(0);
  });

  it('given an interrupting escalation boundary on a sub-process, when the escalation end event is reached, then the sub-process is cancelled', async () => {
    const e = await harness();
    await e.deploy(fixture('boundary-events.bpmn'));
    const i = await e.start('boundary-escalation', { mode: 'stop' });
    expect(await e.activeElements(i)).toEqual(['Escalated']);
    expect((await e.history(i)).some((h) => h.kind === 'element_cancelled' && h.elementId === 'Stage')).toBe(true);
  });

  it('given a non-interrupting escalation boundary, when an intermediate escalation is thrown, then both paths run', async () => {
    const e = await harness();
    await e.deploy(fixture('boundary-events.bpmn'));
    const i = await e.start('boundary-escalation', { mode: 'more' });
    expect(await e.activeElements(i)).toEqual(['Extra', 'Inner', 'Stage']);
    await e.completeTask(i, 'Inner');
    await e.completeTask(i, 'Extra');
    expect(await e.status(i)).toBe('completed');
  });
});
