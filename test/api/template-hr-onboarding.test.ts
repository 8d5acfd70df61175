import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { templateHarness, type TemplateHarness } from './template-harness';

describe.each(dbTargets())('template hr-onboarding ($name)', (target) => {
  let h: TemplateHarness;
  let manager: Client, it_: Client, facility: Client, hr: Client, other: Client;
  const hire = { newHireName: 'Lena Neumann', position: 'Accountant', startDate: '2026-04-01', location: 'munich', laptop: 'standard' };

  beforeAll(async () => {
    h = await templateHarness(target);
    expect((await h.deploy(await h.as('owner.hr@lotse.demo'), 'hr-onboarding')).warnings).toEqual([]);
    [manager, it_, facility, hr, other] = await Promise.all(
      ['employee2@lotse.demo', 'agent.it@lotse.demo', 'agent.facility@lotse.demo', 'agent.hr@lotse.demo', 'employee@lotse.demo'].map((e) => h.as(e)),
    );
  });
  afterAll(() => h.dispose());

  it('runs IT, facility and HR in parallel while the manager follows one request', async () => {
    const id = await h.start(manager, 'hr-onboarding', hire);
    const first = await h.detail(id, manager);
    expect(first.activeElementIds.sort()).toEqual(['AssignDesk', 'CreateAccount', 'PrepareContract']);
    const tasks = await h.openTasks(id);
    expect(Object.fromEntries(tasks.map((t) => [t.elementId, t.candidateGroups]))).toEqual({ CreateAccount: ['it'], AssignDesk: ['facility'], PrepareContract: ['hr'] });
    expect(new Date(tasks[0].dueAt!).toISOString().slice(0, 10)).toBe('2026-03-29'); // three days before the first working day
    // Each department sees only its own work; another employee sees nothing.
    const account = tasks.find((t) => t.elementId === 'CreateAccount')!;
    expect((await facility.get(`/api/tasks/${account.id}`)).status).toBe(404);
    expect((await other.get(`/api/process-instances/${id}`)).status).toBe(404);

    await h.complete(it_, id, 'CreateAccount', { accountName: 'lneumann', accountEmail: 'lena.neumann@lotse.demo' });
    await h.complete(facility, id, 'AssignDesk', { desk: 'B2.14' });
    const unsigned = await hr.post(`/api/tasks/${(await h.task(id, 'PrepareContract')).id}/complete`, { variables: { contractSigned: false } });
    expect(unsigned.status).toBe(422);
    await h.complete(hr, id, 'PrepareContract', { contractSigned: true });
    const middle = await h.detail(id, manager);
    expect(middle.activeElementIds.sort()).toEqual(['IssueKeyCard', 'PersonnelFile', 'PrepareLaptop']);
    expect(middle.tasks.filter((t: { status: string }) => t.status === 'completed').map((t: { elementId: string }) => t.elementId).sort()).toEqual(['AssignDesk', 'CreateAccount', 'PrepareContract']);
    const mine = await manager.get('/api/process-instances?mine=1');
    expect(mine.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'active' });

    await h.complete(it_, id, 'PrepareLaptop', { assetTag: 'NB-0815' });
    await h.complete(facility, id, 'IssueKeyCard', { keyCardNumber: 'KC-4711' });
    expect((await h.detail(id, manager)).activeElementIds.sort()).toEqual(['Join', 'PersonnelFile']); // the other branches wait at the join
    expect(await h.mails(id)).toEqual([]);
    await h.complete(hr, id, 'PersonnelFile', { documents: ['tax-id', 'bank-details'], documentsNote: 'Zeugnisse folgen' });

    const done = await h.detail(id, manager);
    expect(done.status).toBe('completed');
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['Join', 'NotifyManager', 'Done']));
    expect(await h.mails(id)).toEqual([{
      recipients: ['employee2@lotse.demo'],
      subject: 'Onboarding bereit / Onboarding ready: Lena Neumann',
      body: expect.stringContaining('account lneumann <lena.neumann@lotse.demo>, laptop NB-0815, desk B2.14, key card KC-4711'),
    }]);
  });
});
