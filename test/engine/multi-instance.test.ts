import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('multi-instance', () => {
  it('given parallel approvers, when all vote yes, then votes are collected in order and a sequential script loop runs', async () => {
    const e = await harness();
    await e.deploy(fixture('multi-instance.bpmn'));
    const i = await e.start('approvals', { approvers: ['ann', 'bob'] });
    const tasks = await e.tasks(i);
    expect(tasks.map((t) => t.assignee)).toEqual(['ann', 'bob']);
    const [first, second] = tasks;
    // complete out of order: outputs keep the input order
    await e.completeTask(i, second.elementId === 'Approve' ? 'Approve' : '', { vote: 'yes' });
    expect((await e.tasks(i)).map((t) => t.id)).toEqual([second.id]);
    void first;
    await e.completeTask(i, 'Approve', { vote: 'yes' });
    const vars = await e.variables(i);
    expect(vars.votes).toEqual(['yes', 'yes']);
    expect(vars.greetings).toEqual(['hello a', 'hello b', 'hello c']);
    expect(await e.status(i)).toBe('completed');
  });

  it('given a completion condition, when one approver says no, then the remaining instances are cancelled', async () => {
    const e = await harness();
    await e.deploy(fixture('multi-instance.bpmn'));
    const i = await e.start('approvals', { approvers: ['ann', 'bob', 'cid'] });
    await e.completeTask(i, 'Approve', { vote: 'no' });
    expect(await e.tasks(i)).toEqual([]);
    expect((await e.variables(i)).votes).toEqual(['no', null, null]);
    expect(await e.status(i)).toBe('completed');
  });

  it('given an empty collection, then the activity completes at once', async () => {
    const e = await harness();
    await e.deploy(fixture('multi-instance.bpmn'));
    const i = await e.start('approvals', { approvers: [] });
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).votes).toEqual([]);
  });
});
