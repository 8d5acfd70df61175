import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';
import { localSmtp } from '../support/smtp';
import { createTransport, deliverOutbox } from '../../server/notify/mailer';
import { silentLogger } from '../../server/log';
import type { Db } from '../../server/db';

describe.each(dbTargets())('comments, ratings, drafts, notifications and mail ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let owner: Client, agent: Client, employee: Client, employee2: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    [owner, agent, employee, employee2] = await Promise.all(['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo', 'employee2@lotse.demo'].map((e) => ctx.as(e)));
    expect((await owner.post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
  });
  afterAll(() => dispose());

  const start = async (c: Client = employee) => (await c.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } })).body.id as string;
  const openTask = async (id: string) => (await agent.get(`/api/process-instances/${id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');

  it('tells the requester the request arrived and the it group that a task waits, in their language', async () => {
    await employee.put('/api/me/settings', {});
    const id = await start();
    const mine = await employee.get('/api/notifications');
    expect(mine.body.items[0]).toMatchObject({ kind: 'request_received', instanceId: id, title: expect.stringMatching(/^Anfrage IT-\d{4}-\d{6} eingegangen$/) });
    const agents = await agent.get('/api/notifications');
    expect(agents.body.items[0]).toMatchObject({ kind: 'task_assigned', instanceId: id });
    expect(agents.body.unread).toBeGreaterThan(0);
    await agent.post('/api/notifications/read', {});
    expect((await agent.get('/api/notifications')).body.unread).toBe(0);
  });

  it('lets a user switch a kind of notification off', async () => {
    await employee2.put('/api/me/settings', { notifications: { request_received: { inApp: false, email: false } } });
    const settings = await employee2.get('/api/me/settings');
    expect(settings.body.notifications.request_received).toEqual({ inApp: false, email: false });
    expect(settings.body.notifications.request_completed).toEqual({ inApp: true, email: true });
    const id = await start(employee2);
    expect((await employee2.get('/api/notifications')).body.items.filter((n: { instanceId: string }) => n.instanceId === id)).toEqual([]);
    const mails = await db.query("SELECT 1 FROM mail_outbox WHERE instance_id = $1 AND 'employee2@lotse.demo' = ANY(recipients)", [id]);
    expect(mails.rowCount).toBe(0);
  });

  it('keeps a comment thread both sides see, and notifies the other side', async () => {
    const id = await start();
    const task = await openTask(id);
    await agent.post(`/api/tasks/${task.id}/claim`);
    const c = await agent.post(`/api/process-instances/${id}/comments`, { text: 'Which model do you need?' });
    expect(c.status).toBe(201);
    await employee.post(`/api/process-instances/${id}/comments`, { text: 'The 14 inch one, please.' });
    const detail = await employee.get(`/api/process-instances/${id}`);
    expect(detail.body.comments.map((x: { text: string }) => x.text)).toEqual(['Which model do you need?', 'The 14 inch one, please.']);
    expect((await employee.get('/api/notifications')).body.items.some((n: { kind: string; instanceId: string }) => n.kind === 'comment_added' && n.instanceId === id)).toBe(true);
    expect((await agent.get('/api/notifications')).body.items.some((n: { kind: string; body: string }) => n.kind === 'comment_added' && n.body.includes('14 inch'))).toBe(true);
    expect((await employee2.post(`/api/process-instances/${id}/comments`, { text: 'let me in' })).status).toBe(404);
    expect((await employee.post(`/api/process-instances/${id}/comments`, { text: '' })).status).toBe(422);
  });

  it('lets the requester rate a completed request once, and nobody else', async () => {
    const id = await start();
    expect((await employee.post(`/api/process-instances/${id}/rating`, { score: 5 })).status).toBe(409);
    const review = await openTask(id);
    await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: false, reason: 'no budget' } });
    expect((await employee.get(`/api/process-instances/${id}`)).body.status).toBe('completed');
    expect((await employee.post(`/api/process-instances/${id}/rating`, { score: 6 })).status).toBe(422);
    expect((await agent.post(`/api/process-instances/${id}/rating`, { score: 1 })).status).toBe(403);
    expect((await employee.post(`/api/process-instances/${id}/rating`, { score: 4, comment: 'quick' })).status).toBe(201);
    expect((await employee.post(`/api/process-instances/${id}/rating`, { score: 5 })).status).toBe(409);
    const detail = await employee.get(`/api/process-instances/${id}`);
    expect(detail.body.rating).toEqual({ score: 4, comment: 'quick' });
    expect(detail.body.history.at(-1)).toMatchObject({ kind: 'satisfaction', data: { score: 4 } });
    expect((await employee.get('/api/notifications')).body.items.some((n: { kind: string; instanceId: string }) => n.kind === 'request_completed' && n.instanceId === id)).toBe(true);
  });

  it('saves a task form draft per user and bulk-claims tasks', async () => {
    const a = await start();
    const b = await start();
    const [ta, tb] = [await openTask(a), await openTask(b)];
    expect((await agent.put(`/api/tasks/${ta.id}/draft`, { variables: { approved: true, reason: 'half' } })).status).toBe(204);
    expect((await agent.get(`/api/tasks/${ta.id}`)).body.draft.variables).toEqual({ approved: true, reason: 'half' });
    const bulk = await agent.post('/api/tasks/bulk-claim', { ids: [ta.id, tb.id] });
    expect(bulk.body.claimed.sort()).toEqual([ta.id, tb.id].sort());
    const again = await owner.post('/api/tasks/bulk-claim', { ids: [ta.id] });
    expect(again.body.failed[0]).toMatchObject({ id: ta.id, error: expect.stringContaining('agent.it@lotse.demo') });
  });

  it('routes tasks for an absent assignee to the substitute, and the history says so', async () => {
    const users = (await agent.get('/api/users/search?q=agent.it')).body.items;
    expect(users[0].email).toBe('agent.it@lotse.demo');
    const from = new Date(Date.now() - 3600_000).toISOString();
    const until = new Date(Date.now() + 24 * 3600_000).toISOString();
    expect((await agent.put('/api/me/settings', { substitute: { email: 'agent.it@lotse.demo', from, until } })).status).toBe(422);
    expect((await agent.put('/api/me/settings', { substitute: { email: 'owner.it@lotse.demo', from, until } })).status).toBe(200);
    const xml = processDeployment('it-equipment-request').xml.replace('<zeebe:assignmentDefinition candidateGroups="it" />', '<zeebe:assignmentDefinition assignee="agent.it@lotse.demo" />').replace('id="it-equipment-request"', 'id="it-equipment-direct"');
    expect((await owner.post('/api/deployments', { ...processDeployment('it-equipment-request'), xml })).status).toBe(201);
    const id = (await employee.post('/api/process-instances', { processKey: 'it-equipment-direct', variables: { item: 'laptop' } })).body.id;
    const detail = await owner.get(`/api/process-instances/${id}`);
    expect(detail.body.tasks[0].assignee).toBe('owner.it@lotse.demo');
    expect(detail.body.history.find((h: { kind: string }) => h.kind === 'task_assigned').data).toMatchObject({ assignee: 'owner.it@lotse.demo', substituteFor: 'agent.it@lotse.demo' });
    await agent.put('/api/me/settings', { substitute: null });
    expect((await agent.get('/api/me/settings')).body.substitute).toBeNull();
  });

  it('delivers the outbox through a real SMTP server', async () => {
    const smtp = await localSmtp();
    try {
      const id = await start();
      await deliverOutbox(db, createTransport(smtp.url), silentLogger, () => new Date(), 1000);
      const forEmployee = smtp.received.filter((m) => m.to.includes('employee@lotse.demo'));
      expect(forEmployee.some((m) => /Subject: Anfrage IT-\d{4}-\d{6} eingegangen/.test(m.raw))).toBe(true);
      const pending = await db.query("SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'pending' AND instance_id = $1", [id]);
      expect(pending.rows[0].n).toBe(0);
    } finally {
      await smtp.close();
    }
  });
});
