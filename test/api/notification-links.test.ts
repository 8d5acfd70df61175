// A "task assigned" notification names its task, so the bell can open the task instead of the
// request — but only while the reader may still see that task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';
import type { Db } from '../../server/db';

interface Item { kind: string; instanceId: string | null; taskId: string | null }

describe.each(dbTargets())('notifications link to their task ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let agent: Client, employee: Client, owner: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    const ctx = await seededApp(db);
    [owner, agent, employee] = await Promise.all(['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
    expect((await owner.post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
  });
  afterAll(() => dispose());

  const start = async () => (await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } })).body.id as string;
  const feed = async (c: Client, instanceId: string) => ((await c.get('/api/notifications')).body.items as Item[]).filter((n) => n.instanceId === instanceId);

  it("gives the it group's agent the new task, which they can open", async () => {
    const id = await start();
    const [assigned] = await feed(agent, id);
    const task = (await agent.get(`/api/process-instances/${id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    expect(assigned).toMatchObject({ kind: 'task_assigned', instanceId: id, taskId: task.id });
    const opened = await agent.get(`/api/tasks/${assigned.taskId}`);
    expect(opened.status).toBe(200);
    expect(opened.body.name).toBe('Review request');
  });

  it('names no task where there is none, such as the requester\'s receipt', async () => {
    const id = await start();
    expect(await feed(employee, id)).toEqual([expect.objectContaining({ kind: 'request_received', taskId: null })]);
  });

  it('falls back to the request once the task went to another group', async () => {
    const id = await start();
    const [before] = await feed(agent, id);
    expect(before.taskId).toEqual(expect.any(String));
    // As an SLA escalation's reassign step does it.
    await db.query("UPDATE tasks SET candidate_groups = ARRAY['hr']::text[] WHERE id = $1", [before.taskId]);
    expect(await feed(agent, id)).toEqual([expect.objectContaining({ kind: 'task_assigned', instanceId: id, taskId: null })]);
    // The row keeps the task; who may open it is decided when the feed is read.
    const stored = await db.query<{ task_id: string }>("SELECT task_id FROM notifications WHERE instance_id = $1 AND kind = 'task_assigned'", [id]);
    expect(stored.rows.map((r) => r.task_id)).toContain(before.taskId);
  });
});
