import { describe, it, expect } from 'vitest';
import { harness, DeployError } from './harness.js';
import { fixture } from './fixtures.js';

type Engine = Awaited<ReturnType<typeof harness>>;

async function deployed(): Promise<Engine> {
  const e = await harness();
  await e.deploy(fixture('adhoc-subprocess.bpmn'));
  return e;
}
const openWork = async (e: Engine, i: string) => [...(await e.jobs(i)).map((j) => j.elementId), ...(await e.tasks(i)).map((t) => t.elementId)].sort();

describe('ad-hoc sub-processes', () => {
  it('given the elements named by activeElementsCollection, then exactly those are activated and the sub-process completes when all are done', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-checks', { checks: ['CreditCheck', 'IdCheck'] });
    expect(await openWork(e, i)).toEqual(['CreditCheck', 'IdCheck']);
    expect(await e.activeElements(i)).toEqual(['Checks', 'CreditCheck', 'IdCheck']);
    await e.completeTask(i, 'CreditCheck', { credit: 'ok' });
    expect(await e.activeElements(i)).toEqual(['Checks', 'IdCheck']);
    await e.completeJob(i, 'IdCheck');
    expect(await e.activeElements(i)).toEqual(['Decide']);
    expect((await e.variables(i)).credit).toBe('ok');
  });

  it('given an activated element with a sequence flow inside, then its path runs on and the sub-process waits for its end', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-checks', { checks: ['Collect', 'Collect'] });
    expect(await e.tasks(i)).toHaveLength(2);
    expect((await e.tasks(i)).every((t) => t.elementId === 'ReviewDocuments')).toBe(true);
    await e.completeTask(i, 'ReviewDocuments');
    expect(await e.activeElements(i)).toEqual(['Checks', 'ReviewDocuments']);
    await e.completeTask(i, 'ReviewDocuments');
    expect(await e.activeElements(i)).toEqual(['Decide']);
  });

  it('given an empty list, then nothing is activated and the sub-process stays active until its boundary timer fires', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-checks', { checks: [] });
    expect(await e.activeElements(i)).toEqual(['Checks']);
    await e.advance('PT1H');
    expect(await e.status(i)).toBe('completed');
  });

  it('given the boundary timer fires while checks run, then the open checks are cancelled', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-checks', { checks: ['CreditCheck', 'IdCheck'] });
    await e.advance('PT1H');
    expect(await e.status(i)).toBe('completed');
    expect(await openWork(e, i)).toEqual([]);
    const cancelled = (await e.history(i)).filter((h) => h.kind === 'element_cancelled').map((h) => h.elementId).sort();
    expect(cancelled).toEqual(['Checks', 'CreditCheck', 'IdCheck']);
  });

  it('given a name that is not an activatable element, then an incident names it; retried with a valid list the checks run', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-checks', { checks: ['CreditCheck', 'ReviewDocuments'] });
    const [incident] = await e.incidents(i);
    expect(incident).toMatchObject({ elementId: 'Checks' });
    expect(incident.message).toContain("'ReviewDocuments'");
    expect(await e.tasks(i)).toEqual([]);
    await e.retryIncident(i, incident.id, { checks: ['CreditCheck'] });
    expect(await openWork(e, i)).toEqual(['CreditCheck']);
    expect(await e.incidents(i)).toEqual([]);
  });

  it('given the ad-hoc sub-process is entered, then adHocSubProcessElements describes the activatable elements to a job worker', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-checks', { checks: ['IdCheck'] });
    const [job] = await e.jobs(i);
    const elements = job.variables.adHocSubProcessElements as { elementId: string; elementName: string; documentation: string | null; properties: Record<string, string> }[];
    expect(elements.map((el) => el.elementId)).toEqual(['CreditCheck', 'IdCheck', 'Collect']);
    expect(elements[0]).toMatchObject({ elementName: 'Credit check', documentation: 'Ask the credit agency' });
    expect(elements[1].properties).toEqual({ tool: 'id' });
  });

  it('given a completion condition that becomes true, then the remaining activations are cancelled and the process goes on', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-approval');
    expect(await openWork(e, i)).toEqual(['ManagerApproval', 'TeamApproval']);
    await e.completeTask(i, 'ManagerApproval', { approved: true });
    expect(await e.activeElements(i)).toEqual(['ApDone']);
    expect((await e.history(i)).some((h) => h.kind === 'element_cancelled' && h.elementId === 'TeamApproval')).toBe(true);
  });

  it('given a completion condition that stays false, then the sub-process stays active even when nothing runs any more', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-approval');
    await e.completeTask(i, 'ManagerApproval', { approved: false });
    expect(await e.activeElements(i)).toEqual(['Approvals', 'TeamApproval']);
    await e.completeTask(i, 'TeamApproval', { approved: false });
    expect(await e.activeElements(i)).toEqual(['Approvals']);
    expect(await e.status(i)).toBe('active');
  });

  it('given cancelRemainingInstances="false", when the condition is met, then the sub-process waits for the other activations', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-wait', { sources: ['AskSales', 'AskSupport'], enough: false });
    await e.completeTask(i, 'AskSales', { enough: true });
    expect(await e.activeElements(i)).toEqual(['AskSupport', 'Gather']);
    await e.completeTask(i, 'AskSupport');
    expect(await e.status(i)).toBe('completed');
  });

  it('given an output collection, then each activation adds its result and the list reaches the process when the sub-process completes', async () => {
    const e = await deployed();
    const i = await e.start('adhoc-output', { tools: ['Weather', 'Calendar'] });
    await e.completeJob(i, 'Calendar', { result: 'free at 10' });
    await e.completeJob(i, 'Weather', { result: 'sunny' });
    expect(await e.activeElements(i)).toEqual(['Answer']);
    expect((await e.variables(i)).results).toEqual(['free at 10', 'sunny']);
  });
});

describe('ad-hoc sub-processes: refused models', () => {
  it('given the job worker implementation (zeebe:taskDefinition on the ad-hoc sub-process), then the deploy names the element, its type and the Camunda version', async () => {
    const e = await harness();
    const xml = fixture('adhoc-subprocess.bpmn').replace('<zeebe:adHoc activeElementsCollection="=tools" outputCollection="results" outputElement="=result" />', '<zeebe:taskDefinition type="io.camunda.agenticai:aiagent-job-worker:1" />');
    const err = await e.deploy(xml).then(() => null, (x: unknown) => x);
    expect(err).toBeInstanceOf(DeployError);
    const hit = (err as DeployError).errors.find((x) => x.elementId === 'Tools');
    expect(hit?.message).toContain('zeebe:taskDefinition');
    expect(hit?.message).toContain('8.8');
    expect(hit?.message).toContain('ad-hoc sub-process');
  });
});
