// Issue #16, point 4: a loop through service tasks without a wait state (built-in connectors that
// complete at once) is an incident like any other endless loop — the start answers 201 with the
// instance, never a 500 that leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const pollingLoop = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="loops-defs" targetNamespace="urn:test">
  <bpmn:process id="loops-polling" name="Polling loop" isExecutable="true" esm:department="it">
    <bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Check" />
    <bpmn:serviceTask id="Check" name="Check"><bpmn:extensionElements><zeebe:taskDefinition type="noop" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Check" targetRef="Log" />
    <bpmn:serviceTask id="Log" name="Log"><bpmn:extensionElements><zeebe:taskDefinition type="log" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="Log" targetRef="Check" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dbTargets())('a loop through service tasks without a wait state ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ownerIt: Client, employee: Client;

  // Seeding PGlite (WASM) is CPU-bound and slow on a busy machine: a generous hook timeout.
  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    const ctx = await seededApp(opened.db);
    [ownerIt, employee] = await Promise.all(['owner.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
    expect((await ownerIt.post('/api/deployments', { xml: pollingLoop })).status).toBe(201);
  }, 180_000);
  afterAll(() => dispose());

  it('starts: 201 with the instance, which is active and holds one incident on a looping task', async () => {
    const r = await employee.post('/api/process-instances', { processKey: 'loops-polling', variables: {} });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const inst = await db.query<{ status: string }>('SELECT status FROM process_instances WHERE id = $1', [r.body.id]);
    expect(inst.rows[0].status).toBe('active');
    const incidents = await db.query<{ element_id: string; message: string }>("SELECT element_id, message FROM incidents WHERE instance_id = $1 AND status = 'open'", [r.body.id]);
    expect(incidents.rows).toEqual([expect.objectContaining({ message: expect.stringContaining('endless loop') })]);
    expect(['Check', 'Log']).toContain(incidents.rows[0].element_id);
  });
});
