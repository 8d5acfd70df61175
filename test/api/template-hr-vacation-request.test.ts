import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHttpJobs } from '../../server/engine/jobs/jobs';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { DAY, templateHarness, type TemplateHarness } from './template-harness';

describe.each(dbTargets())('template hr-vacation-request ($name)', (target) => {
  let h: TemplateHarness;
  let employee: Client, manager: Client, hr: Client;
  const leave = (days: number) => ({ leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-17', days, manager: 'employee2@lotse.demo', deputy: 'Max' });

  beforeAll(async () => {
    h = await templateHarness(target);
    const deployed = await h.deploy(await h.as('owner.hr@lotse.demo'), 'hr-vacation-request');
    expect(deployed.warnings).toEqual([]);
    [employee, manager, hr] = await Promise.all(['employee@lotse.demo', 'employee2@lotse.demo', 'agent.hr@lotse.demo'].map((e) => h.as(e)));
  });
  afterAll(() => h.dispose());

  it('is in the HR catalog and refuses a request without a manager', async () => {
    const catalog = await employee.get('/api/catalog');
    expect(catalog.body.items).toContainEqual(expect.objectContaining({ processKey: 'hr-vacation-request', departmentName: 'HR' }));
    const r = await employee.post('/api/process-instances', { processKey: 'hr-vacation-request', variables: { ...leave(3), manager: undefined } });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ path: '/manager' }));
  });

  it('up to 10 days: the manager approves alone, requester and manager get the confirmation', async () => {
    const id = await h.start(employee, 'hr-vacation-request', leave(8));
    const task = await h.task(id, 'ManagerApproval');
    expect(task.assignee).toBe('employee2@lotse.demo');
    const inbox = await manager.get('/api/tasks');
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toContain(task.id);
    expect((await hr.get(`/api/tasks/${task.id}`)).status).toBe(404);
    await h.complete(manager, id, 'ManagerApproval', { approved: true });
    // Filing the absence (document, then absence record) runs in the job worker.
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    const done = await h.detail(id);
    expect(done.status).toBe('completed');
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['Approved', 'FileLeave', 'RecordAbsence', 'NotifyApproved', 'Done']));
    expect(await h.completed(id)).not.toContain('HrApproval');
    expect(await h.mails(id)).toEqual([
      { recipients: ['employee@lotse.demo', 'employee2@lotse.demo'], subject: 'Urlaub genehmigt / Leave approved', body: expect.stringContaining('(8 days) is approved') },
    ]);
  });

  it('an approved leave is filed as an absence document and an absence with its substitute; a declined one is not', async () => {
    const id = await h.start(employee, 'hr-vacation-request', { ...leave(3), firstDay: '2026-08-03', lastDay: '2026-08-05', substitute: 'agent.hr@lotse.demo' });
    await h.complete(manager, id, 'ManagerApproval', { approved: true });
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    expect((await h.detail(id)).status).toBe('completed');
    const doc = (await employee.get('/api/personnel-files/me')).body.documents.find((d: { instanceId: string }) => d.instanceId === id);
    expect(doc).toMatchObject({ type: 'absence', source: 'generated', date: '2026-03-09' });
    const absences = await h.db.query('SELECT kind, to_char(first_day, \'YYYY-MM-DD\') AS first, to_char(last_day, \'YYYY-MM-DD\') AS last, document_id, (SELECT email FROM users WHERE id = substitute_id) AS substitute FROM absences WHERE instance_id = $1', [id]);
    expect(absences.rows).toEqual([{ kind: 'vacation', first: '2026-08-03', last: '2026-08-05', document_id: doc.id, substitute: 'agent.hr@lotse.demo' }]);
    expect((await employee.get('/api/absences/me')).body.items).toContainEqual(expect.objectContaining({ kind: 'vacation', firstDay: '2026-08-03', lastDay: '2026-08-05', substituteEmail: 'agent.hr@lotse.demo' }));

    const declined = await h.start(employee, 'hr-vacation-request', { ...leave(3), firstDay: '2026-09-07', lastDay: '2026-09-09' });
    await h.complete(manager, declined, 'ManagerApproval', { approved: false, reason: 'No' });
    await runHttpJobs(h.engine);
    expect((await h.db.query('SELECT 1 FROM absences WHERE instance_id = $1', [declined])).rows).toEqual([]);
  });

  it('more than 10 days: HR approves too', async () => {
    const id = await h.start(employee, 'hr-vacation-request', leave(12));
    await h.complete(manager, id, 'ManagerApproval', { approved: true });
    const hrTask = await h.task(id, 'HrApproval');
    expect(hrTask.candidateGroups).toEqual(['hr']);
    await h.complete(hr, id, 'HrApproval', { approved: true });
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    expect((await h.detail(id)).status).toBe('completed');
    expect((await h.mails(id)).map((m) => m.subject)).toEqual(['Urlaub genehmigt / Leave approved']);
  });

  it('more than 10 days: HR declines with a reason, which goes back to the requester', async () => {
    const id = await h.start(employee, 'hr-vacation-request', leave(15));
    await h.complete(manager, id, 'ManagerApproval', { approved: true });
    const noReason = await hr.post(`/api/tasks/${(await h.task(id, 'HrApproval')).id}/complete`, { variables: { approved: false } });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toContainEqual(expect.objectContaining({ path: '/reason' }));
    await h.complete(hr, id, 'HrApproval', { approved: false, reason: 'Betriebsferien / company shutdown planning' });
    const d = await h.detail(id, employee);
    expect(d).toMatchObject({ status: 'completed', variables: { approved: false, reason: 'Betriebsferien / company shutdown planning' } });
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['Rejected', 'NotifyRejected', 'RejectedEnd']));
    expect(await h.mails(id)).toEqual([
      { recipients: ['employee@lotse.demo'], subject: 'Urlaubsantrag abgelehnt / Leave request declined', body: expect.stringContaining('Reason: Betriebsferien / company shutdown planning') },
    ]);
  });

  it('the manager declines: no HR step, the reason goes back by mail', async () => {
    const id = await h.start(employee, 'hr-vacation-request', leave(20));
    await h.complete(manager, id, 'ManagerApproval', { approved: false, reason: 'Project go-live that week' });
    expect(await h.completed(id)).not.toContain('HrApproval');
    expect((await h.detail(id)).status).toBe('completed');
    const [mail] = await h.mails(id);
    expect(mail).toMatchObject({ recipients: ['employee@lotse.demo'], body: expect.stringContaining('Project go-live that week') });
  });

  it('reminds the manager after two days without a decision, and the task stays open', async () => {
    h.setClock('2026-03-09T08:00:00Z');
    const id = await h.start(employee, 'hr-vacation-request', leave(2));
    h.advance(DAY);
    await h.fire();
    expect(await h.mails(id)).toEqual([]);
    h.advance(DAY + 60_000);
    await h.fire();
    expect(await h.mails(id)).toEqual([expect.objectContaining({ recipients: ['employee2@lotse.demo'], subject: expect.stringContaining('Reminder') })]);
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['ReminderDue', 'RemindManager', 'Reminded']));
    await h.complete(manager, id, 'ManagerApproval', { approved: true });
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    expect((await h.detail(id)).status).toBe('completed');
    expect((await h.mails(id)).map((m) => m.subject)).toContain('Urlaub genehmigt / Leave approved');
  });
});
