import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('event sub-processes', () => {
  it('given an interrupting message event sub-process, when the message arrives, then the main path is cancelled', async () => {
    const e = await harness();
    await e.deploy(fixture('event-subprocesses.bpmn'));
    const i = await e.start('esp-message', { caseId: 'E-1' });
    expect(await e.correlate('abort', 'E-1', { why: 'duplicate' })).toBe(1);
    expect(await e.activeElements(i)).toEqual(['Aborted', 'OnAbort']);
    expect((await e.tasks(i)).map((t) => t.elementId)).toEqual(['Aborted']);
    expect((await e.variables(i)).why).toBe('duplicate');
    // the other event sub-process of the scope no longer listens
    expect(await e.correlate('comment', 'E-1')).toBe(0);
    await e.completeTask(i, 'Aborted');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a non-interrupting message event sub-process, when messages arrive, then each runs beside the main path', async () => {
    const e = await harness();
    await e.deploy(fixture('event-subprocesses.bpmn'));
    const i = await e.start('esp-message', { caseId: 'E-2' });
    expect(await e.correlate('comment', 'E-2')).toBe(1);
    expect(await e.correlate('comment', 'E-2')).toBe(1);
    expect(await e.activeElements(i)).toEqual(['OnComment', 'OnComment', 'ReadComment', 'ReadComment', 'Work']);
    await e.completeTask(i, 'Work');
    expect(await e.status(i)).toBe('active');
    await e.completeTask(i, 'ReadComment');
    await e.completeTask(i, 'ReadComment');
    expect(await e.status(i)).toBe('completed');
    expect(await e.correlate('abort', 'E-2')).toBe(0);
  });

  it('given timer event sub-processes, then a non-interrupting cycle reminds twice and the interrupting one ends the main path', async () => {
    const e = await harness();
    await e.deploy(fixture('event-subprocesses.bpmn'));
    const i = await e.start('esp-timer');
    await e.advance('PT30M');
    expect((await e.jobs(i)).map((j) => j.elementId)).toEqual(['Remind']);
    await e.advance('PT1H');
    expect((await e.jobs(i)).map((j) => j.elementId)).toEqual(['Remind', 'Remind']);
    await e.advance('PT30M');
    expect(await e.activeElements(i)).toEqual(['OnTimeout', 'TimedOut']);
    expect(await e.jobs(i)).toEqual([]);
    expect((await e.tasks(i)).map((t) => t.elementId)).toEqual(['TimedOut']);
  });

  it('given an error event sub-process, when a job throws its error code, then it replaces the main path', async () => {
    const e = await harness();
    await e.deploy(fixture('event-subprocesses.bpmn'));
    const i = await e.start('esp-error');
    await e.throwJobError(i, 'Lookup', 'LOOKUP_FAILED', { detail: 'timeout' });
    expect(await e.activeElements(i)).toEqual(['Fix', 'OnError']);
    expect((await e.variables(i)).detail).toBe('timeout');
    await e.completeTask(i, 'Fix');
    expect(await e.status(i)).toBe('completed');
  });

  it('given an error event sub-process, when a job throws another code, then an incident opens instead', async () => {
    const e = await harness();
    await e.deploy(fixture('event-subprocesses.bpmn'));
    const i = await e.start('esp-error');
    await e.throwJobError(i, 'Lookup', 'OTHER');
    expect((await e.incidents(i)).map((x) => x.elementId)).toEqual(['Lookup']);
  });

  it('given a non-interrupting escalation event sub-process, when the escalation is thrown, then both paths run', async () => {
    const e = await harness();
    await e.deploy(fixture('event-subprocesses.bpmn'));
    const i = await e.start('esp-escalation', { mode: 'more' });
    expect(await e.activeElements(i)).toEqual(['Extra', 'OnMore', 'SWork']);
  });

  it('given an interrupting escalation event sub-process, when the escalation is thrown, then the main path stops there', async () => {
    const e = await harness();
    await e.deploy(fixture('event-subprocesses.bpmn'));
    const i = await e.start('esp-escalation', { mode: 'stop' });
    expect(await e.activeElements(i)).toEqual(['OnStop', 'Stopped']);
    expect((await e.history(i)).some((h) => h.elementId === 'SWork')).toBe(false);
  });
});
