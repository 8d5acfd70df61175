/**
 * Issue #14, point 1: a process key (with its draft), a DMN decision key and a form key belong to the
 * department of their first deployment or creation; another department's owner cannot take them over,
 * and only an admin moves a key, with a logged transfer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../server/db/migrate';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { processDeployment } from '../support/processes';
import { templateDeployment, templateHarness, type TemplateHarness } from './template-harness';

/** A small IT service with a message start event (a start subscription to lose). */
const mailIntake = (department: string, task = 'Handle') => `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:message id="M" name="it-mail-received" />
  <bpmn:process id="it-mail-intake" name="IT mail intake" isExecutable="true" esm:department="${department}">
    <bpmn:startEvent id="Mail"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Mail" targetRef="${task}" />
    <bpmn:userTask id="${task}" />
    <bpmn:sequenceFlow id="f2" sourceRef="${task}" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

/** An HR process calling a decision, optionally shipping it (a DMN for the key `decisionKey`). */
const hrWithDecision = (decisionKey: string) => `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="hr-rated" name="HR rated" isExecutable="true" esm:department="hr">
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Rate" />
    <bpmn:businessRuleTask id="Rate"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionKey}" resultVariable="priority" /></bpmn:extensionElements></bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Rate" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

/** it-incident's priority table with every rule answering "low". */
const allLow = (dmn: string) => dmn.replace(/<text>"(critical|high|medium)"<\/text><\/outputEntry>/g, '<text>"low"</text></outputEntry>');

describe.each(dbTargets())('ownership of keys ($name)', (target) => {
  let h: TemplateHarness;
  let ownerIt: Client, ownerHr: Client, employee: Client, admin: Client;
  let itId: string, hrId: string;
  const count = async (sql: string, params: unknown[] = []) => (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;
  const itIncidentAsHr = () => ({ ...templateDeployment('it-incident'), xml: templateDeployment('it-incident').xml.replace('esm:department="it"', 'esm:department="hr"') });

  beforeAll(async () => {
    h = await templateHarness(target);
    [ownerIt, ownerHr, employee] = await Promise.all(['owner.it@lotse.demo', 'owner.hr@lotse.demo', 'employee@lotse.demo'].map((e) => h.as(e)));
    admin = h.admin;
    const deps = (await h.db.query<{ id: string; key: string }>('SELECT id, key FROM departments')).rows;
    itId = deps.find((d) => d.key === 'it')!.id;
    hrId = deps.find((d) => d.key === 'hr')!.id;
    await h.deploy(ownerIt, 'it-incident');
    expect((await ownerIt.post('/api/deployments', { xml: mailIntake('it') })).status).toBe(201);
  });
  afterAll(() => h.dispose());

  it("refuses another department's deploy of an owned process key: nothing moves, requests still land in IT's queue", async () => {
    const before = {
      versions: await count("definitions WHERE key = 'it-incident'"),
      forms: await count('forms'),
      decisions: await count('decisions'),
    };
    const r = await ownerHr.post('/api/deployments', itIncidentAsHr());
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'key_owned', kind: 'process', key: 'it-incident', departmentId: itId, department: { key: 'it' } });
    expect(r.body.error).toContain('/api/admin/key-ownership/transfer');
    // Without esm:department the key keeps IT's department, which HR does not own.
    const bare = await ownerHr.post('/api/deployments', { ...templateDeployment('it-incident'), xml: templateDeployment('it-incident').xml.replace(' esm:department="it"', '') });
    expect(bare.status).toBe(403);
    expect(bare.body.code).toBe('key_owned');
    expect({
      versions: await count("definitions WHERE key = 'it-incident'"),
      forms: await count('forms'),
      decisions: await count('decisions'),
    }).toEqual(before);

    const catalog = (await employee.get('/api/catalog')).body.items.find((s: { processKey: string }) => s.processKey === 'it-incident');
    expect(catalog).toMatchObject({ departmentId: itId, version: 1 });
    const id = await h.start(employee, 'it-incident', { summary: 'Printer', description: 'jammed', impact: 'low', urgency: 'low' });
    expect((await h.detail(id)).departmentId).toBe(itId);
    expect((await h.task(id, 'FirstLevel')).candidateGroups).toEqual(['it']);
  });

  it("keeps IT's start subscriptions when HR tries to take over a message-started process", async () => {
    const subscriptions = async () => (await h.db.query("SELECT kind, name, element_id FROM start_events WHERE process_key = 'it-mail-intake'")).rows;
    const before = await subscriptions();
    expect(before).toEqual([{ kind: 'message', name: 'it-mail-received', element_id: 'Mail' }]);
    const r = await ownerHr.post('/api/deployments', { xml: mailIntake('hr', 'Stolen') });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'key_owned', key: 'it-mail-intake', departmentId: itId });
    expect(await subscriptions()).toEqual(before);
    expect(await count("definitions WHERE key = 'it-mail-intake'")).toBe(1);
  });

  it('an admin deploy keeps the owning department too: moving a key takes the transfer route', async () => {
    const r = await admin.post('/api/deployments', itIncidentAsHr());
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'key_owned', key: 'it-incident', departmentId: itId });
    // Without esm:department an admin deploys for the owning department.
    const same = await admin.post('/api/deployments', { xml: mailIntake('it').replace(' esm:department="it"', '').replace('name="IT mail intake"', 'name="IT mail intake (admin)"') });
    expect(same.status).toBe(201);
    expect((await h.db.query("SELECT department_id FROM definitions WHERE key = 'it-mail-intake' ORDER BY version DESC LIMIT 1")).rows[0].department_id).toBe(itId);
  });

  it("refuses another department's DMN table under an owned decision key; the deployment writes nothing", async () => {
    const itDmn = templateDeployment('it-incident').decisions![0];
    const r = await ownerHr.post('/api/deployments', { xml: hrWithDecision('it-incident-priority'), decisions: [allLow(itDmn)] });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'key_owned', kind: 'decision', key: 'it-incident-priority', departmentId: itId });
    expect(await count("decisions WHERE key = 'it-incident-priority'")).toBe(1);
    expect(await count("definitions WHERE key = 'hr-rated'")).toBe(0);
    expect(await count("key_owners WHERE key = 'hr-rated'")).toBe(0);
    // The IT table still decides.
    const id = await h.start(employee, 'it-incident', { summary: 'Down', description: 'all of it', impact: 'high', urgency: 'high' });
    expect((await h.detail(id)).variables.priority).toBe('critical');
    // Decisions now carry a department; IT may deploy a new version of its own table.
    expect((await h.db.query("SELECT department_id FROM decisions WHERE key = 'it-incident-priority'")).rows[0].department_id).toBe(itId);
  });

  it("keeps drafts with the key's department: HR can neither read nor create the draft of IT's key, IT still can", async () => {
    const get = await ownerHr.get('/api/processes/it-incident/draft');
    expect(get.status).toBe(403);
    expect(get.body).toMatchObject({ code: 'key_owned', key: 'it-incident', departmentId: itId });
    const xml = templateDeployment('it-incident').xml;
    for (const body of [{ xml }, { xml, departmentId: hrId }]) {
      const r = await ownerHr.put('/api/processes/it-incident/draft', body);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ code: 'key_owned', key: 'it-incident', departmentId: itId });
    }
    expect(await count("process_drafts WHERE key = 'it-incident'")).toBe(0);
    const own = await ownerIt.put('/api/processes/it-incident/draft', { xml, revision: 0 });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ revision: 1, departmentId: itId });
    expect((await ownerIt.get('/api/processes/it-incident/draft')).body).toMatchObject({ revision: 1, departmentId: itId });
  });

  it("a first draft claims its key: another department can neither save that draft nor deploy the key", async () => {
    const xml = mailIntake('it').replaceAll('it-mail-intake', 'it-new-idea');
    expect((await ownerIt.put('/api/processes/it-new-idea/draft', { xml })).status).toBe(200);
    const save = await ownerHr.put('/api/processes/it-new-idea/draft', { xml, revision: 1, departmentId: hrId });
    expect(save.status).toBe(403);
    expect(save.body).toMatchObject({ code: 'key_owned', departmentId: itId });
    const deploy = await ownerHr.post('/api/deployments', { xml: mailIntake('hr').replaceAll('it-mail-intake', 'it-new-idea') });
    expect(deploy.status).toBe(403);
    expect(deploy.body).toMatchObject({ code: 'key_owned', key: 'it-new-idea', departmentId: itId });
  });

  it("refuses another department's form versions under an owned form key, by the forms API and in a deployment", async () => {
    const form = processDeployment('it-incident').forms.find((f) => f.key === 'it-incident-confirm')!;
    const versions = await count("forms WHERE key = 'it-incident-confirm'");
    const put = await ownerHr.put('/api/forms/it-incident-confirm', { title: { en: 'Mine now' }, definition: form.definition });
    expect(put.status).toBe(403);
    expect(put.body).toMatchObject({ code: 'key_owned', kind: 'form', key: 'it-incident-confirm', departmentId: itId });
    const post = await ownerHr.post('/api/forms', { key: 'it-incident-confirm', departmentId: hrId, title: { en: 'Mine now' }, definition: form.definition });
    expect(post.status).toBe(403);
    expect(post.body).toMatchObject({ code: 'key_owned', key: 'it-incident-confirm', departmentId: itId });
    const shipped = await ownerHr.post('/api/deployments', { ...processDeployment('hr-vacation-request'), forms: [...processDeployment('hr-vacation-request').forms, { ...form, title: { en: 'Mine now' } }] });
    expect(shipped.status).toBe(403);
    expect(shipped.body).toMatchObject({ code: 'key_owned', kind: 'form', key: 'it-incident-confirm' });
    expect(await count("definitions WHERE key = 'hr-vacation-request'")).toBe(0);
    expect(await count("forms WHERE key = 'it-incident-confirm'")).toBe(versions);
    // IT's owner still edits its form.
    expect((await ownerIt.put('/api/forms/it-incident-confirm', { title: { en: 'Confirm (v2)' }, definition: form.definition })).status).toBe(200);
  });

  it('only an admin moves a key; the transfer is logged, then the new department deploys and the old one may not', async () => {
    await h.deploy(ownerIt, 'it-equipment-request');
    const body = { kind: 'process', key: 'it-equipment-request', departmentId: hrId, reason: 'HR hands out laptops now' };
    expect((await ownerIt.post('/api/admin/key-ownership/transfer', body)).status).toBe(403);
    expect((await ownerHr.post('/api/admin/key-ownership/transfer', body)).status).toBe(403);
    expect((await admin.post('/api/admin/key-ownership/transfer', { ...body, key: 'no-such-key' })).status).toBe(404);
    expect((await admin.post('/api/admin/key-ownership/transfer', { ...body, kind: 'table' })).status).toBe(422);

    const r = await admin.post('/api/admin/key-ownership/transfer', body);
    expect(r.status).toBe(200);
    expect(r.body.owner).toMatchObject({ kind: 'process', key: 'it-equipment-request', departmentId: hrId, department: { key: 'hr' } });
    expect(r.body.transfer).toMatchObject({ fromDepartmentId: itId, toDepartmentId: hrId, transferredBy: { name: 'Ada Admin' }, reason: 'HR hands out laptops now' });
    // The forms the process uses stay with IT until they are moved too (each a transfer of its own).
    expect(r.body.related).toEqual([
      { kind: 'form', key: 'it-equipment-request', departmentId: itId },
      { kind: 'form', key: 'it-equipment-review', departmentId: itId },
    ]);
    const log = await admin.get('/api/admin/key-ownership/transfers?kind=process&key=it-equipment-request');
    expect(log.body.items).toEqual([expect.objectContaining({ kind: 'process', key: 'it-equipment-request', fromDepartmentId: itId, toDepartmentId: hrId, transferredAt: expect.any(String) })]);
    expect((await ownerHr.get('/api/admin/key-ownership/transfers')).status).toBe(403);
    expect((await admin.get('/api/admin/key-ownership?kind=process&key=it-equipment-request')).body.items).toEqual([expect.objectContaining({ departmentId: hrId })]);
    // The deployed versions moved with it: the catalog shows it under HR.
    expect((await employee.get('/api/catalog')).body.items.find((s: { processKey: string }) => s.processKey === 'it-equipment-request').departmentId).toBe(hrId);

    for (const key of ['it-equipment-request', 'it-equipment-review']) {
      expect((await admin.post('/api/admin/key-ownership/transfer', { kind: 'form', key, departmentId: hrId })).status).toBe(200);
    }
    expect(await count("forms WHERE key LIKE 'it-equipment-%' AND department_id <> $1", [hrId])).toBe(0);
    expect((await admin.post('/api/admin/key-ownership/transfer', { kind: 'form', key: 'it-equipment-review', departmentId: hrId })).status).toBe(422);

    const dep = templateDeployment('it-equipment-request');
    const asHr = { xml: dep.xml.replace('esm:department="it"', 'esm:department="hr"').replace('name="IT equipment request"', 'name="Equipment request"') };
    const byHr = await ownerHr.post('/api/deployments', asHr);
    expect(byHr.status, JSON.stringify(byHr.body)).toBe(201);
    expect(byHr.body.version).toBe(2);
    const byIt = await ownerIt.post('/api/deployments', { xml: dep.xml.replace('name="IT equipment request"', 'name="IT equipment (back)"') });
    expect(byIt.status).toBe(403);
    expect(byIt.body).toMatchObject({ code: 'key_owned', key: 'it-equipment-request', departmentId: hrId });
    expect((await admin.get('/api/admin/key-ownership/transfers')).body.items.map((t: { key: string }) => t.key)).toHaveLength(3);
  });

  it('a department that owns keys cannot be deleted (409, not a 500)', async () => {
    const r = await admin.delete(`/api/admin/departments/${itId}`);
    expect(r.status).toBe(409);
  });
});

describe.each(dbTargets())('ownership backfill of existing keys ($name)', (target) => {
  it("gives each existing key its first department, decisions their calling process's, and returns hijacked drafts", async () => {
    const opened = await target.open({ migrated: false });
    const db = opened.db;
    try {
      await migrate(db, loadMigrations().filter((m) => m.version < 12));
      const dep = async (key: string) => (await db.query<{ id: string }>('INSERT INTO departments (key, name) VALUES ($1, $1) RETURNING id', [key])).rows[0].id;
      const [itDep, hrDep] = [await dep('it'), await dep('hr')];
      const model = { elements: { Rate: { id: 'Rate', calledDecision: { decisionId: 'prio' } } }, startEvents: [] };
      const def = (key: string, version: number, department: string, at: string) =>
        db.query("INSERT INTO definitions (key, version, department_id, xml, xml_hash, model, deployed_at) VALUES ($1, $2, $3, '<x/>', $4, $5, $6)", [key, version, department, `h${version}`, JSON.stringify(model), at]);
      await def('it-incident', 1, itDep, '2026-01-01T00:00:00Z');
      await def('it-incident', 2, hrDep, '2026-02-01T00:00:00Z'); // the hijack of today
      await db.query("INSERT INTO decisions (key, version, xml_hash, xml, model) VALUES ('prio', 1, 'h', '<x/>', '{}'), ('orphan', 1, 'h', '<x/>', '{}')");
      await db.query("INSERT INTO process_drafts (key, department_id, xml) VALUES ('it-incident', $1, '<x/>'), ('hr-idea', $1, '<x/>')", [hrDep]);
      await db.query(`INSERT INTO forms (key, version, department_id, title, definition, definition_hash) VALUES
        ('it-form', 1, $1, '{}', '{}', 'a'), ('it-form', 2, $2, '{}', '{}', 'b'), ('shared', 1, NULL, '{}', '{}', 'c')`, [itDep, hrDep]);

      expect(await migrate(db)).toContain('012_key_ownership');
      const owners = (await db.query<{ kind: string; key: string; department_id: string | null }>('SELECT kind, key, department_id FROM key_owners ORDER BY kind, key')).rows;
      expect(owners).toEqual([
        { kind: 'decision', key: 'orphan', department_id: null },
        { kind: 'decision', key: 'prio', department_id: itDep },
        { kind: 'form', key: 'it-form', department_id: itDep },
        { kind: 'form', key: 'shared', department_id: null },
        { kind: 'process', key: 'hr-idea', department_id: hrDep },
        { kind: 'process', key: 'it-incident', department_id: itDep },
      ]);
      expect((await db.query("SELECT department_id FROM process_drafts WHERE key = 'it-incident'")).rows[0].department_id).toBe(itDep);
      expect((await db.query("SELECT department_id FROM decisions WHERE key = 'prio'")).rows[0].department_id).toBe(itDep);
    } finally {
      await opened.dispose();
    }
  });
});
