import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

const cancelled = async (e: Awaited<ReturnType<typeof harness>>, i: string) =>
  (await e.history(i)).filter((h) => h.kind === 'element_cancelled').map((h) => h.elementId).sort();

describe('end events', () => {
  it('given a terminate end event in a sub-process, then only the sub-process ends and the process goes on', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const i = await e.start('end-terminate');
    expect(await e.activeElements(i)).toEqual(['A', 'B', 'Sub', 'SubA', 'SubB']);
    await e.completeTask(i, 'SubA');
    expect(await e.activeElements(i)).toEqual(['A', 'AfterSub', 'B']);
    expect(await cancelled(e, i)).toEqual(['SubB']);
  });

  it('given a terminate end event at process level, when reached, then every other token is cancelled and the process completes', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const i = await e.start('end-terminate');
    await e.completeTask(i, 'A');
    expect(await e.status(i)).toBe('completed');
    expect(await e.tasks(i)).toEqual([]);
    expect(await cancelled(e, i)).toEqual(['B', 'Sub', 'SubA', 'SubB']);
    expect((await e.history(i)).at(-1)?.kind).toBe('process_completed');
  });

  it('given an error end event in a called process, when nothing there catches it, then the parent boundary does', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const i = await e.start('end-error-parent', { item: 'X' });
    const [child] = await e.childInstances(i);
    await e.completeTask(child, 'Lookup', { found: false });
    expect(await e.status(child)).toBe('failed');
    expect(await e.activeElements(i)).toEqual(['Recover']);
    expect((await e.history(i)).some((h) => h.kind === 'error_thrown' && h.data?.errorCode === 'NOT_FOUND')).toBe(true);
    await e.completeTask(i, 'Recover');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a called process that ends normally, then the parent continues on its sequence flow', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const i = await e.start('end-error-parent', { item: 'X' });
    const [child] = await e.childInstances(i);
    await e.completeTask(child, 'Lookup', { found: true });
    expect(await e.status(child)).toBe('completed');
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).found).toBe(true);
  });

  it('given an error from a called process that the parent does not catch either, then an incident opens on the call activity', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const i = await e.start('end-error-uncaught');
    const [child] = await e.childInstances(i);
    await e.completeTask(child, 'Lookup', { found: false });
    const [incident] = await e.incidents(i);
    expect(incident).toMatchObject({ elementId: 'UCall' });
    expect(incident.message).toContain('NOT_FOUND');
    expect(await e.status(i)).toBe('active');
  });

  it('given an escalation end event in a sub-process, then the non-interrupting boundary runs and the sub-process completes', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const i = await e.start('end-escalation');
    expect(await e.activeElements(i)).toEqual(['Continue', 'InformManager']);
    expect((await e.history(i)).some((h) => h.kind === 'escalation_thrown' && h.data?.escalationCode === 'LATE')).toBe(true);
  });

  it('given a message end event, when the process ends, then the message reaches the waiting instance with its payload', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const listener = await e.start('end-listener', { key: 'K-1' });
    const other = await e.start('end-listener', { key: 'K-2' });
    const thrower = await e.start('end-message', { key: 'K-1' });
    expect(await e.status(thrower)).toBe('completed');
    expect(await e.activeElements(listener)).toEqual(['GotPing', 'WaitDone']);
    expect((await e.variables(listener)).reply).toBe('pong from K-1');
    expect(await e.activeElements(other)).toEqual(['WaitDone', 'WaitPing']);
  });

  it('given a signal end event, when the process ends, then every instance waiting for the signal moves on', async () => {
    const e = await harness();
    await e.deploy(fixture('end-events.bpmn'));
    const a = await e.start('end-listener', { key: 'A' });
    const b = await e.start('end-listener', { key: 'B' });
    const thrower = await e.start('end-signal');
    expect(await e.status(thrower)).toBe('completed');
    for (const i of [a, b]) expect(await e.activeElements(i)).toEqual(['GotDone', 'WaitPing']);
  });
});
