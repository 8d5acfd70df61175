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

describe('multi-instance variable scopes (Camunda 8: outputElement is local to each inner instance)', () => {
  it('given a process variable with the output element\'s name, when inner instances map their results to it, then only the output collection reaches the process', async () => {
    const e = await harness();
    await e.deploy(fixture('multi-instance-local.bpmn'));
    const i = await e.start('review-claims', { claims: ['C-1', 'C-2'], decision: 'undecided', voters: ['ann', 'bob'] });
    const jobs = await e.jobs(i);
    expect(jobs.map((j) => j.variables.claim)).toEqual(['C-1', 'C-2']);
    // each job sees its own claim and a local (null) decision, not the process's
    expect(jobs.every((j) => j.variables.decision === null)).toBe(true);
    await e.completeJob(i, 'ReviewClaim', { approved: true, reviewer: 'ann', comment: 'fine' });
    expect((await e.variables(i)).decision).toBe('undecided');
    await e.completeJob(i, 'ReviewClaim', { approved: false, reviewer: 'bob', comment: 'missing receipt' });

    const vars = await e.variables(i);
    expect(vars.decisions).toEqual(['approve', 'reject']);
    // the last completion ("reject") does not leak: the process keeps its own decision
    expect(vars.decision).toBe('undecided');
    // the job's variables stay in the inner instance (they feed its output mappings) ...
    expect(vars).not.toHaveProperty('approved');
    expect(vars).not.toHaveProperty('comment');
    // ... while a mapping target defined in no scope is created on the process, as Camunda's variable merge does
    expect(vars.note).toBe('bob: missing receipt');
  });

  it('given an output element reading a nested property, when sequential inner instances complete, then the variable is collected but not left on the process', async () => {
    const e = await harness();
    await e.deploy(fixture('multi-instance-local.bpmn'));
    const i = await e.start('review-claims', { claims: [], voters: ['ann', 'bob'] });
    await e.completeTask(i, 'Vote', { ballot: { choice: 'yes' } });
    expect((await e.tasks(i)).map((t) => t.assignee)).toEqual(['bob']);
    await e.completeTask(i, 'Vote', { ballot: { choice: 'no' } });
    const vars = await e.variables(i);
    expect(vars.votes).toEqual(['yes', 'no']);
    expect(vars).not.toHaveProperty('ballot');
    expect(vars).not.toHaveProperty('voter');
    expect(vars).not.toHaveProperty('loopCounter');
    expect(await e.activeElements(i)).toEqual(['Wait']);
  });
});
