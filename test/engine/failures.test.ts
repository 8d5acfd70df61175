import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('runtime failures and limits', () => {
  it('given a FEEL expression failing at runtime, then an incident opens on that element and the rest of the instance goes on', async () => {
    const e = await harness();
    await e.deploy(fixture('failures.bpmn'));
    const i = await e.start('feel-failure');
    await e.completeTask(i, 'Enter', { dueText: 'soon' });

    const [incident] = await e.incidents(i);
    expect(incident.elementId).toBe('ParseDue');
    expect(incident.message).toContain('date(dueText)');
    expect(await e.status(i)).toBe('active');
    expect(await e.activeElements(i)).toEqual(['Other', 'ParseDue']);
    expect((await e.variables(i)).dueText).toBe('soon');
    await e.completeTask(i, 'Other');
    expect(await e.activeElements(i)).toEqual(['ParseDue']);

    // fixed data: the script runs; the next FEEL failure (non-boolean condition) opens an incident on the gateway
    await e.retryIncident(i, incident.id, { dueText: '2025-02-01' });
    const [second] = await e.incidents(i);
    expect(second.elementId).toBe('Route');
    expect(second.message).toContain('expected boolean');
    await e.retryIncident(i, second.id, { priority: true });
    expect(await e.incidents(i)).toEqual([]);
    expect(await e.activeElements(i)).toEqual(['Urgent']);
    expect((await e.variables(i)).due).toBe('2025-02-01');
  });

  it('given variables that are not an object, then starting or completing a task is refused and nothing changes', async () => {
    const e = await harness();
    await e.deploy(fixture('failures.bpmn'));
    for (const bad of [[1, 2], 'text', 42, null]) {
      await expect(e.start('feel-failure', bad as unknown as Record<string, unknown>)).rejects.toThrow(/variables must be a JSON object/);
    }
    expect(await e.instancesOf('feel-failure')).toEqual([]);
    const i = await e.start('feel-failure', { a: 1 });
    await expect(e.completeTask(i, 'Enter', ['x'] as unknown as Record<string, unknown>)).rejects.toThrow(/variables must be a JSON object/);
    expect(await e.activeElements(i)).toEqual(['Enter']);
    expect((await e.tasks(i)).map((t) => t.elementId)).toEqual(['Enter']);
    await e.completeTask(i, 'Enter', { dueText: '2025-03-01', priority: false });
    expect(await e.activeElements(i)).toEqual(['Normal', 'Other']);
  });

  it('given a loop without wait states, then the trigger stops after 1,000 steps with an incident and the instance stays active', async () => {
    const e = await harness();
    await e.deploy(fixture('loop.bpmn'));
    const i = await e.start('loop', { n: 0 });
    const incidents = await e.incidents(i);
    expect(incidents).toHaveLength(1);
    expect(incidents[0].message).toContain('more than 1000 steps');
    expect(await e.status(i)).toBe('active');
    // each round is four steps (activate and complete of the gateway and the script): 1,000 steps = 250 rounds
    expect((await e.variables(i)).n).toBe(250);
  });
});

describe('a loop through service tasks without a wait state', () => {
  it('given built-in connectors that complete at once in a loop, then the start returns an instance whose looping task holds an incident', async () => {
    const e = await harness();
    await e.deploy(fixture('loop.bpmn'));
    const i = await e.start('service-loop', { status: 'pending' });
    expect(await e.instancesOf('service-loop')).toEqual([i]);
    expect(await e.status(i)).toBe('active');
    const incidents = await e.incidents(i);
    expect(incidents).toHaveLength(1);
    expect(incidents[0].message).toContain('endless loop');
    expect(['CheckStatus', 'Record']).toContain(incidents[0].elementId);
    expect(await e.activeElements(i)).toEqual([incidents[0].elementId]);

    // fixed data: the retry runs the loop once more and leaves it
    await e.retryIncident(i, incidents[0].id, { status: 'done' });
    expect(await e.incidents(i)).toEqual([]);
    expect(await e.status(i)).toBe('completed');
  });
});
