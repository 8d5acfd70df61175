import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';
import type { Db } from '../../server/db';

const HOUR = 3600;
const t0 = Date.parse('2025-03-03T08:00:00Z'); // a Monday, 09:00 in Berlin
const period = 'from=2025-03-01&to=2025-03-31';

describe.each(dbTargets())('KPIs from the history ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let clock = t0;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let analyst: Client, itOwner: Client, hrOwner: Client, agent: Client, employee: Client;
  const ids: string[] = [];
  const at = (hours: number) => (clock = t0 + hours * HOUR * 1000);

  // Given three IT requests completed after 5 h, 2 h (declined) and 26 h, and one still open.
  async function walk(approved: boolean, handOverDoneAt: number) {
    at(0);
    const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } });
    ids.push(r.body.id);
    const review = (await agent.get(`/api/process-instances/${r.body.id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    at(1);
    await agent.post(`/api/tasks/${review.id}/claim`);
    at(2);
    expect((await agent.post(`/api/tasks/${review.id}/complete`, { variables: approved ? { approved } : { approved, reason: 'no budget' } })).status).toBe(204);
    if (!approved) return;
    const handOver = (await agent.get(`/api/process-instances/${r.body.id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    at(3);
    await agent.post(`/api/tasks/${handOver.id}/claim`);
    at(handOverDoneAt);
    expect((await agent.post(`/api/tasks/${handOver.id}/complete`, { variables: {} })).status).toBe(204);
  }

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db, () => new Date(clock));
    [analyst, itOwner, hrOwner, agent, employee] = await Promise.all(
      ['analyst@lotse.demo', 'owner.it@lotse.demo', 'owner.hr@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)),
    );
    expect((await itOwner.post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
    await walk(true, 5);
    await walk(false, 0);
    await walk(true, 26);
    at(27);
    await employee.post(`/api/process-instances/${ids[0]}/rating`, { score: 4 });
    await employee.post(`/api/process-instances/${ids[1]}/rating`, { score: 2 });
    at(0);
    ids.push((await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'phone' } })).body.id);
    at(48);
  });
  afterAll(() => dispose());

  it('counts requests, cycle time in calendar and business time, satisfaction and work in progress', async () => {
    const r = await analyst.get(`/api/insights/overview?${period}`);
    expect(r.status).toBe(200);
    expect(r.body.requests).toEqual({ started: 4, completed: 3, terminated: 0 });
    expect(r.body.cycleTime.calendar.mean).toBeCloseTo(11 * HOUR, 3);
    expect(Math.abs(r.body.cycleTime.calendar.median / (5 * HOUR) - 1)).toBeLessThan(0.15);
    // The same from the daily roll-up (a period of partial months) as from the monthly one.
    const days = await analyst.get('/api/insights/overview?from=2025-02-20&to=2025-03-10');
    expect(days.body.cycleTime).toEqual(r.body.cycleTime);
    // …and from March minus the days outside the period (exact, not estimated).
    const minus = await analyst.get('/api/insights/overview?from=2025-03-02&to=2025-03-31');
    expect(minus.body.cycleTime).toEqual(r.body.cycleTime);
    const last = await analyst.get('/api/insights/cycle-times?from=2025-03-04&to=2025-03-30');
    expect(last.body.completed).toBe(1);
    expect(Math.abs(last.body.calendar.median / (26 * HOUR) - 1)).toBeLessThan(0.15);
    expect(last.body.calendar.bins.reduce((sum: number, b: { cases: number }) => sum + b.cases, 0)).toBe(1);
    // Mon 09:00–14:00, 09:00–11:00, and Mon 09:00 → Tue 11:00 (8 h + 3 h) on the default calendar.
    expect(r.body.cycleTime.business.mean).toBeCloseTo(6 * HOUR, 3);
    expect(r.body.satisfaction).toEqual({ ratings: 2, mean: 3, distribution: [0, 1, 0, 1, 0] });
    expect(r.body.workInProgress).toMatchObject({ open: 1, meanAge: 48 * HOUR, maxAge: 48 * HOUR });
    expect(r.body.weeks).toEqual([{ week: '2025-03-03', started: 4, completed: 3, meanCycleTime: 11 * HOUR, escalations: 0 }]);
  });

  it('measures waiting and processing per step and counts element frequency', async () => {
    const r = await analyst.get(`/api/insights/steps?${period}&processKey=it-equipment-request`);
    const review = r.body.items.find((s: { elementId: string }) => s.elementId === 'Review');
    expect(review).toMatchObject({ name: 'Review request', elementType: 'userTask', started: 4, completed: 3, tasks: 3, meanWaiting: HOUR, meanProcessing: HOUR, meanDuration: 2 * HOUR });
    const handOver = r.body.items.find((s: { elementId: string }) => s.elementId === 'HandOver');
    expect(handOver).toMatchObject({ completed: 2, meanWaiting: HOUR, meanProcessing: (2 + 23) / 2 * HOUR });
    expect(r.body.items.find((s: { elementId: string }) => s.elementId === 'NotifyRejected').completed).toBe(1);
  });

  it('lists path variants with share and cycle time', async () => {
    const r = await analyst.get(`/api/insights/variants?${period}`);
    expect(r.body).toMatchObject({ completed: 3, variants: 2 });
    expect(r.body.items[0]).toMatchObject({ activities: ['Review', 'HandOver', 'NotifyDone'], cases: 2, meanCycleTime: 15.5 * HOUR });
    expect(r.body.items[0].share).toBeCloseTo(2 / 3);
    expect(r.body.items[1]).toMatchObject({ activities: ['Review', 'NotifyRejected'], cases: 1 });
  });

  it('computes SLA compliance and escalations from the SLA events', async () => {
    // Whatever the SLA clocks recorded so far, plus these events.
    const before = (await analyst.get(`/api/insights/overview?${period}`)).body;
    const stepsBefore = (await analyst.get(`/api/insights/sla?${period}`)).body.steps.filter((x: { elementId: string; target: string }) => x.elementId === 'Review' && x.target === 'step');
    const escalationsBefore = (await analyst.get(`/api/insights/escalations?${period}`)).body.byStep.filter((x: { elementId: string; action: string }) => x.elementId === 'Review' && x.action === 'notify');
    const def = (await db.query<{ id: string }>("SELECT id FROM definitions WHERE key = 'it-equipment-request'")).rows[0].id;
    const ev = (kind: string, data: object, element: string | null = null) =>
      db.query(`INSERT INTO history (instance_id, definition_id, process_key, element_id, kind, time, data) VALUES ($1, $2, 'it-equipment-request', $3, $4, $5, $6)`,
        [ids[0], def, element, kind, new Date(t0 + HOUR * 1000), JSON.stringify(data)]);
    await ev('sla_met', { target: 'response', dueAt: new Date(t0).toISOString() });
    await ev('sla_met', { target: 'resolution', dueAt: new Date(t0).toISOString() });
    await ev('sla_breached', { target: 'resolution', dueAt: new Date(t0).toISOString() });
    await ev('sla_breached', { target: 'step', elementId: 'Review', dueAt: new Date(t0).toISOString() }, 'Review');
    await ev('sla_escalated', { step: 1, action: 'notify' }, 'Review');
    const o = await analyst.get(`/api/insights/overview?${period}`);
    const { response, resolution } = before.sla;
    expect(o.body.sla.response).toMatchObject({ met: response.met + 1, breached: response.breached });
    expect(o.body.sla.resolution).toMatchObject({ met: resolution.met + 1, breached: resolution.breached + 1 });
    const r = o.body.sla.resolution;
    expect(r.compliance).toBeCloseTo(r.met / (r.met + r.breached));
    expect(o.body.escalations).toBe(before.escalations + 1);
    const s = await analyst.get(`/api/insights/sla?${period}`);
    const step = s.body.steps.find((x: { elementId: string; target: string }) => x.elementId === 'Review' && x.target === 'step');
    expect(step.breached).toBe((stepsBefore[0]?.breached ?? 0) + 1);
    const e = await analyst.get(`/api/insights/escalations?${period}`);
    expect(e.body.byStep.find((x: { elementId: string; action: string }) => x.elementId === 'Review' && x.action === 'notify').count).toBe((escalationsBefore[0]?.count ?? 0) + 1);
  });

  it('filters by version and period, and returns the diagram for the heatmap', async () => {
    expect((await analyst.get(`/api/insights/overview?${period}&processKey=it-equipment-request&version=2`)).body.requests.started).toBe(0);
    expect((await analyst.get('/api/insights/overview?from=2025-04-01&to=2025-04-30')).body.requests.started).toBe(0);
    const d = await analyst.get('/api/insights/diagram?processKey=it-equipment-request');
    expect(d.body).toMatchObject({ processKey: 'it-equipment-request', version: 1 });
    expect(d.body.xml).toContain('bpmn:definitions');
    const c = await analyst.get(`/api/insights/cycle-times?${period}`);
    expect(c.body.completed).toBe(3);
    expect(c.body.calendar.bins.reduce((s: number, b: { cases: number }) => s + b.cases, 0)).toBe(3);
  });

  it('answers bad filters with 422 and the parameter', async () => {
    const r = await analyst.get('/api/insights/overview?from=yesterday&version=x');
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/from', '/version']));
  });

  it('shows owners their own departments only and employees and agents nothing', async () => {
    expect((await itOwner.get(`/api/insights/overview?${period}`)).body.requests.started).toBe(4);
    expect((await hrOwner.get(`/api/insights/overview?${period}`)).body.requests.started).toBe(0);
    expect((await hrOwner.get('/api/insights/processes')).body.items).toEqual([]);
    const it = (await analyst.get('/api/insights/processes')).body.items[0];
    expect(it).toMatchObject({ key: 'it-equipment-request', departmentName: 'IT' });
    expect((await hrOwner.get(`/api/insights/overview?departmentId=${it.departmentId}`)).status).toBe(403);
    expect((await hrOwner.get('/api/insights/diagram?processKey=it-equipment-request')).status).toBe(404);
    expect((await employee.get('/api/insights/overview')).status).toBe(403);
    expect((await agent.get('/api/insights/steps')).status).toBe(403);
  });
});

describe.each(dbTargets())('event-log exports ($name)', (target) => {
  let dispose: () => Promise<void>;
  let analyst: Client;
  let id: string;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    const ctx = await seededApp(opened.db);
    const [owner, employee, agent] = await Promise.all(['owner.it@lotse.demo', 'employee@lotse.demo', 'agent.it@lotse.demo'].map((e) => ctx.as(e)));
    analyst = await ctx.as('analyst@lotse.demo');
    expect((await owner.post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
    const started = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'headset' } });
    expect(started.body).toMatchObject({ state: 'active' });
    id = started.body.id;
    const task = (await agent.get(`/api/process-instances/${id}`)).body.tasks[0];
    await agent.post(`/api/tasks/${task.id}/claim`);
    await agent.post(`/api/tasks/${task.id}/complete`, { variables: { approved: false, reason: 'no budget' } });
  });
  afterAll(() => dispose());

  it('writes CSV with one row per event and readable activity names', async () => {
    const r = await analyst.get('/api/insights/export/csv');
    expect(r.headers.get('content-type')).toContain('text/csv');
    const lines = (r.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('case_id,process_key,version,activity,lifecycle,timestamp,resource,element_id,element_type,kind');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${id},it-equipment-request,1,Review request,complete,.*,agent.it@lotse.demo,Review,userTask,task_completed$`)));
  });

  it('writes XES with a trace per request and standard extensions', async () => {
    const r = await analyst.get('/api/insights/export/xes');
    const text = r.body as string;
    expect(text).toContain('xes.version="1849-2016"');
    expect(text.match(/<trace>/g)).toHaveLength(1);
    expect(text).toContain(`<string key="concept:name" value="${id}"/>`);
    expect(text).toContain('<string key="concept:name" value="Review request"/><string key="lifecycle:transition" value="complete"/>');
    expect(text.trim().endsWith('</log>')).toBe(true);
  });

  it('reads its own XES export back as an as-is dataset (complete events only)', async () => {
    const text = (await analyst.get('/api/insights/export/xes')).body as string;
    const completes = text.match(/<event>.*?<string key="lifecycle:transition" value="complete"\/>/g)!;
    const r = await analyst.post('/api/insights/datasets', { name: 'Lotse export', format: 'xes', content: text });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ cases: 1, events: completes.length });
    const s = await analyst.get(`/api/insights/datasets/${r.body.id}`);
    expect(s.body.activityStats.map((a: { activity: string }) => a.activity)).toEqual(expect.arrayContaining(['Review request', 'process_completed']));
  });

  it('writes OCEL 2.0 JSON with requests, tasks and users related to events', async () => {
    const r = await analyst.get('/api/insights/export/ocel');
    expect(r.body.objectTypes.map((t: { name: string }) => t.name)).toEqual(['request', 'task', 'user']);
    expect(r.body.objects.filter((o: { type: string }) => o.type === 'request')).toHaveLength(1);
    const completed = r.body.events.find((e: { type: string; relationships: { qualifier: string }[] }) => e.type === 'Review request (complete)' && e.relationships.some((x: { qualifier: string }) => x.qualifier === 'task'));
    expect(completed.relationships).toEqual(expect.arrayContaining([{ objectId: `request:${id}`, qualifier: 'request' }, { objectId: 'user:agent.it@lotse.demo', qualifier: 'resource' }]));
    expect(r.body.eventTypes.map((t: { name: string }) => t.name)).toContain('Review request (start)');
  });
});
