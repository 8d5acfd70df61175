import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { templateHarness, type TemplateHarness } from './template-harness';

describe.each(dbTargets())('template problem-analysis ($name)', (target) => {
  let h: TemplateHarness;
  let owner: Client, agent: Client, itId: string;
  const problem = async (title: string) => {
    const r = await agent.post('/api/problems', { departmentId: itId, title, description: 'Users lose the VPN every morning' });
    expect(r.status).toBe(201);
    const started = await agent.post(`/api/problems/${r.body.id}/analysis`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body as { id: string; status: string; analysis: { id: string } };
  };
  const read = async (id: string) => (await agent.get(`/api/problems/${id}`)).body;

  beforeAll(async () => {
    h = await templateHarness(target);
    owner = await h.as('owner.it@lotse.demo');
    agent = await h.as('agent.it@lotse.demo');
    itId = (await h.admin.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'it').id;
    expect((await h.deploy(owner, 'it-change-request')).warnings).toEqual([]);
    expect((await h.deploy(owner, 'problem-analysis')).warnings).toEqual([]);
  });
  afterAll(() => h.dispose());

  it('is no service of the portal: it starts only from a problem', async () => {
    const catalog = (await (await h.as('employee@lotse.demo')).get('/api/catalog')).body.items.map((s: { processKey: string }) => s.processKey);
    expect(catalog).not.toContain('problem-analysis');
  });

  it('triage, 5 Whys and workaround (a known error), a direct fix, verification, resolved and closed — written back to the problem', async () => {
    const p = await problem('VPN drops every morning');
    expect(p.status).toBe('analysis');
    expect((await agent.post(`/api/problems/${p.id}/analysis`, {})).status).toBe(409);
    const id = p.analysis.id;
    await h.complete(agent, id, 'Triage', { isProblem: true, priority: 'high' });
    const noCause = await agent.post(`/api/tasks/${(await h.task(id, 'Rca')).id}/complete`, { variables: { why1: 'VPN drops' } });
    expect(noCause.status).toBe(422);
    await h.complete(agent, id, 'Rca', { why1: 'The VPN drops', why2: 'The gateway restarts', why3: 'It runs out of memory', rootCause: 'Memory leak in firmware 4.1', workaround: 'Press "Reset" in the VPN client' });
    let now = await read(p.id);
    expect(now).toMatchObject({ status: 'known_error', priority: 'high', rootCause: 'Memory leak in firmware 4.1', workaround: 'Press "Reset" in the VPN client', fiveWhys: ['The VPN drops', 'The gateway restarts', 'It runs out of memory'] });
    await h.complete(agent, id, 'DecideFix', { fix: 'direct', fixDescription: 'Install firmware 4.2' });
    await h.complete(agent, id, 'Verify', { verified: false, verificationNote: 'Still drops on Mondays' });
    expect((await h.detail(id)).activeElementIds).toEqual(['Rca']); // back to the analysis
    await h.complete(agent, id, 'Rca', { why1: 'The VPN drops', rootCause: 'Memory leak in firmware 4.1 and 4.2', workaround: 'Press "Reset" in the VPN client' });
    await h.complete(agent, id, 'DecideFix', { fix: 'direct', fixDescription: 'Install firmware 5.0' });
    await h.complete(agent, id, 'Verify', { verified: true });
    now = await read(p.id);
    expect(now.status).toBe('resolved');
    expect(now.resolvedAt).not.toBeNull();
    await h.complete(agent, id, 'Close', { closingNote: 'Firmware 5.0 everywhere' });
    expect((await read(p.id)).status).toBe('closed');
    expect((await h.detail(id)).status).toBe('completed');
  });

  it('deciding on a change starts an IT change request, linked as the analysis\'s child and shown on the problem', async () => {
    const p = await problem('Mail gateway overloaded');
    const id = p.analysis.id;
    await h.complete(agent, id, 'Triage', { isProblem: true });
    await h.complete(agent, id, 'Rca', { why1: 'Mails are late', rootCause: 'Gateway too small' });
    expect((await read(p.id)).status).toBe('analysis'); // no workaround: not a known error
    const missing = await agent.post(`/api/tasks/${(await h.task(id, 'DecideFix')).id}/complete`, { variables: { fix: 'change', fixDescription: 'Bigger gateway' } });
    expect(missing.status).toBe(422);
    await h.complete(agent, id, 'DecideFix', {
      fix: 'change', fixDescription: 'Bigger gateway', changeTitle: 'Scale the mail gateway', changeSystems: 'mailgw01',
      changePlannedStart: '2026-03-20T18:00:00Z', changeImpact: 'medium', changeLikelihood: 'low', changeBackout: 'Switch back to the old VM',
    });
    const detail = await read(p.id);
    expect(detail.changeRequests).toHaveLength(1);
    const change = await h.detail(detail.changeRequests[0].id);
    expect(change).toMatchObject({ processKey: 'it-change-request', parentId: id, status: 'active', activeElementIds: ['Assess'] });
    expect(change.variables).toMatchObject({ title: 'Scale the mail gateway', changeType: 'normal', systems: 'mailgw01', problemReference: detail.reference });
  });

  it('a duplicate is closed at triage', async () => {
    const p = await problem('Same as the VPN one');
    await h.complete(agent, p.analysis.id, 'Triage', { isProblem: false, triageNote: 'Duplicate' });
    expect((await read(p.id)).status).toBe('closed');
  });
});
