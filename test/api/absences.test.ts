/**
 * Issue #20, point 3: absences. HR records a sick note as an absence; while it lasts, the tasks that
 * would go to the absent approver go to the absence's substitute, and they stop when it ends or is
 * cancelled. The team calendar shows a department's absences to its agents and owners (the kind
 * only to those who keep the files), 404 to other departments, 403 to employees and analysts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { templateHarness, type TemplateHarness } from './template-harness';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

describe.each(dbTargets())('absences, substitutes and the team calendar ($name)', (target) => {
  let h: TemplateHarness;
  let employee: Client, employee2: Client, agentHr: Client, ownerHr: Client, agentIt: Client, analyst: Client;
  let hrId = '', itId = '', employee2Id = '';
  const leave = { leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-08', days: 3, manager: 'employee2@lotse.demo' };

  beforeAll(async () => {
    h = await templateHarness(target, '2026-03-09T08:00:00Z');
    [employee, employee2, agentHr, ownerHr, agentIt, analyst] = await Promise.all(
      ['employee', 'employee2', 'agent.hr', 'owner.hr', 'agent.it', 'analyst'].map((u) => h.as(`${u}@lotse.demo`)));
    await h.deploy(ownerHr, 'hr-vacation-request');
    const deps = (await h.db.query<{ id: string; key: string }>("SELECT id, key FROM departments WHERE key IN ('hr', 'it')")).rows;
    hrId = deps.find((d) => d.key === 'hr')!.id;
    itId = deps.find((d) => d.key === 'it')!.id;
    employee2Id = (await h.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee2@lotse.demo'")).rows[0].id;
    for (const email of ['employee2@lotse.demo', 'agent.it@lotse.demo']) expect((await ownerHr.post('/api/personnel-files', { employeeEmail: email, departmentId: hrId })).status).toBe(201);
  }, 180_000);
  afterAll(() => h.dispose());

  /** Signs everyone in again: sessions expire when the virtual clock jumps days ahead. */
  const signIn = async () => {
    const fresh = async (email: string) => {
      const c = new Client(h.app);
      expect((await c.post('/api/auth/login', { email, password: 'demo' })).status).toBe(200);
      return c;
    };
    [employee, employee2, agentHr, ownerHr, agentIt, analyst] = await Promise.all(
      ['employee', 'employee2', 'agent.hr', 'owner.hr', 'agent.it', 'analyst'].map((u) => fresh(`${u}@lotse.demo`)));
  };
  const setClock = async (iso: string) => {
    h.setClock(iso);
    await signIn();
  };

  const approvalAssignee = async () => {
    const id = await h.start(employee, 'hr-vacation-request', leave);
    return (await h.task(id, 'ManagerApproval')).assignee;
  };

  it('a sick note becomes an absence; while it lasts the approver\'s tasks go to the substitute, afterwards to the approver again', async () => {
    // HR files the sick note with its days: the absence is recorded in the same step.
    const note = await h.app.request(`/api/personnel-files/${employee2Id}/documents?type=sick_note&title=AU&date=2026-03-09&filename=au.pdf&absentFrom=2026-03-09&absentTo=2026-03-13&substituteEmail=owner.hr%40lotse.demo`, {
      method: 'POST', body: PDF as Uint8Array<ArrayBuffer>, headers: { cookie: agentHr.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' } });
    expect(note.status).toBe(201);
    const filed = (await note.json()) as { id: string; absenceId: string };
    const documentId = filed.id;
    const r = { body: { id: filed.absenceId } };

    expect(await approvalAssignee()).toBe('owner.hr@lotse.demo');
    await setClock('2026-03-13T17:00:00Z');
    expect(await approvalAssignee()).toBe('owner.hr@lotse.demo');
    // The absence is over: the approver gets their tasks again.
    await setClock('2026-03-14T08:00:00Z');
    expect(await approvalAssignee()).toBe('employee2@lotse.demo');

    const cal = await agentHr.get(`/api/absences/calendar/${hrId}?month=2026-03`);
    expect(cal.status).toBe(200);
    expect(cal.body.items).toEqual([expect.objectContaining({
      id: r.body.id, employee: expect.objectContaining({ email: 'employee2@lotse.demo' }), kind: 'sick', firstDay: '2026-03-09', lastDay: '2026-03-13',
      substitute: { name: expect.any(String), email: 'owner.hr@lotse.demo' }, documentId, cancellable: true,
    })]);
    expect((await agentHr.get(`/api/absences/calendar/${hrId}?month=2026-04`)).body.items).toEqual([]);
  });

  it('a cancelled absence stops the substitute at once', async () => {
    await setClock('2026-03-16T08:00:00Z');
    const r = await ownerHr.post('/api/absences', { employeeEmail: 'employee2@lotse.demo', departmentId: hrId, kind: 'other', firstDay: '2026-03-16', lastDay: '2026-03-20', substituteEmail: 'agent.hr@lotse.demo' });
    expect(r.status).toBe(201);
    expect(await approvalAssignee()).toBe('agent.hr@lotse.demo');
    expect((await agentIt.delete(`/api/absences/${r.body.id}`)).status).toBe(404);
    expect((await agentHr.delete(`/api/absences/${r.body.id}`)).status).toBe(204);
    expect(await approvalAssignee()).toBe('employee2@lotse.demo');
    expect((await agentHr.get(`/api/absences/calendar/${hrId}?month=2026-03`)).body.items.map((a: { id: string }) => a.id)).not.toContain(r.body.id);
  });

  it('the team calendar: the department\'s agents and owners, the kind only for the file keepers; others 404, employees and analysts 403', async () => {
    // HR records a sick leave of an IT agent: IT's calendar shows the colleague absent, without why.
    const r = await agentHr.post('/api/absences', { employeeEmail: 'agent.it@lotse.demo', departmentId: hrId, kind: 'sick', firstDay: '2026-03-30', lastDay: '2026-04-02' });
    expect(r.status).toBe(201);
    const it = await agentIt.get(`/api/absences/calendar/${itId}?month=2026-04`);
    expect(it.status).toBe(200);
    expect(it.body.items).toEqual([expect.objectContaining({ id: r.body.id, kind: null, documentId: null, cancellable: false, firstDay: '2026-03-30', lastDay: '2026-04-02' })]);
    expect((await agentHr.get(`/api/absences/calendar/${hrId}?month=2026-04`)).body.items).toEqual([expect.objectContaining({ id: r.body.id, kind: 'sick' })]);
    // IT's calendar does not show HR's other absences (employee2 is no IT member).
    expect((await agentIt.get(`/api/absences/calendar/${itId}?month=2026-03`)).body.items.map((a: { employee: { email: string } }) => a.employee.email)).toEqual(['agent.it@lotse.demo']);

    expect((await agentIt.get(`/api/absences/calendar/${hrId}?month=2026-03`)).status).toBe(404);
    expect((await employee.get(`/api/absences/calendar/${hrId}?month=2026-03`)).status).toBe(403);
    expect((await analyst.get(`/api/absences/calendar/${hrId}?month=2026-03`)).status).toBe(403);
    expect((await agentIt.get('/api/absences/departments')).body.items.map((d: { id: string }) => d.id)).toEqual([itId]);
    expect((await ownerHr.get('/api/absences/departments')).body.items.map((d: { id: string }) => d.id)).toEqual([hrId]);
    // The employee sees their own absences.
    expect((await employee2.get('/api/absences/me')).body.items).toContainEqual(expect.objectContaining({ kind: 'sick', firstDay: '2026-03-09', lastDay: '2026-03-13' }));
  });

  const upload = (who: Client, employeeId: string, query: Record<string, string>) => h.app.request(
    `/api/personnel-files/${employeeId}/documents?${new URLSearchParams({ title: 'AU', date: '2026-06-01', filename: 'au.pdf', ...query })}`,
    { method: 'POST', body: PDF as Uint8Array<ArrayBuffer>, headers: { cookie: who.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' } });
  const documentCount = async () => (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE employee_id = $1', [employee2Id])).rows[0].n;
  const absenceCount = async () => (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM absences WHERE employee_id = $1', [employee2Id])).rows[0].n;

  it('a sick note filed with its days becomes an absence in the same step; its substitute stands in on those days', async () => {
    await setClock('2026-03-18T08:00:00Z');
    const r = await upload(agentHr, employee2Id, { type: 'sick_note', absentFrom: '2026-03-23', absentTo: '2026-03-25', substituteEmail: 'agent.hr@lotse.demo' });
    expect(r.status).toBe(201);
    const filed = (await r.json()) as { id: string; absenceId: string };
    expect(filed.absenceId).toEqual(expect.any(String));
    expect(await approvalAssignee()).toBe('employee2@lotse.demo');
    await setClock('2026-03-24T08:00:00Z');
    expect(await approvalAssignee()).toBe('agent.hr@lotse.demo');
    await setClock('2026-03-26T08:00:00Z');
    expect(await approvalAssignee()).toBe('employee2@lotse.demo');

    // The personnel file lists it with its source: HR may cancel, the employee reads their own, other departments 404.
    const hr = await agentHr.get(`/api/personnel-files/${employee2Id}/absences`);
    expect(hr.status).toBe(200);
    expect(hr.body.items).toContainEqual({ id: filed.absenceId, kind: 'sick', firstDay: '2026-03-23', lastDay: '2026-03-25',
      substitute: { name: expect.any(String), email: 'agent.hr@lotse.demo' }, document: { id: filed.id, title: 'AU' }, request: null, cancellable: true });
    const own = await employee2.get('/api/personnel-files/me/absences');
    expect(own.body.items).toContainEqual(expect.objectContaining({ id: filed.absenceId, kind: 'sick', cancellable: false }));
    expect((await agentIt.get(`/api/personnel-files/${employee2Id}/absences`)).status).toBe(404);
    expect((await employee.get(`/api/personnel-files/${employee2Id}/absences`)).status).toBe(404);
    expect((await employee.get('/api/personnel-files/me/absences')).status).toBe(404);

    // An absence record works the same way (kind "other").
    const other = await upload(ownerHr, employee2Id, { type: 'absence', title: 'Sonderurlaub', absentFrom: '2026-03-27', absentTo: '2026-03-27' });
    expect(other.status).toBe(201);
    expect((await agentHr.get(`/api/personnel-files/${employee2Id}/absences`)).body.items).toContainEqual(expect.objectContaining({ kind: 'other', firstDay: '2026-03-27', lastDay: '2026-03-27', substitute: null }));
  });

  it('a sick note with bad days is refused with the field named, and neither document nor absence is filed', async () => {
    const [docs, absences] = [await documentCount(), await absenceCount()];
    const cases: [Record<string, string>, string][] = [
      [{ type: 'sick_note' }, '/absentFrom'],
      [{ type: 'sick_note', absentFrom: '2026-06-10' }, '/absentTo'],
      [{ type: 'sick_note', absentFrom: '2026-06-10', absentTo: '2026-06-09' }, '/absentTo'],
      [{ type: 'sick_note', absentFrom: '2026-06-10', absentTo: '2027-07-01' }, '/absentTo'],
      [{ type: 'sick_note', absentFrom: '2026-02-30', absentTo: '2026-03-02' }, '/absentFrom'],
      [{ type: 'sick_note', absentFrom: '2026-06-10', absentTo: '2026-06-11', substituteEmail: 'nobody@lotse.demo' }, '/substituteEmail'],
      [{ type: 'sick_note', absentFrom: '2026-06-10', absentTo: '2026-06-11', substituteEmail: 'employee2@lotse.demo' }, '/substituteEmail'],
      [{ type: 'contract', absentFrom: '2026-06-10', absentTo: '2026-06-11' }, '/absentFrom'],
    ];
    for (const [query, path] of cases) {
      const r = await upload(agentHr, employee2Id, query);
      const body = (await r.json()) as { errors: { path: string }[] };
      expect(r.status, `${JSON.stringify(query)}: ${JSON.stringify(body)}`).toBe(422);
      expect(body.errors.map((e) => e.path)).toContain(path);
    }
    // Another department's agent: 404, as if there were no file.
    expect((await upload(agentIt, employee2Id, { type: 'sick_note', absentFrom: '2026-06-10', absentTo: '2026-06-11' })).status).toBe(404);
    // The employee files their own sick note without days (HR records the absence); with days it is refused.
    expect((await upload(employee2, 'me', { type: 'sick_note', absentFrom: '2026-06-10', absentTo: '2026-06-11' })).status).toBe(422);
    expect(await documentCount()).toBe(docs);
    expect(await absenceCount()).toBe(absences);
    expect((await upload(employee2, 'me', { type: 'sick_note' })).status).toBe(201);
    expect(await documentCount()).toBe(docs + 1);
    expect(await absenceCount()).toBe(absences);
  });

  it('when writing the absence fails, the sick note is not filed either (one transaction, the stored content removed)', async () => {
    const chunks = async () => (await h.db.query<{ n: number }>('SELECT count(DISTINCT content_id)::int AS n FROM document_chunks')).rows[0].n;
    const before = [await documentCount(), await absenceCount(), await chunks()];
    // A database failure on the absence's row only (the checks before have passed).
    await h.db.query("ALTER TABLE absences ADD CONSTRAINT test_refuse CHECK (first_day <> DATE '2026-04-20')");
    try {
      const r = await upload(agentHr, employee2Id, { type: 'sick_note', absentFrom: '2026-04-20', absentTo: '2026-04-21' });
      expect(r.status).toBeGreaterThanOrEqual(400);
    } finally {
      await h.db.query('ALTER TABLE absences DROP CONSTRAINT test_refuse');
    }
    expect([await documentCount(), await absenceCount(), await chunks()]).toEqual(before);
  });

  it('refuses bad input with the field named, and other departments with 404', async () => {
    const base = { employeeEmail: 'employee2@lotse.demo', departmentId: hrId, kind: 'sick', firstDay: '2026-05-04', lastDay: '2026-05-08' };
    const cases: [Record<string, unknown>, string][] = [
      [{ lastDay: '2026-05-01' }, '/lastDay'],
      [{ lastDay: '2027-06-01' }, '/lastDay'],
      [{ firstDay: '2026-02-30' }, '/firstDay'],
      [{ kind: 'holiday' }, '/kind'],
      [{ employeeEmail: 'employee@lotse.demo' }, '/employeeEmail'],
      [{ substituteEmail: 'nobody@lotse.demo' }, '/substituteEmail'],
      [{ substituteEmail: 'employee2@lotse.demo' }, '/substituteEmail'],
      [{ documentId: '00000000-0000-4000-8000-000000000000' }, '/documentId'],
    ];
    for (const [change, path] of cases) {
      const r = await agentHr.post('/api/absences', { ...base, ...change });
      expect(r.status, `${JSON.stringify(change)}: ${JSON.stringify(r.body)}`).toBe(422);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await agentIt.post('/api/absences', base)).status).toBe(404);
    expect((await agentHr.get(`/api/absences/calendar/${hrId}?month=2026-13`)).status).toBe(422);
    expect((await agentHr.get(`/api/absences/calendar/${hrId}?month=2026-13`)).body.errors).toEqual([expect.objectContaining({ path: '/month' })]);
    expect((await agentHr.get('/api/absences/calendar/not-a-uuid')).status).toBe(404);
    expect((await agentHr.put(`/api/personnel-files/${employee2Id}/master-data`, { entryDate: '2026-02-31' })).status).toBe(422);
    expect((await agentIt.put(`/api/personnel-files/${employee2Id}/master-data`, { jobTitle: 'X' })).status).toBe(404);
  });
});
