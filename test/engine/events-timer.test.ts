import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('timer events', () => {
  it('given a FEEL timer duration, when time passes, then the token moves on at the due time', async () => {
    const e = await harness();
    await e.deploy(fixture('timers.bpmn'));
    const i = await e.start('timers', { waitFor: 'PT30M' });
    expect(await e.activeElements(i)).toEqual(['Wait']);
    await e.advance('PT29M');
    expect(await e.activeElements(i)).toEqual(['Wait']);
    await e.advance('PT1M');
    expect(await e.activeElements(i)).toEqual(['Work']);
  });

  it('given a non-interrupting cycle and an interrupting boundary, then reminders repeat twice before escalation', async () => {
    const e = await harness();
    await e.deploy(fixture('timers.bpmn'));
    const i = await e.start('timers', { waitFor: 'PT0S' });
    await e.advance('PT1H');
    expect((await e.jobs(i)).map((j) => j.type)).toEqual(['remind']);
    await e.advance('PT2H');
    expect((await e.jobs(i)).length).toBe(2);
    await e.advance('PT1H');
    expect(await e.activeElements(i)).toEqual(['SendReminder', 'SendReminder']);
    expect(await e.tasks(i)).toEqual([]);
    const escalated = (await e.history(i)).some((h) => h.kind === 'element_completed' && h.elementId === 'Escalated');
    expect(escalated).toBe(true);
  });
});
