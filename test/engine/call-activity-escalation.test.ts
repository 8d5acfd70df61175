import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

type Engine = Awaited<ReturnType<typeof harness>>;

async function deployed(): Promise<Engine> {
  const e = await harness();
  await e.deploy(fixture('call-activity-escalation.bpmn'));
  return e;
}
const started = async (e: Engine, i: string) => (await e.history(i)).filter((h) => h.kind === 'element_started').map((h) => h.elementId);

describe('escalations across call activities', () => {
  it('given a non-interrupting escalation boundary on the call activity, when the called process escalates, then the parent notifies and the child goes on', async () => {
    const e = await deployed();
    const i = await e.start('esc-parent-noninterrupting');
    const [child] = await e.childInstances(i);
    expect(await e.activeElements(child)).toEqual(['ChildWork']);
    expect(await e.activeElements(i)).toEqual(['NiCall', 'NotifyManager']);
    expect((await e.history(child)).some((h) => h.kind === 'escalation_thrown' && h.data?.escalationCode === 'LATE')).toBe(true);

    await e.completeTask(i, 'NotifyManager');
    expect(await e.activeElements(i)).toEqual(['NiCall']);
    await e.completeTask(child, 'ChildWork');
    expect(await e.status(child)).toBe('completed');
    expect(await e.status(i)).toBe('completed');
    expect(await started(e, i)).not.toContain('Escalated');
  });

  it('given an interrupting catch-all escalation boundary, when the called process escalates, then the call activity and the called instance are cancelled', async () => {
    const e = await deployed();
    const i = await e.start('esc-parent-interrupting', { childProcess: 'esc-child' });
    const [child] = await e.childInstances(i);
    expect(await e.activeElements(i)).toEqual(['Escalated']);
    expect(await e.status(child)).toBe('terminated');
    expect(await e.tasks(child)).toEqual([]);
    expect((await e.history(i)).some((h) => h.kind === 'element_cancelled' && h.elementId === 'ICall')).toBe(true);
    await e.completeTask(i, 'Escalated');
    expect(await e.status(i)).toBe('completed');
    expect(await started(e, i)).not.toContain('IEnd');
  });

  it('given a called process ending in an escalation end event, when the parent catches it interrupting, then the parent takes the escalation path only', async () => {
    const e = await deployed();
    const i = await e.start('esc-parent-interrupting', { childProcess: 'esc-child-end' });
    expect(await e.activeElements(i)).toEqual(['Escalated']);
    await e.completeTask(i, 'Escalated');
    expect(await e.status(i)).toBe('completed');
    const ends = (await e.history(i)).filter((h) => h.kind === 'element_completed' && h.elementType === 'endEvent').map((h) => h.elementId);
    expect(ends).toEqual(['IEscEnd']);
  });

  it('given a call activity that catches another escalation code only, when the child escalates, then nothing happens in the parent (uncaught escalations are ignored)', async () => {
    const e = await deployed();
    const i = await e.start('esc-parent-uncaught');
    const [child] = await e.childInstances(i);
    expect(await e.activeElements(i)).toEqual(['UCall']);
    expect(await e.incidents(i)).toEqual([]);
    expect(await e.incidents(child)).toEqual([]);
    await e.completeTask(child, 'ChildWork');
    expect(await e.status(i)).toBe('completed');
    expect(await started(e, i)).not.toContain('UOther');
  });

  it('given two levels of call activities, when the grandchild escalates, then the top-level boundary catches it and the middle instance goes on', async () => {
    const e = await deployed();
    const top = await e.start('esc-top');
    const [middle] = await e.childInstances(top);
    const [child] = await e.childInstances(middle);
    expect(await e.activeElements(top)).toEqual(['TCall', 'TNotify']);
    expect(await e.activeElements(middle)).toEqual(['MCall']);
    await e.completeTask(child, 'ChildWork');
    expect(await e.status(middle)).toBe('completed');
    expect(await e.activeElements(top)).toEqual(['TNotify']);
    await e.completeTask(top, 'TNotify');
    expect(await e.status(top)).toBe('completed');
  });

  it('given an escalation event sub-process in the parent, when the called process escalates, then the event sub-process runs beside the call activity', async () => {
    const e = await deployed();
    const i = await e.start('esc-parent-esp');
    expect(await e.activeElements(i)).toEqual(['ECall', 'ELog', 'EOnLate']);
    await e.completeTask(i, 'ELog');
    const [child] = await e.childInstances(i);
    await e.completeTask(child, 'ChildWork');
    expect(await e.status(i)).toBe('completed');
  });
});

describe('errors across call activities', () => {
  it('given an error thrown two call activities down, when neither the grandchild nor the middle process catches it, then the top-level error boundary does', async () => {
    const e = await deployed();
    const top = await e.start('err-top');
    const [middle] = await e.childInstances(top);
    const [grandchild] = await e.childInstances(middle);
    await e.completeTask(grandchild, 'GReview', { approved: false });
    expect(await e.status(grandchild)).toBe('failed');
    expect(await e.status(middle)).toBe('failed');
    expect(await e.activeElements(top)).toEqual(['EtApologise']);
    expect((await e.history(top)).some((h) => h.kind === 'error_thrown' && h.data?.errorCode === 'REJECTED')).toBe(true);
    await e.completeTask(top, 'EtApologise');
    expect(await e.status(top)).toBe('completed');
  });

  it('given no error, when the grandchild completes, then both levels complete normally and no error path starts', async () => {
    const e = await deployed();
    const top = await e.start('err-top');
    const [middle] = await e.childInstances(top);
    const [grandchild] = await e.childInstances(middle);
    await e.completeTask(grandchild, 'GReview', { approved: true });
    expect(await e.status(middle)).toBe('completed');
    expect(await e.status(top)).toBe('completed');
    expect(await started(e, top)).not.toContain('EtApologise');
  });

  it('given an error event sub-process in the top-level process, when the error comes from two call activities down, then it interrupts the process and runs', async () => {
    const e = await deployed();
    const top = await e.start('err-top-esp');
    await e.completeTask(top, 'EpPrepare');
    const [middle] = await e.childInstances(top);
    const [grandchild] = await e.childInstances(middle);
    await e.completeTask(grandchild, 'GReview', { approved: false });
    expect(await e.activeElements(top)).toEqual(['EpCleanUp', 'EpOnError']);
    await e.completeTask(top, 'EpCleanUp');
    expect(await e.status(top)).toBe('completed');
    expect(await started(e, top)).not.toContain('EpEnd');
  });
});
