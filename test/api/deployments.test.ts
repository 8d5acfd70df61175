/**
 * A Camunda project deployed as it is (#16 point 7): several files in one POST /api/deployments,
 * references among them resolved, all or nothing. Real files: test/fixtures/camunda-projects/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const dir = fileURLToPath(new URL('../fixtures/camunda-projects/', import.meta.url));
const file = (path: string) => ({ name: path.split('/').pop()!, content: readFileSync(dir + path, 'utf8') });
const sdk = (name: string) => file(`camunda-8-js-sdk/${name}`);
const project = () => [sdk('test-form-retrieval.bpmn'), sdk('test-basic-form.form'), sdk('completeUserTask-rest-test-process.bpmn'), sdk('test-drd.dmn')];

/** A small Camunda 8 model whose user task links a form with a binding type (written for this test). */
const linked = (processId: string, formId: string, binding: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="Linked" isExecutable="true">
    <bpmn:startEvent id="Start" name="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Review" name="Review"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="${formId}" ${binding} /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End" name="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dbTargets())('deploying a Camunda project ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let owner: Client;
  let admin: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    owner = await ctx.as('owner.hr@lotse.demo');
    admin = await ctx.as('admin@lotse.demo');
  });
  afterAll(() => dispose());

  const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const multipart = (client: Client, files: { name: string; content: string }[], comment?: string) => {
    const form = new FormData();
    for (const f of files) form.append('resources', new File([f.content], f.name));
    if (comment) form.append('comment', comment);
    return ctx.app.request('/api/deployments', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-lotse-csrf': '1' } });
  };

  it('given the files of a project as multipart, when deployed, then every process, decision and form is stored and the task form links', async () => {
    const res = await multipart(owner, project(), 'first import');
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.processes).toEqual(expect.arrayContaining([
      expect.objectContaining({ key: 'test-form-retrieval', version: 1, created: true, resource: 'test-form-retrieval.bpmn' }),
      expect.objectContaining({ key: 'completeUserTask-rest-test-process', version: 1, resource: 'completeUserTask-rest-test-process.bpmn' }),
    ]));
    expect(body.decisions).toEqual([{ key: 'test-decision', version: 1, resource: 'test-drd.dmn' }]);
    expect(body.forms).toEqual([{ key: 'test-basic-form', version: 1, created: true, resource: 'test-basic-form.form' }]);
    // The form's submit button and markdown text do not carry over: the owner is told, per file.
    expect(body.warnings.some((w: { resource?: string; message: string }) => w.resource === 'test-basic-form.form' && /button/.test(w.message))).toBe(true);

    // The linked form (formId="test-basic-form") checks what the task is completed with.
    const started = await owner.post('/api/process-instances', { processKey: 'test-form-retrieval', variables: {} });
    expect(started.status).toBe(201);
    const tasks = (await admin.get(`/api/tasks?instanceId=${started.body.id}`)).body.items.filter((t: { instanceId: string }) => t.instanceId === started.body.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].formId).toBe('test-basic-form');
    const refused = await admin.post(`/api/tasks/${tasks[0].id}/complete`, { variables: { firstName: 'Ada', iban: 'DE00' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: '/iban' })]);
    const done = await admin.post(`/api/tasks/${tasks[0].id}/complete`, { variables: { firstName: 'Ada', lastName: 'Lovelace', phoneNumber: '+44 20 1234' } });
    expect(done.status).toBe(204);
    expect((await admin.get(`/api/process-instances/${started.body.id}`)).body.status).toBe('completed');
  });

  it('given the same files again as JSON, when deployed, then nothing new is stored', async () => {
    const before = await count('forms');
    const r = await owner.post('/api/deployments', { resources: project() });
    expect(r.status).toBe(200);
    expect(r.body.processes.every((p: { created: boolean; version: number }) => !p.created && p.version === 1)).toBe(true);
    expect(r.body.forms).toEqual([expect.objectContaining({ key: 'test-basic-form', version: 1, created: false })]);
    expect(await count('forms')).toBe(before);
  });

  it('given one file Lotse refuses, when the project is deployed, then the answer names the file and element and nothing is stored', async () => {
    const before = { definitions: await count('definitions'), forms: await count('forms'), decisions: await count('decisions') };
    const bad = file('camunda-modeler/user-tasks.zeebe.bpmn');
    const changedForm = { name: 'test-basic-form.form', content: sdk('test-basic-form.form').content.replace('First name', 'Given name') };
    const r = await owner.post('/api/deployments', { resources: [sdk('test-form-retrieval.bpmn'), changedForm, bad, { name: 'notes.txt', content: 'x' }] });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ resource: 'notes.txt', message: expect.stringContaining('notes.txt') }),
    ]));
    const again = await owner.post('/api/deployments', { resources: [sdk('test-form-retrieval.bpmn'), changedForm, bad] });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ resource: 'user-tasks.zeebe.bpmn', elementId: 'Process_0ctqzfo', message: expect.stringMatching(/^user-tasks\.zeebe\.bpmn: .*start event/) }),
    ]));
    expect({ definitions: await count('definitions'), forms: await count('forms'), decisions: await count('decisions') }).toEqual(before);
  });

  it('resolves bindingType="deployment" only against the files deployed together', async () => {
    const xml = linked('bound-to-deployment', 'test-basic-form', 'bindingType="deployment"');
    const alone = await owner.post('/api/deployments', { resources: [{ name: 'bound.bpmn', content: xml }] });
    expect(alone.status).toBe(422);
    expect(alone.body.errors).toEqual([expect.objectContaining({ resource: 'bound.bpmn', elementId: 'Review', message: expect.stringContaining('bindingType="deployment"') })]);
    const together = await owner.post('/api/deployments', { resources: [{ name: 'bound.bpmn', content: xml }, sdk('test-basic-form.form')] });
    expect(together.status).toBe(201);

    const tagged = linked('bound-to-tag', 'test-basic-form', 'bindingType="versionTag" versionTag="2"');
    const wrongTag = await owner.post('/api/deployments', { resources: [{ name: 'tag.bpmn', content: tagged }, sdk('test-basic-form.form')] });
    expect(wrongTag.status).toBe(422);
    expect(wrongTag.body.errors[0]).toMatchObject({ elementId: 'Review', message: expect.stringContaining('versionTag "2"') });
    const rightTag = await owner.post('/api/deployments', { resources: [{ name: 'tag.bpmn', content: tagged.replace('versionTag="2"', 'versionTag="1"') }, sdk('test-basic-form.form')] });
    expect(rightTag.status).toBe(201);
  });

  it('keeps the budgets: files per deployment, known kinds, one body shape', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ name: `f${i}.form`, content: '{}' }));
    expect((await owner.post('/api/deployments', { resources: many })).status).toBe(422);
    expect((await owner.post('/api/deployments', { xml: '<x/>', resources: [sdk('test-drd.dmn')] })).status).toBe(422);
    const broken = await owner.post('/api/deployments', { resources: [{ name: 'broken.form', content: '{"components": [' }] });
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0]).toMatchObject({ resource: 'broken.form' });
    const noId = await owner.post('/api/deployments', { resources: [{ name: 'anon.form', content: '{"components": []}' }] });
    expect(noId.body.errors[0].message).toContain('"id"');
    const employee = await ctx.as('employee@lotse.demo');
    expect((await multipart(employee, project())).status).toBe(403);
    // Another department's owner cannot take over the project's keys through a multipart deployment.
    const itOwner = await ctx.as('owner.it@lotse.demo');
    const before = await count('definitions');
    const takeover = await multipart(itOwner, [{ name: 'x.bpmn', content: sdk('test-form-retrieval.bpmn').content.replace('name="Start Form Retrieval Test"', 'name="Mine now"') }]);
    expect(takeover.status).toBe(403);
    expect(await count('definitions')).toBe(before);
  });
});
