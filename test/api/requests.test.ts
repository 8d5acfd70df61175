import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';
import type { Db } from '../../server/db';

describe.each(dbTargets())('requests and tasks through the API ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let owner: Client, agent: Client, employee: Client, employee2: Client, hrAgent: Client, admin: Client;
  const dep = processDeployment('it-equipment-request');
  const xml = dep.xml;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(opened.db);
    [owner, agent, employee, employee2, hrAgent, admin] = await Promise.all(
      ['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo', 'employee2@lotse.demo', 'agent.hr@lotse.demo', 'admin@lotse.demo'].map((e) => ctx.as(e)),
    );
    const d = await owner.post('/api/deployments', dep);
    expect(d.status).toBe(201);
  });
  afterAll(() => dispose());

  it('deploys version 1, returns the same version for the same XML and version 2 for a change', async () => {
    const again = await owner.post('/api/deployments', dep);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ key: 'it-equipment-request', version: 1 });
    const changed = await owner.post('/api/deployments', { ...dep, xml: xml.replace('name="Review request"', 'name="Check request"') });
    expect(changed.status).toBe(201);
    expect(changed.body.version).toBe(2);
    const versions = await owner.get('/api/definitions?key=it-equipment-request');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('opens a deployed process without a draft from its newest version, and saves the first draft', async () => {
    const draft = await owner.get('/api/processes/it-equipment-request/draft');
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ revision: 0, fromVersion: expect.any(Number) });
    expect(draft.body.xml).toContain('id="it-equipment-request"');
    const saved = await owner.put('/api/processes/it-equipment-request/draft', { xml: draft.body.xml, revision: 0 });
    expect(saved.body.revision).toBe(1);
    expect((await owner.put('/api/processes/it-equipment-request/draft', { xml: draft.body.xml, revision: 0 })).status).toBe(409);
    expect((await employee.get('/api/processes/it-equipment-request/draft')).status).toBe(403);
  });

  it('refuses a deploy by the HR owner into IT, and broken models with element ids', async () => {
    const hrOwner = await ctx.as('owner.hr@lotse.demo');
    expect((await hrOwner.post('/api/deployments', dep)).status).toBe(403);
    const broken = await owner.post('/api/deployments', { ...dep, xml: xml.replace('=approved = true', '=approved >') });
    expect(broken.status).toBe(422);
    expect(broken.body.errors).toContainEqual({ elementId: 'Flow_Approved', message: expect.any(String) });
    const notXml = await owner.post('/api/deployments', { xml: 'hello' });
    expect(notXml.status).toBe(422);
    expect((await employee.post('/api/deployments', dep)).status).toBe(403);
  });

  it('lists the process in the catalog and starts a request with a readable reference', async () => {
    const catalog = await employee.get('/api/catalog');
    expect(catalog.body.items).toContainEqual(expect.objectContaining({
      processKey: 'it-equipment-request', title: 'Request IT equipment', titleDe: 'IT-Ausstattung anfordern',
      descriptionDe: expect.stringContaining('Laptop'), departmentName: 'IT',
    }));
    const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } });
    expect(r.status).toBe(201);
    expect(r.body.reference).toMatch(/^IT-\d{4}-\d{6}$/);
    const detail = await employee.get(`/api/process-instances/${r.body.id}`);
    expect(detail.body).toMatchObject({ status: 'active', activeElementIds: ['Review'], variables: { item: 'laptop', initiator: 'employee@lotse.demo' } });
    // The request names its service in both languages; the process name stays for older clients.
    const service = { serviceTitle: 'Request IT equipment', serviceTitleDe: 'IT-Ausstattung anfordern' };
    expect(detail.body).toMatchObject(service);
    const mine = await employee.get('/api/process-instances?mine=1');
    expect(mine.body.items.find((i: { id: string }) => i.id === r.body.id)).toMatchObject({ ...service, processName: expect.any(String) });
    const tasks = await agent.get('/api/tasks?candidateGroup=it');
    const task = tasks.body.items.find((t: { instanceId: string }) => t.instanceId === r.body.id);
    expect(task).toMatchObject(service);
    expect((await agent.get(`/api/tasks/${task.id}`)).body).toMatchObject(service);
    expect(detail.body.history.map((h: { kind: string }) => h.kind)).toContain('task_created');
  });

  it('walks a request through claim and completion to the end, with mail in the outbox', async () => {
    const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'monitor' } });
    const queue = await agent.get('/api/tasks?candidateGroup=it');
    const task = queue.body.items.find((t: { instanceId: string }) => t.instanceId === r.body.id);
    expect(task).toMatchObject({ elementId: 'Review', candidateGroups: ['it'] });
    expect((await hrAgent.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect((await agent.post(`/api/tasks/${task.id}/claim`)).body.assignee).toBe('agent.it@lotse.demo');
    expect((await owner.post(`/api/tasks/${task.id}/complete`, { variables: { approved: true } })).status).toBe(409);
    expect((await agent.post(`/api/tasks/${task.id}/complete`, { variables: { approved: true } })).status).toBe(204);
    expect((await agent.post(`/api/tasks/${task.id}/complete`, { variables: { approved: true } })).status).toBe(409);
    const handOver = (await agent.get(`/api/process-instances/${r.body.id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    expect(handOver.elementId).toBe('HandOver');
    await agent.post(`/api/tasks/${handOver.id}/complete`, { variables: {} });
    const done = await employee.get(`/api/process-instances/${r.body.id}`);
    expect(done.body.status).toBe('completed');
    const kinds = done.body.history.map((h: { kind: string; elementId: string }) => `${h.kind}:${h.elementId}`);
    expect(kinds).toEqual(expect.arrayContaining(['task_claimed:Review', 'task_completed:Review', 'element_completed:NotifyDone', 'process_completed:it-equipment-request']));
    const mail = await db.query("SELECT recipients, subject FROM mail_outbox WHERE instance_id = $1 AND subject LIKE 'Your IT%'", [r.body.id]);
    expect(mail.rows).toEqual([{ recipients: ['employee@lotse.demo'], subject: 'Your IT equipment is ready' }]);
  });

  it('binds the forms at deploy and validates start and task data against them', async () => {
    const unknownForm = await owner.post('/api/deployments', { xml: xml.replace('formId="it-equipment-review"', 'formId="no-such-form"').replace('id="it-equipment-request"', 'id="it-unknown-form"') });
    expect(unknownForm.status).toBe(422);
    expect(unknownForm.body.errors).toContainEqual({ elementId: 'Review', message: expect.stringContaining('no-such-form') });
    const missing = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { details: 'x' } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: '/item' }));
    const stray = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop', isAdmin: true } });
    expect(stray.status).toBe(422);
    const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } });
    const review = (await agent.get(`/api/process-instances/${r.body.id}`)).body.tasks[0];
    const noReason = await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: false } });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toContainEqual(expect.objectContaining({ path: '/reason' }));
    expect((await agent.get(`/api/tasks/${review.id}`)).body.status).toBe('open');
    expect((await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: false, reason: 'not in budget' } })).status).toBe(204);
    expect((await employee.get(`/api/process-instances/${r.body.id}`)).body.variables).toMatchObject({ approved: false, reason: 'not in budget' });
  });

  it('honours Idempotency-Key: same key and body give the same request, another body a 409', async () => {
    const body = { processKey: 'it-equipment-request', variables: { item: 'headset' } };
    const a = await employee.post('/api/process-instances', body, { 'idempotency-key': 'k-1' });
    const b = await employee.post('/api/process-instances', body, { 'idempotency-key': 'k-1' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    expect((await employee.post('/api/process-instances', { ...body, variables: { item: 'phone' } }, { 'idempotency-key': 'k-1' })).status).toBe(409);
  });

  it('never shows one employee the request of another, not even by id', async () => {
    const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'monitor' } });
    expect((await employee2.get(`/api/process-instances/${r.body.id}`)).status).toBe(404);
    expect((await employee2.get('/api/process-instances')).body.items.map((i: { id: string }) => i.id)).not.toContain(r.body.id);
    expect((await employee2.post(`/api/process-instances/${r.body.id}/cancel`)).status).toBe(404);
    const mine = await employee.get('/api/process-instances?mine=1');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(r.body.id);
  });

  it('lets the requester cancel, closing the open task; a second cancel is a 409', async () => {
    const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'monitor' } });
    expect((await employee.post(`/api/process-instances/${r.body.id}/cancel`)).body.status).toBe('terminated');
    const detail = await employee.get(`/api/process-instances/${r.body.id}`);
    expect(detail.body.tasks.every((t: { status: string }) => t.status === 'cancelled')).toBe(true);
    expect((await employee.post(`/api/process-instances/${r.body.id}/cancel`)).status).toBe(409);
  });

  it('answers bad input clearly: unknown process 404, variables not an object 422, unknown message 404', async () => {
    expect((await employee.post('/api/process-instances', { processKey: 'nope' })).status).toBe(404);
    const bad = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: [1, 2] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/variables');
    expect((await agent.post('/api/messages', { name: 'nobody-waits', correlationKey: 'x' })).status).toBe(404);
    expect((await agent.post('/api/messages', { name: 'later', correlationKey: 'x', ttl: 'PT1H' })).body.buffered).toBe(true);
  });

  it('serves external job workers with a scoped API token', async () => {
    const custom = xml.replace('<zeebe:taskDefinition type="email" />', '<zeebe:taskDefinition type="order-hardware" retries="2" />').replace('id="it-equipment-request"', 'id="it-equipment-worker"');
    const deployed = await owner.post('/api/deployments', { ...dep, xml: custom });
    expect(deployed.body.warnings).toContainEqual({ elementId: 'NotifyDone', message: expect.stringContaining('order-hardware') });
    const token = await admin.post('/api/admin/api-tokens', { name: 'hardware shop', jobTypes: ['order-hardware'] });
    expect(token.status).toBe(201);
    const worker = ctx.anonymous();
    const auth = { authorization: `Bearer ${token.body.token}` };
    const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-worker', variables: { item: 'laptop' } });
    const review = (await agent.get(`/api/process-instances/${r.body.id}`)).body.tasks[0];
    await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: true } });
    const handOver = (await agent.get(`/api/process-instances/${r.body.id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    await agent.post(`/api/tasks/${handOver.id}/complete`, { variables: {} });
    const wrongType = await worker.request('POST', '/api/jobs/activate', { type: 'email', maxJobs: 5 }, auth);
    expect(wrongType.body.jobs).toEqual([]);
    const act = await worker.request('POST', '/api/jobs/activate', { type: 'order-hardware', maxJobs: 5, lockSeconds: 60 }, auth);
    const job = act.body.jobs.find((j: { processInstanceId: string }) => j.processInstanceId === r.body.id);
    expect(job).toMatchObject({ elementId: 'NotifyDone', retries: 2 });
    expect((await worker.request('POST', `/api/jobs/${job.id}/fail`, { retries: 0, errorMessage: 'shop down' }, auth)).status).toBe(204);
    const incidents = await owner.get('/api/incidents');
    const incident = incidents.body.items.find((i: { instanceId: string }) => i.instanceId === r.body.id);
    expect(incident).toMatchObject({ elementId: 'NotifyDone', message: expect.stringContaining('shop down') });
    expect((await owner.post(`/api/incidents/${incident.id}/retry`)).status).toBe(204);
    const again = await worker.request('POST', '/api/jobs/activate', { type: 'order-hardware', maxJobs: 5 }, auth);
    const job2 = again.body.jobs.find((j: { processInstanceId: string }) => j.processInstanceId === r.body.id);
    expect((await worker.request('POST', `/api/jobs/${job2.id}/complete`, { variables: { orderNo: 'A-1' } }, auth)).status).toBe(204);
    expect((await worker.request('POST', `/api/jobs/${job2.id}/complete`, {}, auth)).status).toBe(409);
    const final = await employee.get(`/api/process-instances/${r.body.id}`);
    expect(final.body).toMatchObject({ status: 'completed', variables: { orderNo: 'A-1' } });
    expect((await worker.request('POST', '/api/jobs/activate', { type: 'x' }, { authorization: 'Bearer lotse_wrong' })).status).toBe(401);
  });
});
