// Issue #22, point 5: an owner moves running instances of version 1 to version 2 of the same process
// (POST /api/process-definitions/:key/migrations), with a dry run, a mapping of active elements,
// refusals that name the element and change nothing, and an `instance_migrated` history entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const head = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="mig-defs" targetNamespace="urn:test">
  <bpmn:process id="mig-order" name="Order" isExecutable="true" esm:department="it">
    <bpmn:extensionElements><esm:catalog title="Order" requesters="employee" /></bpmn:extensionElements>`;
const task = (id: string, name: string) =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="it" /></bpmn:extensionElements></bpmn:userTask>`;

/** Version 1: one step "Review". */
const v1 = `${head}
    <bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
    ${task('Review', 'Review')}
    <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" /><bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

/** Version 2: the step is renamed (new id "Check"), and a new step "Approve" follows it. */
const v2 = `${head}
    <bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Check" />
    ${task('Check', 'Check the order')}
    <bpmn:sequenceFlow id="f2" sourceRef="Check" targetRef="Approve" />
    ${task('Approve', 'Approve the order')}
    <bpmn:sequenceFlow id="f3" sourceRef="Approve" targetRef="End" /><bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

const url = '/api/process-definitions/mig-order/migrations';

describe.each(dbTargets())('instance migration between versions ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ownerIt: Client, ownerHr: Client, agentIt: Client, employee: Client;
  const ids: string[] = [];

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    const ctx = await seededApp(opened.db);
    [ownerIt, ownerHr, agentIt, employee] = await Promise.all(
      ['owner.it@lotse.demo', 'owner.hr@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)),
    );
    expect((await ownerIt.post('/api/deployments', { xml: v1 })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const started = await employee.post('/api/process-instances', { processKey: 'mig-order', variables: { n: i } });
      expect(started.status).toBe(201);
      ids.push(started.body.id);
    }
    expect((await ownerIt.post('/api/deployments', { xml: v2 })).status).toBe(201);
  }, 180_000);
  afterAll(() => dispose());

  const snapshot = async () =>
    (await db.query<{ id: string; definition_id: string; state: unknown; element_id: string; name: string }>(
      `SELECT p.id, p.definition_id, p.state, t.element_id, t.name FROM process_instances p JOIN tasks t ON t.instance_id = p.id AND t.status = 'open'
       WHERE p.process_key = 'mig-order' ORDER BY p.id`,
    )).rows;

  it('refuses an unmapped active element, naming it, and changes nothing', async () => {
    const before = await snapshot();
    const r = await ownerIt.post(url, { sourceVersion: 1, targetVersion: 2 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ migrated: 0, refused: 3 });
    for (const i of r.body.instances) expect(i).toMatchObject({ outcome: 'refused', elementId: 'Review', reason: expect.stringContaining('"Review"') });
    expect(await snapshot()).toEqual(before);
    expect((await db.query("SELECT 1 FROM history WHERE kind = 'instance_migrated'")).rows).toHaveLength(0);
  });

  it('refuses a mapping into an element of another type (422 with the element)', async () => {
    const r = await ownerIt.post(url, { sourceVersion: 1, targetVersion: 2, mapping: { Review: 'End' }, dryRun: true });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'migration_mapping', elementId: 'Review' });
  });

  it('a foreign department owner and an employee cannot migrate', async () => {
    expect((await ownerHr.post(url, { sourceVersion: 1, targetVersion: 2, mapping: { Review: 'Check' } })).status).toBe(404);
    expect((await employee.post(url, { sourceVersion: 1, targetVersion: 2, mapping: { Review: 'Check' } })).status).toBe(403);
    expect((await snapshot()).every((row) => row.element_id === 'Review')).toBe(true);
  });

  it('a dry run lists what would happen; the migration moves the instances to version 2', async () => {
    const before = await snapshot();
    const dry = await ownerIt.post(url, { sourceVersion: 1, targetVersion: 2, mapping: { Review: 'Check' }, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, migrated: 3, refused: 0, remaining: 0 });
    expect(dry.body.instances.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual([...ids].sort());
    expect(dry.body.instances[0]).toMatchObject({ outcome: 'migrated', mapping: { Review: 'Check' } });
    expect(await snapshot()).toEqual(before);

    // Only the first two instances, by id.
    const run = await ownerIt.post(url, { sourceVersion: 1, targetVersion: 2, mapping: { Review: 'Check' }, instanceIds: ids.slice(0, 2) });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ dryRun: false, migrated: 2, refused: 0 });
    const v2id = (await db.query<{ id: string }>("SELECT id FROM definitions WHERE key = 'mig-order' AND version = 2")).rows[0].id;
    const after = await snapshot();
    for (const row of after) {
      const moved = ids.slice(0, 2).includes(row.id);
      expect(row).toMatchObject(moved ? { definition_id: v2id, element_id: 'Check', name: 'Check the order' } : { element_id: 'Review', name: 'Review' });
    }
    const history = await db.query<{ instance_id: string; definition_id: string; actor: string; data: any }>(
      "SELECT instance_id, definition_id, actor, data FROM history WHERE kind = 'instance_migrated' ORDER BY instance_id",
    );
    expect(history.rows).toHaveLength(2);
    expect(history.rows[0]).toMatchObject({ definition_id: v2id, actor: 'owner.it@lotse.demo', data: { fromVersion: 1, toVersion: 2, mapping: { Review: 'Check' } } });
    // The request's own page shows the entry.
    const detail = await ownerIt.get(`/api/process-instances/${ids[0]}`);
    expect(detail.body.history.some((h: { kind: string }) => h.kind === 'instance_migrated')).toBe(true);
  });

  it('the agent completes the migrated task and the instance follows version 2', async () => {
    const open = await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [ids[0]]);
    expect((await agentIt.post(`/api/tasks/${open.rows[0].id}/complete`, {})).status).toBe(204);
    const next = await db.query<{ element_id: string; name: string }>("SELECT element_id, name FROM tasks WHERE instance_id = $1 AND status = 'open'", [ids[0]]);
    expect(next.rows).toEqual([{ element_id: 'Approve', name: 'Approve the order' }]);
    // The instance left behind on version 1 still ends after its single step.
    const old = await db.query<{ id: string }>("SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'", [ids[2]]);
    expect((await agentIt.post(`/api/tasks/${old.rows[0].id}/complete`, {})).status).toBe(204);
    const status = await db.query<{ status: string }>('SELECT status FROM process_instances WHERE id = $1', [ids[2]]);
    expect(status.rows[0].status).toBe('completed');
  });

  it('a boundary timer that changes in the target is due anew; its job and the task move with the instance', async () => {
    const timerModel = (duration: string, msgName: string) => `${head.replaceAll('mig-order', 'mig-timer')}
    <bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
    ${task('Work', msgName)}
    <bpmn:boundaryEvent id="Late" attachedToRef="Work"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" /><bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="f3" sourceRef="Late" targetRef="End2" /><bpmn:endEvent id="End2" />
  </bpmn:process>
</bpmn:definitions>`;
    expect((await ownerIt.post('/api/deployments', { xml: timerModel('PT1H', 'Work') })).status).toBe(201);
    const started = await employee.post('/api/process-instances', { processKey: 'mig-timer', variables: {} });
    expect(started.status).toBe(201);
    expect((await ownerIt.post('/api/deployments', { xml: timerModel('P3D', 'Work longer') })).status).toBe(201);
    const timer = async () =>
      (await db.query<{ due_at: Date; element_id: string; definition_id: string }>(
        "SELECT due_at, element_id, definition_id FROM jobs WHERE instance_id = $1 AND kind = 'timer' AND status = 'ready'", [started.body.id],
      )).rows;
    const before = await timer();
    expect(before).toHaveLength(1);
    expect(before[0].due_at.getTime() - Date.now()).toBeLessThan(2 * 3600_000);
    const r = await ownerIt.post('/api/process-definitions/mig-timer/migrations', { sourceVersion: 1, targetVersion: 2 });
    expect(r.body).toMatchObject({ migrated: 1, instances: [{ mapping: { Work: 'Work', Late: 'Late' } }] });
    const after = await timer();
    const v2id = (await db.query<{ id: string }>("SELECT id FROM definitions WHERE key = 'mig-timer' AND version = 2")).rows[0].id;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ element_id: 'Late', definition_id: v2id });
    expect(after[0].due_at.getTime() - Date.now()).toBeGreaterThan(2.9 * 24 * 3600_000);
    const open = await db.query<{ name: string }>("SELECT name FROM tasks WHERE instance_id = $1 AND status = 'open'", [started.body.id]);
    expect(open.rows).toEqual([{ name: 'Work longer' }]);
  });

  it('refuses an unknown version with 404', async () => {
    expect((await ownerIt.post(url, { sourceVersion: 1, targetVersion: 9, dryRun: true })).status).toBe(404);
  });
});
