import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';
import { atRiskFrom } from '../../common/task-rules';

const HOUR = 3_600_000;
const T0 = new Date('2026-03-02T08:00:00Z').getTime();
const at = (hours: number) => new Date(T0 + hours * HOUR);

// Given four open tasks in the IT queue of "IT equipment request" (the review is due one day after it
// was created; the hand-over has no deadline), looked at 30 hours after T0:
//   overdue  review created at T0        due T0+24 h
//   atRisk   review created at T0+10 h   due T0+34 h, at risk from T0+28 h (6 h = a quarter left)
//   onTime   review created at T0+29 h   due T0+53 h
//   noDue    hand-over created at T0+1 h (its review was approved then)
describe.each(dbTargets())('task list filters and sorts on the server ($name)', (target) => {
  let dispose: () => Promise<void>;
  let clock = at(0);
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let agent: Client, hrAgent: Client;
  const ids: Record<'overdue' | 'atRisk' | 'onTime' | 'noDue', string> = { overdue: '', atRisk: '', onTime: '', noDue: '' };
  const byId = () => Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  const names = (items: { id: string }[]) => items.map((t) => byId()[t.id] ?? t.id);
  const list = async (query: string) => {
    const r = await agent.get(`/api/tasks?candidateGroup=it&${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { total: number; items: { id: string; dueState: string | null; requestPriority: string }[] };
  };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    ctx = await seededApp(opened.db, () => clock);
    const owner = await ctx.as('owner.it@lotse.demo');
    expect((await owner.post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
    const start = async (hours: number) => {
      clock = at(hours);
      const employee = await ctx.as('employee@lotse.demo');
      const r = await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } });
      expect(r.status).toBe(201);
      const it = await ctx.as('agent.it@lotse.demo');
      const task = (await it.get('/api/tasks?candidateGroup=it&limit=200')).body.items.find((t: { instanceId: string }) => t.instanceId === r.body.id);
      return { instanceId: r.body.id as string, taskId: task.id as string, agent: it };
    };
    ids.overdue = (await start(0)).taskId;
    const approved = await start(0.5);
    clock = at(1);
    expect((await approved.agent.post(`/api/tasks/${approved.taskId}/complete`, { variables: { approved: true } })).status).toBe(204);
    const handOver = (await approved.agent.get('/api/tasks?candidateGroup=it')).body.items.find((t: { instanceId: string }) => t.instanceId === approved.instanceId);
    ids.noDue = handOver.id;
    const risky = await start(10);
    ids.atRisk = risky.taskId;
    const fresh = await start(29);
    ids.onTime = fresh.taskId;
    clock = at(30);
    agent = await ctx.as('agent.it@lotse.demo');
    hrAgent = await ctx.as('agent.hr@lotse.demo');
    expect((await agent.post(`/api/process-instances/${fresh.instanceId}/priority`, { priority: 'critical' })).status).toBe(200);
    expect((await agent.post(`/api/process-instances/${risky.instanceId}/priority`, { priority: 'high' })).status).toBe(200);
  });
  afterAll(() => dispose());

  it('filters by due state with the badge rule: overdue, at risk, on time, no deadline, and combinations', async () => {
    expect(names((await list('due=overdue')).items)).toEqual(['overdue']);
    expect(names((await list('due=at_risk')).items)).toEqual(['atRisk']);
    expect(names((await list('due=on_time')).items)).toEqual(['onTime']);
    expect(names((await list('due=none')).items)).toEqual(['noDue']);
    const two = await list('due=overdue,at_risk');
    expect(two.total).toBe(2);
    expect(two.items.map((t) => t.dueState)).toEqual(['overdue', 'at_risk']);
  });

  it('agrees with the app rule at the edge: on time at the moment it turns at risk, at risk one millisecond later', async () => {
    const edge = atRiskFrom(at(34).getTime(), at(10).getTime());
    expect(edge).toBe(at(28).getTime());
    clock = new Date(edge);
    expect(names((await list('due=on_time')).items)).toContain('atRisk');
    clock = new Date(edge + 1);
    const risky = await list('due=at_risk');
    expect(names(risky.items)).toEqual(['atRisk']);
    expect(risky.items[0].dueState).toBe('at_risk');
    clock = at(30);
  });

  it('filters by the priority the list shows, by process and by age', async () => {
    expect(names((await list('priority=critical')).items)).toEqual(['onTime']);
    expect(names((await list('priority=high,critical&sort=due')).items)).toEqual(['atRisk', 'onTime']);
    expect((await list('priority=medium')).items.every((t) => t.requestPriority === 'medium')).toBe(true);
    expect((await list('processKey=it-equipment-request')).total).toBe(4);
    expect((await list('processKey=hr-vacation-request')).total).toBe(0);
    expect(names((await list('olderThan=PT24H&sort=created')).items)).toEqual(['overdue', 'noDue']);
    expect(names((await list('olderThan=P1D&due=overdue')).items)).toEqual(['overdue']);
  });

  it('sorts by due date, priority, creation and age, both ways, with tasks without a deadline last', async () => {
    expect(names((await list('sort=due')).items)).toEqual(['overdue', 'atRisk', 'onTime', 'noDue']);
    expect(names((await list('sort=due&direction=desc')).items)).toEqual(['onTime', 'atRisk', 'overdue', 'noDue']);
    expect(names((await list('sort=priority')).items)).toEqual(['onTime', 'atRisk', 'overdue', 'noDue']);
    expect(names((await list('sort=priority&direction=asc')).items).slice(2)).toEqual(['atRisk', 'onTime']);
    expect(names((await list('sort=created')).items)).toEqual(['overdue', 'noDue', 'atRisk', 'onTime']);
    expect(names((await list('sort=age')).items)).toEqual(['overdue', 'noDue', 'atRisk', 'onTime']);
    expect(names((await list('sort=age&direction=asc')).items)).toEqual(['onTime', 'atRisk', 'noDue', 'overdue']);
  });

  it('pages without overlap and keeps the total', async () => {
    const first = await list('sort=due&limit=3');
    const second = await list('sort=due&limit=3&offset=3');
    expect([first.total, second.total]).toEqual([4, 4]);
    expect([...names(first.items), ...names(second.items)]).toEqual(['overdue', 'atRisk', 'onTime', 'noDue']);
    expect(await list('offset=10')).toEqual({ total: 4, items: [] });
  });

  it('shows other groups nothing, whatever the filter', async () => {
    const r = await hrAgent.get('/api/tasks?candidateGroup=it&due=overdue,at_risk,on_time,none');
    expect(r.body).toEqual({ total: 0, items: [] });
  });

  it.each([
    ['due=soon', 'due'],
    ['priority=urgent', 'priority'],
    ['sort=name', 'sort'],
    ['direction=up', 'direction'],
    ['state=open;DROP', 'state'],
    ['olderThan=3days', 'olderThan'],
    ['olderThan=P', 'olderThan'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['offset=-1', 'offset'],
  ])('answers %s with 400 naming the parameter', async (query, name) => {
    const r = await agent.get(`/api/tasks?${query}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'bad_request', errors: [{ path: `/${name}` }] });
    expect(r.body.error).toContain(name);
  });
});
