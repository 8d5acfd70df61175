/**
 * Issue #20, point 5: GDPR requests. The privacy role (granted by an admin) exports everything about
 * Erika as a ZIP — her requests with form data, comments and attachments, her personnel file with the
 * documents' bytes — and erases her: her closed requests are anonymised, her sick note deleted, while
 * the contract (retention rule), the request under legal hold and the open request are kept and
 * listed with the reason; the KPIs stay exact; both are logged. Other roles get 403.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { PDF, PNG, privacyFixture } from './privacy-fixture';

describe.each(dbTargets())('GDPR export and erasure ($name)', (target) => {
  let f: Awaited<ReturnType<typeof privacyFixture>>;
  let officer: Client;
  let erikaId = '', maxId = '', closed = '', held = '', open = '';
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    f = await privacyFixture(target);
    [erikaId, maxId] = [await f.userId('employee@lotse.demo'), await f.userId('employee2@lotse.demo')];
    // The files first: an approved leave files its confirmation into the requester's file.
    for (const email of ['employee@lotse.demo', 'employee2@lotse.demo']) {
      expect((await f.ownerHr.post('/api/personnel-files', { employeeEmail: email, departmentId: f.hrId })).status).toBe(201);
    }
    closed = await f.closedRequest('Vertretung Klaus Kluge', 'Mein Sohn heiratet am Samstag');
    held = await f.closedRequest('Vertretung Berta Bold', 'Zweiter Antrag');
    open = await f.h.start(f.erika, 'hr-vacation-request', f.leave('Vertretung Dora Dorn'));
    expect((await f.ownerHr.put(`/api/retention/rules/${f.hrId}`, { rules: [{ documentType: 'contract', years: 10, anchor: 'document_date' }, { documentType: 'sick_note', years: 3, anchor: 'end_of_year' }] })).status).toBe(200);
    docs.contract = await f.fileDocument(erikaId, 'contract', 'Arbeitsvertrag Erika', '2020-01-01');
    docs.sick = await f.fileDocument(erikaId, 'sick_note', 'AU Erika 2019', '2019-05-02');
    docs.maxOther = await f.fileDocument(maxId, 'other', 'Abmahnung Max', '2023-02-01');
    expect((await f.ownerHr.post('/api/retention/holds', { instanceId: held, departmentId: f.hrId, reason: 'Klage Az. 3 Ca 12/26' })).status).toBe(201);
    expect((await f.ownerHr.post('/api/retention/holds', { employeeEmail: 'employee2@lotse.demo', departmentId: f.hrId, reason: 'Kündigungsschutzklage' })).status).toBe(201);
    // The admin grants the analyst the privacy role.
    const analyst = (await f.h.admin.get('/api/admin/users')).body.items.find((u: { email: string }) => u.email === 'analyst@lotse.demo');
    expect((await f.h.admin.patch(`/api/admin/users/${analyst.id}`, { roles: [...analyst.roles, { role: 'privacy' }] })).status).toBe(200);
    officer = await f.fresh('analyst@lotse.demo');
  }, 300_000);
  afterAll(() => f.h.dispose());

  it('is for admins and the privacy role only', async () => {
    for (const who of [f.ownerHr, f.agentHr, f.erika]) {
      expect((await who.get('/api/privacy/people?q=Erika')).status).toBe(403);
      expect((await who.get(`/api/privacy/people/${erikaId}/export`)).status).toBe(403);
      expect((await who.post(`/api/privacy/people/${erikaId}/erase`, { confirm: 'employee@lotse.demo' })).status).toBe(403);
    }
    const found = await officer.get('/api/privacy/people?q=Muster');
    expect(found.status).toBe(200);
    expect(found.body.items.map((p: { email: string }) => p.email).sort()).toEqual(['employee2@lotse.demo', 'employee@lotse.demo']);
    expect((await officer.get('/api/privacy/people?q=x')).body.errors[0].path).toBe('/q');
    expect((await officer.get('/api/privacy/people/not-a-uuid/export')).status).toBe(404);
  });

  it('exports her requests, form data, comments, attachments and personnel file as a ZIP', async () => {
    const res = await f.h.app.request(`/api/privacy/people/${erikaId}/export`, { headers: { cookie: officer.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const read = (name: string) => JSON.parse(strFromU8(zip[name]));
    expect(read('person.json')).toMatchObject({ id: erikaId, email: 'employee@lotse.demo', name: 'Erika Mustermann' });
    const requests = read('requests.json') as { id: string; formData: { deputy: string }; comments: { text: string }[]; attachments: { path: string }[] }[];
    expect(requests.map((r) => r.id).sort()).toEqual([closed, held, open].sort());
    const first = requests.find((r) => r.id === closed)!;
    expect(first.formData.deputy).toBe('Vertretung Klaus Kluge');
    expect(first.comments.map((c) => c.text)).toContain('Mein Sohn heiratet am Samstag');
    expect(Buffer.from(zip[first.attachments[0].path]).equals(PNG)).toBe(true);
    expect(read('comments.json').map((c: { text: string }) => c.text)).toContain('Mein Sohn heiratet am Samstag');
    const file = read('personnel-file.json') as { documents: { id: string; title: string; path: string }[] };
    // Her uploads, and the leave confirmation each approved request filed (generated PDFs).
    expect(file.documents.map((d) => d.title).sort()).toEqual(['AU Erika 2019', 'Arbeitsvertrag Erika', 'Urlaub / Leave', 'Urlaub / Leave']);
    for (const d of file.documents) {
      if (d.title === 'Urlaub / Leave') expect(Buffer.from(zip[d.path]).subarray(0, 5).toString()).toBe('%PDF-');
      else expect(Buffer.from(zip[d.path]).equals(PDF)).toBe(true);
    }
    expect(JSON.stringify(file)).not.toContain('Abmahnung Max');
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['history.json', 'tasks.json', 'notifications.json', 'mails.json', 'absences.json', 'README.txt']));
  });

  it('erases her except what a retention rule or legal hold keeps, and the KPIs stay exact', async () => {
    const plan = await officer.get(`/api/privacy/people/${erikaId}/erasure`);
    expect(plan.status).toBe(200);
    const reasons = (items: { kind: string; id: string; reason: { code: string } }[]) => items.map((k) => `${k.kind}:${k.id}:${k.reason.code}`).sort();
    // The leave confirmation of the held request is kept with it; the closed one's goes.
    const leaveOf = async (id: string) => (await f.h.db.query<{ id: string }>('SELECT id FROM documents WHERE instance_id = $1', [id])).rows[0].id;
    const [closedLeave, heldLeave] = [await leaveOf(closed), await leaveOf(held)];
    const expected = [`document:${docs.contract}:retention_rule`, `document:${heldLeave}:legal_hold`, `request:${held}:legal_hold`, `request:${open}:open_request`, `account:${erikaId}:kept_documents`].sort();
    expect(reasons(plan.body.kept)).toEqual(expected);
    expect({ ...plan.body.erase, documents: [...plan.body.erase.documents].sort() }).toEqual({ requests: [closed], documents: [docs.sick, closedLeave].sort() });

    const wrong = await officer.post(`/api/privacy/people/${erikaId}/erase`, { confirm: 'someone@else' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('/confirm');
    expect((await officer.post(`/api/privacy/people/${erikaId}/erase`, {})).status).toBe(422);

    const before = await f.kpis();
    expect(before.overview).toMatchObject({ requests: { started: 3, completed: 2 } });
    const done = await officer.post(`/api/privacy/people/${erikaId}/erase`, { confirm: 'Employee@lotse.demo' });
    expect(done.status).toBe(200);
    expect(reasons(done.body.kept)).toEqual(expected);
    expect(done.body.erased).toMatchObject({ requests: 1, documents: 2 });
    expect(await f.kpis()).toEqual(before);

    const admin = f.h.admin;
    expect(JSON.stringify(await f.h.detail(closed, admin))).not.toMatch(/Kluge|Sohn|Erika|employee@lotse/);
    expect(JSON.stringify(await f.h.detail(held, admin))).toContain('Berta Bold');
    const titles = (await f.h.db.query<{ title: string }>('SELECT title FROM documents WHERE employee_id = $1 ORDER BY title', [erikaId])).rows.map((r) => r.title);
    expect(titles).toEqual(['Arbeitsvertrag Erika', 'Urlaub / Leave']);
    // She can no longer sign in; the officer's export and erasure are logged.
    expect((await f.h.app.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ email: 'employee@lotse.demo', password: 'demo' }), headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' } })).status).toBe(401);
    const log = await officer.get('/api/privacy/log');
    expect(log.body.items.map((e: { action: string; actor: string; subjectId: string }) => `${e.action}:${e.actor}:${e.subjectId}`)).toEqual([`erase:Anna Analyse:${erikaId}`, `export:Anna Analyse:${erikaId}`]);
    const deletions = await admin.get('/api/retention/deletion-log');
    expect(deletions.body.intact).toBe(true);
    expect(deletions.body.items.map((e: { entry: { kind: string } }) => e.entry.kind).sort()).toEqual(['document', 'document', 'erasure', 'request']);
    expect(JSON.stringify(deletions.body)).not.toMatch(/AU Erika|Kluge|Sohn/);
  });

  it('keeps everything of a person under legal hold, and refuses erasing oneself', async () => {
    const done = await officer.post(`/api/privacy/people/${maxId}/erase`, { confirm: 'employee2@lotse.demo' });
    expect(done.status).toBe(200);
    expect(done.body.kept).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'document', id: docs.maxOther, reason: { code: 'legal_hold', reason: 'Kündigungsschutzklage' } }),
      expect.objectContaining({ kind: 'account', id: maxId }),
    ]));
    expect((await f.h.db.query('SELECT 1 FROM documents WHERE id = $1', [docs.maxOther])).rows).toHaveLength(1);
    // Max approved Erika's requests: in the anonymised one he is no longer named.
    expect(JSON.stringify(await f.h.detail(closed, f.h.admin))).not.toContain('employee2@lotse.demo');
    const me = (await officer.get('/api/auth/me')).body.user.id;
    expect((await officer.post(`/api/privacy/people/${me}/erase`, { confirm: 'analyst@lotse.demo' })).status).toBe(409);
  });
});
