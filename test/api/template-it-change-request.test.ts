import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { templateHarness, type TemplateHarness } from './template-harness';

describe.each(dbTargets())('template it-change-request ($name)', (target) => {
  let h: TemplateHarness;
  let requester: Client, agent: Client, owner: Client, member3: Client;
  const change = (changeType: 'standard' | 'normal') => ({
    title: 'Upgrade the mail gateway', systems: 'mx1, mx2', changeType, plannedStart: '2026-03-14T20:00:00Z', plannedEnd: '2026-03-14T22:00:00Z',
    serviceImpact: 'medium', failureLikelihood: 'low', tested: true, backoutPlan: 'Restore the VM snapshot',
    ...(changeType === 'standard' ? { standardChange: 'SC-12 certificate renewal' } : {}),
  });
  const cab = [{ email: 'owner.it@lotse.demo' }, { email: 'agent.it@lotse.demo' }, { email: 'employee2@lotse.demo' }];
  const votes = async (id: string) => (await h.openTasks(id)).filter((t) => t.elementId === 'CabVote');
  const vote = async (who: Client, email: string, id: string, v: Record<string, unknown>) => {
    const t = (await votes(id)).find((x) => x.assignee === email)!;
    expect((await who.post(`/api/tasks/${t.id}/complete`, { variables: v })).status).toBe(204);
  };

  beforeAll(async () => {
    h = await templateHarness(target);
    owner = await h.as('owner.it@lotse.demo');
    expect((await h.deploy(owner, 'it-change-request')).warnings).toEqual([]);
    [requester, agent, member3] = await Promise.all(['employee@lotse.demo', 'agent.it@lotse.demo', 'employee2@lotse.demo'].map((e) => h.as(e)));
  });
  afterAll(() => h.dispose());

  it('a standard change is pre-approved: straight to implementation, review and the closing mail', async () => {
    const noRef = await requester.post('/api/process-instances', { processKey: 'it-change-request', variables: { ...change('standard'), standardChange: undefined } });
    expect(noRef.status).toBe(422);
    const id = await h.start(requester, 'it-change-request', change('standard'));
    expect((await h.detail(id)).activeElementIds).toEqual(['Implement']);
    await h.complete(agent, id, 'Implement', { successful: true });
    await h.complete(agent, id, 'Review', { outcome: 'successful' });
    expect((await h.detail(id)).status).toBe('completed');
    const path = await h.completed(id);
    expect(path).not.toContain('Assess');
    expect(path).not.toContain('CabVote');
    expect(await h.mails(id)).toEqual([{ recipients: ['employee@lotse.demo'], subject: 'Change abgeschlossen / Change closed: Upgrade the mail gateway', body: `Ergebnis / Outcome: successful${h.requestFooter(id)}` }]);
  });

  it('a normal change: risk assessment, the CAB majority approves (the third vote is not needed), implementation fails, rollback, review', async () => {
    const id = await h.start(requester, 'it-change-request', change('normal'));
    await h.complete(agent, id, 'Assess', { risk: 'medium', cab, assessmentNote: 'Maintenance window ok' });
    const open = await votes(id);
    expect(open.map((t) => t.assignee).sort()).toEqual(['agent.it@lotse.demo', 'employee2@lotse.demo', 'owner.it@lotse.demo']);
    const rejectWithoutReason = await member3.post(`/api/tasks/${open.find((t) => t.assignee === 'employee2@lotse.demo')!.id}/complete`, { variables: { vote: 'reject' } });
    expect(rejectWithoutReason.status).toBe(422);
    await vote(owner, 'owner.it@lotse.demo', id, { vote: 'approve' });
    expect(await votes(id)).toHaveLength(2);
    await vote(member3, 'employee2@lotse.demo', id, { vote: 'approve' });
    const d = await h.detail(id);
    expect(d.variables.votes).toEqual(['approve', null, 'approve']);
    expect(d.tasks.filter((t: { elementId: string; status: string }) => t.elementId === 'CabVote' && t.status === 'cancelled')).toHaveLength(1);
    expect(d.activeElementIds).toEqual(['Implement']);
    const noNote = await agent.post(`/api/tasks/${(await h.task(id, 'Implement')).id}/complete`, { variables: { successful: false } });
    expect(noNote.status).toBe(422);
    await h.complete(agent, id, 'Implement', { successful: false, implementationNote: 'Gateway did not start' });
    await h.complete(agent, id, 'Rollback', { rolledBack: true, rollbackNote: 'Snapshot restored' });
    await h.complete(agent, id, 'Review', { outcome: 'failed', lessonsLearned: 'Test the start-up on staging' });
    expect((await h.detail(id)).status).toBe('completed');
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['Assess', 'CabVote', 'Approved', 'Implement', 'Rollback', 'ToReview', 'Review', 'NotifyDone', 'Done']));
    expect((await h.mails(id))[0].body).toBe(`Ergebnis / Outcome: failed (zurückgerollt / rolled back)${h.requestFooter(id)}`);
  });

  it('a normal change the CAB rejects: the requester is told, nothing is implemented', async () => {
    const id = await h.start(requester, 'it-change-request', change('normal'));
    await h.complete(agent, id, 'Assess', { risk: 'high', cab });
    await vote(agent, 'agent.it@lotse.demo', id, { vote: 'reject', voteComment: 'No rollback tested' });
    await vote(owner, 'owner.it@lotse.demo', id, { vote: 'approve' });
    expect(await votes(id)).toHaveLength(1); // 1:1, the last vote decides
    await vote(member3, 'employee2@lotse.demo', id, { vote: 'reject', voteComment: 'Too close to month end' });
    const d = await h.detail(id);
    expect(d.status).toBe('completed');
    expect(await h.completed(id)).not.toContain('Implement');
    expect(await h.mails(id)).toEqual([{ recipients: ['employee@lotse.demo'], subject: 'Change abgelehnt / Change rejected: Upgrade the mail gateway', body: expect.stringContaining('1 approve, 2 reject') }]);
  });

  it('with a CAB of two, one rejection decides at once', async () => {
    const id = await h.start(requester, 'it-change-request', change('normal'));
    await h.complete(agent, id, 'Assess', { risk: 'low', cab: cab.slice(0, 2) });
    await vote(agent, 'agent.it@lotse.demo', id, { vote: 'reject', voteComment: 'Freeze period' });
    expect(await votes(id)).toHaveLength(0);
    expect(await h.completed(id)).toContain('NotifyRejected');
  });
});
