import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('gateways', () => {
  it('given an inclusive split taking two branches, when both finish, then the join fires once', async () => {
    const e = await harness();
    await e.deploy(fixture('gateways.bpmn'));
    const i = await e.start('gateways', { needsA: true, needsB: true, amount: 500 });
    expect(await e.activeElements(i)).toEqual(['TaskA', 'TaskB']);
    await e.completeTask(i, 'TaskA');
    expect(await e.activeElements(i)).toEqual(['Join', 'TaskB']);
    await e.completeTask(i, 'TaskB');
    // parallel split: P2 (manual) passes straight to the parallel join, P1 waits
    expect(await e.activeElements(i)).toEqual(['Merge', 'P1']);
    await e.completeTask(i, 'P1');
    expect(await e.status(i)).toBe('completed');
    expect((await e.history(i)).filter((h) => h.kind === 'element_completed' && h.elementId === 'EndBig')).toHaveLength(1);
  });

  it('given an inclusive split taking one branch, then the join does not wait for branches that cannot arrive', async () => {
    const e = await harness();
    await e.deploy(fixture('gateways.bpmn'));
    const i = await e.start('gateways', { needsA: true, needsB: false, amount: 5 });
    expect(await e.activeElements(i)).toEqual(['TaskA']);
    await e.completeTask(i, 'TaskA');
    expect(await e.activeElements(i)).toEqual(['Merge', 'P1']);
    await e.completeTask(i, 'P1');
    const ends = (await e.history(i)).filter((h) => h.elementType === 'endEvent').map((h) => h.elementId);
    expect(ends).toEqual(['EndSmall', 'EndSmall']);
  });

  it('given no inclusive condition holds, then the default flow is taken', async () => {
    const e = await harness();
    await e.deploy(fixture('gateways.bpmn'));
    const i = await e.start('gateways', { needsA: false, needsB: false, amount: 5 });
    expect(await e.activeElements(i)).toEqual(['TaskC']);
  });

  it('given an exclusive condition that fails, then an incident opens and a retry with data continues', async () => {
    const e = await harness();
    await e.deploy(fixture('gateways.bpmn'));
    const i = await e.start('gateways', { needsA: false, needsB: false });
    await e.completeTask(i, 'TaskC');
    await e.completeTask(i, 'P1');
    const [incident] = await e.incidents(i);
    expect(incident.elementId).toBe('Route');
    await e.retryIncident(i, incident.id, { amount: 1000 });
    expect(await e.status(i)).toBe('completed');
  });
});
