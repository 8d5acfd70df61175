/**
 * Embedded Camunda forms (zeebe:userTaskForm) at deploy (#16 point 2): imported as Lotse forms of
 * the deploying department, linked from user tasks and start events, versioned only on change;
 * nested keys stay nested in the variables. Real model: camunda-8-js-sdk's TasklistTestProcess.bpmn.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const tasklistXml = readFileSync(fileURLToPath(new URL('../fixtures/camunda-projects/camunda-8-js-sdk/TasklistTestProcess.bpmn', import.meta.url)), 'utf8');
const EMBEDDED_KEY = 'TasklistTestProcess.userTaskForm_3r97fja';

/** A dispute form with dotted keys, embedded on the start event and on a user task (written for this test). */
const disputeForm = JSON.stringify({
  id: 'dispute', type: 'default', components: [
    { type: 'number', key: 'disputeDetails.disputeAmount.amount', label: 'Amount', validate: { required: true } },
    { type: 'textfield', key: 'disputeDetails.disputeAmount.currency', label: 'Currency' },
    { type: 'textfield', key: 'disputeDetails.reason', label: 'Reason' },
  ],
}).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const disputeXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="dispute-process" name="Dispute" isExecutable="true">
    <bpmn:extensionElements><zeebe:userTaskForm id="DisputeForm">${disputeForm}</zeebe:userTaskForm></bpmn:extensionElements>
    <bpmn:startEvent id="Start" name="Dispute raised"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:DisputeForm" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Check" name="Check amount"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:DisputeForm" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End" name="Done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Check" />
    <bpmn:sequenceFlow id="f2" sourceRef="Check" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dbTargets())('embedded Camunda forms ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let owner: Client;
  let admin: Client;
  let hr: string;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    owner = await ctx.as('owner.hr@lotse.demo');
    admin = await ctx.as('admin@lotse.demo');
    hr = (await admin.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr').id;
  });
  afterAll(() => dispose());

  const taskOf = async (instanceId: string) => (await admin.get('/api/tasks')).body.items.find((t: { instanceId: string; status: string }) => t.instanceId === instanceId);

  it('given a Web Modeler export with an embedded task form, when deployed, then the form is a Lotse form of the department and checks the completion', async () => {
    const r = await owner.post('/api/deployments', { xml: tasklistXml });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.forms).toEqual([{ key: EMBEDDED_KEY, version: 1, created: true }]);
    const form = await owner.get(`/api/forms/${EMBEDDED_KEY}`);
    expect(form.body).toMatchObject({ version: 1, departmentId: hr });
    expect(form.body.definition.schema.required).toEqual(['field_1dqp4e0']);

    const started = await owner.post('/api/process-instances', { processKey: 'TasklistTestProcess', variables: {} });
    const task = await taskOf(started.body.id);
    expect(task.formId).toBe(EMBEDDED_KEY);
    const missing = await admin.post(`/api/tasks/${task.id}/complete`, { variables: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: '/field_1dqp4e0' })]);
    expect((await admin.post(`/api/tasks/${task.id}/complete`, { variables: { field_1dqp4e0: 'Ada' } })).status).toBe(204);
  });

  it('keeps the form version on an unchanged redeploy and adds one when the embedded JSON changes', async () => {
    const same = await owner.post('/api/deployments', { xml: tasklistXml });
    expect(same.status).toBe(200);
    expect(same.body.forms).toEqual([{ key: EMBEDDED_KEY, version: 1, created: false }]);
    const changed = await owner.post('/api/deployments', { xml: tasklistXml.replace('"label": "Name"', '"label": "Full name"') });
    expect(changed.status).toBe(201);
    expect(changed.body.forms).toEqual([{ key: EMBEDDED_KEY, version: 2, created: true }]);
    expect(changed.body.processes[0]).toMatchObject({ key: 'TasklistTestProcess', version: 2 });
  });

  it('refuses another department taking the embedded form key, and a missing embedded form, naming the element', async () => {
    const it_ = await ctx.as('owner.it@lotse.demo');
    const hijack = tasklistXml.replace('id="TasklistTestProcess"', 'id="TasklistTestProcess" xmlns:esm="urn:lotse:esm:1" esm:department="it"');
    expect((await it_.post('/api/deployments', { xml: hijack })).status).toBe(403);
    const dangling = await owner.post('/api/deployments', { xml: tasklistXml.replace('camunda-forms:bpmn:userTaskForm_3r97fja', 'camunda-forms:bpmn:gone') });
    expect(dangling.status).toBe(422);
    expect(dangling.body.errors).toEqual([expect.objectContaining({ elementId: 'Activity_0urphmi', message: expect.stringContaining('"gone"') })]);
  });

  it('given an embedded start form with nested keys, when a request starts and the task completes, then the variables stay nested', async () => {
    const r = await owner.post('/api/deployments', { xml: disputeXml });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const flat = await owner.post('/api/process-instances', { processKey: 'dispute-process', variables: { disputeDetails_disputeAmount_amount: 5 } });
    expect(flat.status).toBe(422);
    const noAmount = await owner.post('/api/process-instances', { processKey: 'dispute-process', variables: { disputeDetails: { reason: 'double' } } });
    expect(noAmount.body.errors).toEqual([expect.objectContaining({ path: '/disputeDetails/disputeAmount/amount' })]);

    const started = await owner.post('/api/process-instances', { processKey: 'dispute-process', variables: { disputeDetails: { reason: 'double', disputeAmount: { amount: 120, currency: 'EUR' } } } });
    expect(started.status).toBe(201);
    const task = await taskOf(started.body.id);
    expect(task.formId).toBe('dispute-process.DisputeForm');
    expect((await admin.get(`/api/tasks/${task.id}`)).body.variables).toMatchObject({ disputeDetails: { reason: 'double', disputeAmount: { amount: 120, currency: 'EUR' } } });
    expect((await admin.post(`/api/tasks/${task.id}/complete`, { variables: { disputeDetails: { reason: 'double', disputeAmount: { amount: 80, currency: 'EUR' } } } })).status).toBe(204);
    const instance = (await admin.get(`/api/process-instances/${started.body.id}`)).body;
    expect(instance.status).toBe('completed');
    expect(JSON.stringify(instance)).not.toContain('disputeDetails_');
  });
});
