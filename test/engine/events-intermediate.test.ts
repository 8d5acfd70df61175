import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('intermediate throw and catch events', () => {
  it('given a waiting catcher, when the thrower throws an escalation, a message, a signal and a link, then each arrives where it should', async () => {
    const e = await harness();
    await e.deploy(fixture('intermediate-events.bpmn'));
    const catcher = await e.start('catching', { caseId: 'C-1' });
    expect(await e.activeElements(catcher)).toEqual(['WaitGo', 'WaitHello']);
    const thrower = await e.start('throwing', { caseId: 'C-1' });

    // escalation NOTE: caught by the non-interrupting boundary; NOBODY: uncaught and ignored
    // link: Jump continues at Landing in the same scope
    expect(await e.activeElements(thrower)).toEqual(['ReadNote', 'Review']);
    const history = await e.history(thrower);
    expect(history.filter((h) => h.kind === 'escalation_thrown').map((h) => h.data?.escalationCode)).toEqual(['NOTE', 'NOBODY']);
    expect(history.filter((h) => h.kind === 'element_completed' && ['Jump', 'Landing'].includes(h.elementId)).map((h) => h.elementId)).toEqual(['Jump', 'Landing']);
    expect(await e.incidents(thrower)).toEqual([]);

    // the message (payload: its input mappings) and the signal both reached the catcher
    expect(await e.activeElements(catcher)).toEqual(['Done']);
    expect(await e.variables(catcher)).toMatchObject({ caseId: 'C-1', greeting: 'hi C-1', from: 'C-1' });
    // payload mappings stay local to the throw events
    expect(await e.variables(thrower)).toEqual({ caseId: 'C-1' });
  });

  it('given catchers with other correlation keys, when the signal is thrown, then it reaches them but the message does not', async () => {
    const e = await harness();
    await e.deploy(fixture('intermediate-events.bpmn'));
    const other = await e.start('catching', { caseId: 'C-2' });
    await e.start('throwing', { caseId: 'C-1' });
    expect(await e.activeElements(other)).toEqual(['Merge', 'WaitHello']);
    expect(await e.correlate('hello', 'C-2', { greeting: 'late' })).toBe(1);
    expect(await e.activeElements(other)).toEqual(['Done']);
  });

  it('given a link throw, then the token jumps without a sequence flow and the process completes from the catch side', async () => {
    const e = await harness();
    await e.deploy(fixture('intermediate-events.bpmn'));
    const i = await e.start('throwing', { caseId: 'C-3' });
    await e.completeTask(i, 'ReadNote');
    await e.completeTask(i, 'Review');
    expect(await e.status(i)).toBe('completed');
  });
});
