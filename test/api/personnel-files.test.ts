/**
 * Issue #20, points 1, 2 and 6 (first slice): the personnel file — kept by HR, read by the employee,
 * 404 for everybody else; streamed, checksummed contents; every view and download logged — and
 * documents generated from a template by the `document` connector, filed without a human step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { Engine } from '../../server/engine/runtime/runtime';
import { runHttpJobs } from '../../server/engine/jobs/jobs';
import { wireEngine } from '../../server/engine-wiring';
import { silentLogger } from '../../server/log';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { pdfText } from '../support/pdf-text';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

const certificateProcess = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="hr-test-certificate" name="Certificate" isExecutable="true" esm:department="hr">
    <bpmn:extensionElements><esm:catalog title="Employment certificate" requesters="employee" /></bpmn:extensionElements>
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Make" />
    <bpmn:serviceTask id="Make" name="Create the certificate">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="document" retries="1" />
        <zeebe:taskHeaders><zeebe:header key="template" value="test-certificate" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Make" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

const template = '# Arbeitsbescheinigung\n\nHiermit bestätigen wir, dass **{{person.name}}** ({{person.email}}) bei uns als {{position}} beschäftigt ist.\n\nAusgestellt am {{today}}.\n';

describe.each(dbTargets())('personnel files and generated documents ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let ownerHr: Client, ownerIt: Client, agentHr: Client, agentIt: Client, employee: Client, employee2: Client, analyst: Client, admin: Client;
  let hrId = '', itId = '', employeeId = '';

  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    ctx = await seededApp(db);
    [ownerHr, ownerIt, agentHr, agentIt, employee, employee2, analyst, admin] = await Promise.all(
      ['owner.hr', 'owner.it', 'agent.hr', 'agent.it', 'employee', 'employee2', 'analyst', 'admin'].map((u) => ctx.as(`${u}@lotse.demo`)));
    const deps = (await db.query<{ id: string; key: string }>("SELECT id, key FROM departments WHERE key IN ('hr', 'it')")).rows;
    hrId = deps.find((d) => d.key === 'hr')!.id;
    itId = deps.find((d) => d.key === 'it')!.id;
    employeeId = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee@lotse.demo'")).rows[0].id;
  });
  afterAll(() => dispose());

  const upload = (client: Client, who: string, q: Record<string, string>, body: Uint8Array = PDF, type = 'application/pdf') =>
    ctx.app.request(`/api/personnel-files/${who}/documents?${new URLSearchParams(q)}`, { method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers: { cookie: client.cookie, 'x-lotse-csrf': '1', 'content-type': type } });
  const download = (client: Client, id: string) => ctx.app.request(`/api/documents/${id}/content`, { headers: { cookie: client.cookie } });

  it('lets an HR owner open a file that HR agents fill and the employee reads, and nobody else sees', async () => {
    expect((await ownerIt.post('/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hrId })).status).toBe(404);
    const opened = await ownerHr.post('/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hrId });
    expect(opened.status).toBe(201);
    expect((await ownerHr.post('/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hrId })).status).toBe(409);

    const filed = await upload(agentHr, employeeId, { type: 'contract', title: 'Arbeitsvertrag', date: '2024-03-01', filename: 'vertrag.pdf' });
    expect(filed.status).toBe(201);
    const doc = (await filed.json()) as { id: string; version: number };
    expect(doc.version).toBe(1);

    const own = await employee.get('/api/personnel-files/me');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ access: 'self', documents: [{ id: doc.id, type: 'contract', title: 'Arbeitsvertrag', date: '2024-03-01', source: 'uploaded' }] });
    const got = await download(employee, doc.id);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);

    for (const outsider of [agentIt, ownerIt, analyst, employee2]) {
      expect((await outsider.get(`/api/personnel-files/${employeeId}`)).status).toBe(404);
      expect((await download(outsider, doc.id)).status).toBe(404);
      expect((await upload(outsider, employeeId, { type: 'other', title: 'x', date: '2024-01-01', filename: 'x.pdf' })).status).toBe(404);
    }
    expect((await agentHr.get(`/api/personnel-files/${employeeId}`)).body.access).toBe('keeper');
    expect((await admin.get(`/api/personnel-files/${employeeId}`)).status).toBe(200);
    expect((await agentHr.get('/api/personnel-files')).body.items.map((f: { email: string }) => f.email)).toContain('employee@lotse.demo');
    expect((await agentIt.get('/api/personnel-files')).body.items).toEqual([]);
  });

  it('logs every view and download, shows the log to HR owners and to the employee, not to agents', async () => {
    const log = await employee.get('/api/personnel-files/me/log');
    expect(log.status).toBe(200);
    const actions = log.body.items.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`);
    expect(actions).toContain('Greta Graf (HR agent):upload');
    expect(actions).toContain('Erika Mustermann:download');
    expect(actions).toContain('Erika Mustermann:list');
    expect((await ownerHr.get(`/api/personnel-files/${employeeId}/log`)).status).toBe(200);
    expect((await agentHr.get(`/api/personnel-files/${employeeId}/log`)).status).toBe(404);
  });

  it('refuses uploads by content, by type rights and by size, keeping nothing half-written', async () => {
    const chunks = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_chunks')).rows[0].n;
    const before = await chunks();
    // A program renamed to .pdf: the first bytes decide.
    const exe = await upload(agentHr, employeeId, { type: 'other', title: 'Tool', date: '2024-01-01', filename: 'tool.pdf' }, Buffer.from('MZ\x90\x00binary'));
    expect(exe.status).toBe(422);
    expect(((await exe.json()) as { errors: { path: string }[] }).errors[0].path).toBe('/file');
    // Employees upload sick notes, not contracts.
    expect((await upload(employee, 'me', { type: 'sick_note', title: 'AU', date: '2024-05-02', filename: 'au.pdf' })).status).toBe(201);
    const contract = await upload(employee, 'me', { type: 'contract', title: 'Mein Vertrag', date: '2024-05-02', filename: 'v.pdf' });
    expect(contract.status).toBe(422);
    expect(((await contract.json()) as { errors: { path: string }[] }).errors[0].path).toBe('/type');
    const noDate = await upload(agentHr, employeeId, { type: 'other', title: 'x', date: '2024-13-45', filename: 'x.pdf' });
    expect(((await noDate.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['/date']);
    // 25 MB is the limit; the chunks of a refused upload are gone again.
    const big = Buffer.alloc(25 * 1024 * 1024 + 10, 0x20);
    PDF.copy(big);
    const tooBig = await upload(agentHr, employeeId, { type: 'other', title: 'Big', date: '2024-01-01', filename: 'big.pdf' }, big);
    expect(tooBig.status).toBe(413);
    expect(await chunks()).toBe(before + 1); // only the sick note's single chunk was added
  });

  it('stores a large document in chunks and refuses to hand out damaged content', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 0x41);
    PDF.copy(big);
    const filed = await upload(agentHr, employeeId, { type: 'training', title: 'Zertifikat', date: '2024-02-01', filename: 'z.pdf' }, big);
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    const parts = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_chunks c JOIN document_versions v ON v.content_id = c.content_id WHERE v.document_id = $1', [id]);
    expect(parts.rows[0].n).toBe(13);
    expect(Buffer.compare(Buffer.from(await (await download(agentHr, id)).arrayBuffer()), big)).toBe(0);
    // A new version keeps the old one.
    expect((await upload(agentHr, employeeId, { type: 'training', title: 'Zertifikat', date: '2024-02-01', filename: 'z2.pdf', documentId: id })).status).toBe(201);
    const file = await agentHr.get(`/api/personnel-files/${employeeId}`);
    expect(file.body.documents.find((d: { id: string }) => d.id === id).versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // Damage a stored chunk of version 1 without changing its size: the download breaks off instead of passing it on.
    const v1 = "(SELECT content_id FROM document_versions WHERE document_id = $1 AND version = 1)";
    await db.query(`UPDATE document_chunks SET bytes = $2 WHERE content_id = ${v1} AND seq = 3`, [id, Buffer.alloc(256 * 1024, 0x42)]);
    const damaged = await ctx.app.request(`/api/documents/${id}/content?version=1`, { headers: { cookie: agentHr.cookie } });
    await expect(damaged.arrayBuffer()).rejects.toThrow();
    // A shortened content is refused before the first byte, with a clear answer.
    await db.query(`UPDATE document_chunks SET bytes = $2 WHERE content_id = ${v1} AND seq = 3`, [id, Buffer.alloc(10)]);
    const short = await ctx.app.request(`/api/documents/${id}/content?version=1`, { headers: { cookie: agentHr.cookie } });
    expect(short.status).toBe(500);
    expect(((await short.json()) as { code: string }).code).toBe('content_damaged');
  });

  it('keeps a template key with its department, previews it and names every missing value', async () => {
    const saved = await ownerHr.put('/api/document-templates/test-certificate', { departmentId: hrId, title: 'Arbeitsbescheinigung', documentType: 'certificate', body: template, sample: { position: 'Entwicklerin' } });
    expect(saved.status).toBe(201);
    expect(saved.body.version).toBe(1);
    expect((await ownerHr.put('/api/document-templates/test-certificate', { departmentId: hrId, title: 'Arbeitsbescheinigung', documentType: 'certificate', body: template, sample: { position: 'Entwicklerin' } })).status).toBe(200);
    // Another department can neither take nor overwrite the key, nor read it.
    expect((await ownerIt.put('/api/document-templates/test-certificate', { departmentId: itId, title: 'Taken', documentType: 'other', body: 'x' })).status).toBe(404);
    expect((await ownerIt.get('/api/document-templates/test-certificate')).status).toBe(404);
    expect((await ownerHr.get('/api/document-templates/test-certificate')).body.body).toBe(template);

    const missing = await ownerHr.post('/api/document-templates/preview', { body: template, sample: { position: 'Dev' } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['/sample/person/name', '/sample/person/email', '/sample/today']);
    const preview = await ctx.app.request('/api/document-templates/preview', { method: 'POST', headers: { cookie: ownerHr.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ body: template, sample: { position: 'Dev', today: '2026-12-05', person: { name: 'Probe Person', email: 'p@x' } } }) });
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    expect(await pdfText(new Uint8Array(await preview.arrayBuffer()))).toContain('Probe Person');
  });

  it('generates the certificate without a human step: filed in the personnel file and attached to the request', async () => {
    expect((await ownerHr.post('/api/deployments', { xml: certificateProcess })).status).toBe(201);
    const started = await employee2.post('/api/process-instances', { processKey: 'hr-test-certificate', variables: {} });
    expect(started.status).toBe(201);
    const engine = wireEngine(new Engine(db, () => new Date(), silentLogger));
    await runHttpJobs(engine);
    // position is missing: an incident that names it, no document.
    const incidents = await ownerHr.get('/api/incidents');
    expect(incidents.body.items.find((i: { instanceId: string }) => i.instanceId === started.body.id)?.message).toContain('missing values: position');
    expect((await db.query("SELECT 1 FROM documents WHERE source = 'generated'")).rows).toHaveLength(0);

    const ok = await employee2.post('/api/process-instances', { processKey: 'hr-test-certificate', variables: { position: 'Sachbearbeiter' } });
    await runHttpJobs(engine);
    const request = await employee2.get(`/api/process-instances/${ok.body.id}`);
    expect(request.body.status).toBe('completed');
    const own = await employee2.get('/api/personnel-files/me');
    const generated = own.body.documents.find((d: { source: string }) => d.source === 'generated');
    expect(generated).toMatchObject({ type: 'certificate', title: 'Arbeitsbescheinigung', instanceId: ok.body.id });
    const text = await pdfText(new Uint8Array(await (await download(employee2, generated.id)).arrayBuffer()));
    expect(text).toContain('Max Mustermann');
    expect(text).toContain('Sachbearbeiter');
    // HR sees it in the file; the request carries it as an attachment.
    const employee2Id = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee2@lotse.demo'")).rows[0].id;
    expect((await agentHr.get(`/api/personnel-files/${employee2Id}`)).body.documents.map((d: { id: string }) => d.id)).toContain(generated.id);
    const attached = await db.query<{ id: string }>('SELECT id FROM files WHERE instance_id = $1', [ok.body.id]);
    expect(attached.rows).toHaveLength(1);
    expect((await ctx.app.request(`/api/files/${attached.rows[0].id}`, { headers: { cookie: employee2.cookie } })).status).toBe(200);
  });
});
