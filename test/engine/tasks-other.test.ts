import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('manual, undefined, send and receive tasks', () => {
  it('given manual and undefined tasks, then they pass; a send task publishes its message; a receive task waits for one', async () => {
    const e = await harness();
    await e.deploy(fixture('other-tasks.bpmn'));
    const listener = await e.start('task-listener', { orderId: 'O-1' });
    expect(await e.activeElements(listener)).toEqual(['WaitNotified']);
    const i = await e.start('task-kinds', { orderId: 'O-1' });

    const completed = (await e.history(i)).filter((h) => h.kind === 'element_completed').map((h) => `${h.elementType}:${h.elementId}`);
    expect(completed).toEqual(['startEvent:Start', 'manualTask:CheckPaper', 'task:Note', 'sendTask:Notify']);
    expect(await e.activeElements(i)).toEqual(['AwaitReply']);
    expect(await e.activeElements(listener)).toEqual(['Got']);
    expect((await e.variables(listener)).text).toBe('order O-1 noted');

    expect(await e.correlate('reply', 'O-2')).toBe(0);
    expect(await e.correlate('reply', 'O-1', { answer: 42 })).toBe(1);
    // a send task with a job type is served by a job worker (Camunda 8 style)
    const [job] = await e.jobs(i);
    expect(job).toMatchObject({ elementId: 'SendMail', type: 'send-mail', retries: 2 });
    await e.completeJob(i, 'SendMail');
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).answer).toBe(42);
  });

  it('given a send task whose message nobody waits for, then the process does not wait either', async () => {
    const e = await harness();
    await e.deploy(fixture('other-tasks.bpmn'));
    const i = await e.start('task-kinds', { orderId: 'O-9' });
    expect(await e.activeElements(i)).toEqual(['AwaitReply']);
  });
});
