/**
 * The shipped "employment certificate" template (issue #20, point 2): with complete master data it
 * runs end to end without a human step — the certificate in the requester's language, filed in the
 * personnel file and attached to the request; with a missing entry date it goes to HR, whose input
 * lands in the master data. The shipped document template: preview names a missing value, a broken
 * template is an incident and no half-filled PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHttpJobs } from '../../server/engine/jobs/jobs';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { pdfText } from '../support/pdf-text';
import { templateHarness, type TemplateHarness } from './template-harness';

describe.each(dbTargets())('template hr-employment-certificate ($name)', (target) => {
  let h: TemplateHarness;
  let employee: Client, employee2: Client, hr: Client, ownerHr: Client;
  let hrId = '';
  const userId = async (email: string) => (await h.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0].id;
  const pdfOf = async (client: Client, documentId: string) => {
    const r = await h.app.request(`/api/documents/${documentId}/content`, { headers: { cookie: client.cookie } });
    expect(r.status).toBe(200);
    return pdfText(new Uint8Array(await r.arrayBuffer()));
  };

  beforeAll(async () => {
    h = await templateHarness(target, '2026-12-04T08:00:00Z');
    [employee, employee2, hr, ownerHr] = await Promise.all(['employee@lotse.demo', 'employee2@lotse.demo', 'agent.hr@lotse.demo', 'owner.hr@lotse.demo'].map((e) => h.as(e)));
    const deployed = await h.deploy(ownerHr, 'hr-employment-certificate');
    expect(deployed.warnings).toEqual([]);
    hrId = (await h.db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'hr'")).rows[0].id;
  }, 180_000);
  afterAll(() => h.dispose());

  it('ships its document templates for HR, whose preview names a missing value', async () => {
    const list = await ownerHr.get('/api/document-templates');
    expect(list.body.items.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['employment-certificate-de', 'employment-certificate-en', 'leave-confirmation']));
    const de = await ownerHr.get('/api/document-templates/employment-certificate-de');
    const ok = await h.app.request('/api/document-templates/preview', { method: 'POST', headers: { cookie: ownerHr.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/json' }, body: JSON.stringify({ body: de.body.body, sample: de.body.sample }) });
    expect(ok.status).toBe(200);
    expect(await pdfText(new Uint8Array(await ok.arrayBuffer()))).toContain('seit dem 1. April 2021 bei uns als Sachbearbeiterin');
    const { entryDateText: _gone, ...person } = de.body.sample.person;
    const missing = await ownerHr.post('/api/document-templates/preview', { body: de.body.body, sample: { ...de.body.sample, person } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: '/sample/person/entryDateText', message: expect.stringContaining('missing') }]);
  });

  it('with complete master data: no human step, the certificate in German is filed and attached', async () => {
    const employeeId = await userId('employee@lotse.demo');
    expect((await ownerHr.post('/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hrId })).status).toBe(201);
    const md = await hr.put(`/api/personnel-files/${employeeId}/master-data`, { entryDate: '2021-04-01', jobTitle: 'Sachbearbeiterin Einkauf' });
    expect(md.status, JSON.stringify(md.body)).toBe(200);
    expect(md.body).toMatchObject({ entryDate: '2021-04-01', jobTitle: 'Sachbearbeiterin Einkauf', language: 'de' });
    // The employee reads their master data but does not change it.
    expect((await employee.get('/api/personnel-files/me/master-data')).body.entryDate).toBe('2021-04-01');
    expect((await employee.put('/api/personnel-files/me/master-data', { entryDate: '2020-01-01' })).status).toBe(403);

    const id = await h.start(employee, 'hr-employment-certificate', { purpose: 'der Hausverwaltung' });
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    const d = await h.detail(id, employee);
    expect(d.status).toBe('completed');
    expect(await h.completed(id)).not.toContain('CompleteData');
    expect(d.tasks).toEqual([]);
    const file = await employee.get('/api/personnel-files/me');
    const cert = file.body.documents.find((x: { instanceId: string }) => x.instanceId === id);
    expect(cert).toMatchObject({ type: 'certificate', title: 'Arbeitsbescheinigung', source: 'generated' });
    const text = await pdfOf(employee, cert.id);
    expect(text).toContain('Erika Mustermann');
    expect(text).toContain('seit dem 1. April 2021 bei uns als Sachbearbeiterin Einkauf beschäftigt');
    expect(text).toContain('zur Vorlage bei der Hausverwaltung');
    expect(text).toContain('Ausgestellt am 4. Dezember 2026');
    expect(text).not.toMatch(/\[|undefined|null/);
    // Attached to the request as well; HR sees it in the file.
    expect((await h.db.query('SELECT filename FROM files WHERE instance_id = $1', [id])).rows).toEqual([{ filename: 'Arbeitsbescheinigung-2026-12-04.pdf' }]);
    expect((await hr.get(`/api/personnel-files/${employeeId}`)).body.documents.map((x: { id: string }) => x.id)).toContain(cert.id);
  });

  it('without an entry date: HR completes the master data, then the certificate comes in English for an English reader', async () => {
    await h.db.query("UPDATE users SET locale = 'en' WHERE email = 'employee2@lotse.demo'");
    const id = await h.start(employee2, 'hr-employment-certificate', {});
    await runHttpJobs(h.engine);
    const task = await h.task(id, 'CompleteData');
    expect(task.candidateGroups).toEqual(['hr']);
    expect((await h.detail(id)).variables.missingData).toEqual(['entryDate', 'jobTitle']);
    // A bad date is refused at the form, with the field named.
    const bad = await hr.post(`/api/tasks/${task.id}/complete`, { variables: { entryDate: 'soon', jobTitle: 'Clerk' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: '/entryDate' }));
    await h.complete(hr, id, 'CompleteData', { entryDate: '2019-10-15', jobTitle: 'Accountant' });
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    expect((await h.detail(id)).status).toBe('completed');
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['CompleteData', 'SaveData', 'Certificate', 'Done']));
    const employee2Id = await userId('employee2@lotse.demo');
    expect((await hr.get(`/api/personnel-files/${employee2Id}/master-data`)).body).toMatchObject({ entryDate: '2019-10-15', jobTitle: 'Accountant', language: 'en' });
    const cert = (await employee2.get('/api/personnel-files/me')).body.documents.find((x: { instanceId: string }) => x.instanceId === id);
    expect(cert.title).toBe('Employment certificate');
    const text = await pdfOf(employee2, cert.id);
    expect(text).toContain('has been employed by us as Accountant since 15 October 2019');
    expect(text).not.toContain('submission to');
  });

  it('a template that needs a value nobody has is an incident, and no half-filled PDF is filed', async () => {
    const de = (await ownerHr.get('/api/document-templates/employment-certificate-de')).body;
    const broken = await ownerHr.put('/api/document-templates/employment-certificate-de', { departmentId: hrId, title: de.title, documentType: de.documentType, body: `${de.body}\nPersonalnummer: {{person.staffNumber}}\n`, sample: de.sample });
    expect(broken.status).toBe(201);
    const before = (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM documents WHERE source = 'generated'")).rows[0].n;
    const id = await h.start(employee, 'hr-employment-certificate', {});
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    const incidents = await ownerHr.get('/api/incidents');
    expect(incidents.body.items.find((i: { instanceId: string }) => i.instanceId === id)?.message).toContain('missing values: person.staffNumber');
    expect((await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM documents WHERE source = 'generated'")).rows[0].n).toBe(before);
    expect((await h.db.query('SELECT 1 FROM files WHERE instance_id = $1', [id])).rows).toEqual([]);
    // Put back for the department (a new version with the shipped body).
    expect((await ownerHr.put('/api/document-templates/employment-certificate-de', { departmentId: hrId, title: de.title, documentType: de.documentType, body: de.body, sample: de.sample })).status).toBe(201);
  });
});
