import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { runSlaChecks } from '../../server/sla/escalation';
import { Engine } from '../../server/engine/runtime/runtime';
import { silentLogger } from '../../server/log';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';

const H = 3600_000;
const officeCalendar = {
  key: 'office-by',
  name: 'Munich office',
  timeZone: 'Europe/Berlin',
  workingHours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] },
  holidayRegion: 'DE-BY',
  closedDays: [],
};

describe.each(dbTargets())('SLAs on a virtual clock ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let clock = new Date('2026-03-09T08:00:00Z'); // Monday 09:00 in Munich
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let admin: Client, owner: Client, agent: Client, employee: Client;
  let itId: string;
  const template = processDeployment('it-equipment-request');
  // Without esm:sla in the model the department's policy decides the targets.
  const noModelSla = { ...template, xml: template.xml.replace(/<esm:sla [^>]*\/>/, '').replace('id="it-equipment-request"', 'id="it-policy-request"') };
  const askRequester = {
    ...template,
    xml: template.xml
      .replace('id="it-equipment-request"', 'id="it-ask-requester"')
      .replace('<zeebe:assignmentDefinition candidateGroups="it" />\n      </bpmn:extensionElements>\n      <bpmn:incoming>Flow_Approved</bpmn:incoming>', '<zeebe:assignmentDefinition assignee="=initiator" />\n      </bpmn:extensionElements>\n      <bpmn:incoming>Flow_Approved</bpmn:incoming>'),
  };
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const detail = async (id: string) => (await owner.get(`/api/process-instances/${id}`)).body;
  const kinds = async (id: string) => (await detail(id)).history.map((h: { kind: string }) => h.kind);

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db, () => clock);
    [admin, owner, agent, employee] = await Promise.all(['admin@lotse.demo', 'owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
    itId = (await admin.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'it').id;
    expect((await admin.post('/api/calendars', officeCalendar)).status).toBe(201);
    for (const dep of [template, noModelSla, askRequester]) expect((await owner.post('/api/deployments', dep)).status).toBe(201);
  });
  afterAll(() => dispose());

  it('refuses bad calendars and policies with the field named, and stores nothing', async () => {
    const noHours = await admin.post('/api/calendars', { ...officeCalendar, key: 'empty', workingHours: {} });
    expect(noHours.status).toBe(422);
    expect(noHours.body.errors[0].path).toBe('/workingHours');
    const region = await admin.post('/api/calendars', { ...officeCalendar, key: 'mars', holidayRegion: 'XX-YY' });
    expect(region.body.errors).toContainEqual({ path: '/holidayRegion', message: expect.stringContaining('XX-YY') });
    const bad = await owner.put(`/api/sla/departments/${itId}`, {
      policies: [{ priority: 'medium', resolutionTarget: 'four hours', escalations: [{ at: 1, action: 'notify' }, { at: 0.5, action: 'raise_priority' }] }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['/policies/0/resolutionTarget', '/policies/0/escalations/1/at']);
    expect((await owner.get(`/api/sla/departments/${itId}`)).body.policies).toEqual([]);
    expect((await employee.get('/api/calendars')).status).toBe(403);
  });

  it('pauses the resolution clock while the request waits for the requester, and resumes after', async () => {
    clock = new Date('2026-03-09T08:00:00Z');
    const id = (await employee.post('/api/process-instances', { processKey: 'it-ask-requester', variables: { item: 'laptop' } })).body.id;
    const dueBefore = (await detail(id)).sla.dueAt; // P3D = 24 working hours on a 24/7 clock
    expect(dueBefore).toBe(new Date(clock.getTime() + 24 * H).toISOString());
    advance(1 * H);
    const review = (await detail(id)).tasks[0];
    await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: true } });
    expect(await kinds(id)).toEqual(expect.arrayContaining(['sla_met', 'sla_paused']));
    expect((await detail(id)).sla.paused).toBe(true);
    advance(48 * H); // the requester takes two days
    const handOver = (await detail(id)).tasks.find((t: { status: string }) => t.status === 'open');
    expect(handOver.assignee).toBe('employee@lotse.demo');
    expect((await employee.post(`/api/tasks/${handOver.id}/complete`, { variables: {} })).status).toBe(204);
    expect(await kinds(id)).toContain('sla_resumed');
    const resolution = await db.query<{ state: string; paused_ms: number; due_at: Date }>("SELECT state, paused_ms, due_at FROM sla_clocks WHERE instance_id = $1 AND target = 'resolution'", [id]);
    expect(Number(resolution.rows[0].paused_ms)).toBe(48 * H);
    expect(resolution.rows[0].state).toBe('met'); // the request ended right after, within the moved due time
    expect(new Date(resolution.rows[0].due_at).toISOString()).toBe(new Date(new Date(dueBefore).getTime() + 48 * H).toISOString());
  });

  it('breaches and escalates in three steps: notify at 75 %, raise priority at 100 %, reassign at 150 %', async () => {
    await owner.put(`/api/sla/departments/${itId}`, {
      policies: [{ priority: 'medium', responseTarget: 'PT1H', resolutionTarget: 'PT4H', escalations: [{ at: 0.75, action: 'notify', to: 'group' }, { at: 1, action: 'raise_priority' }, { at: 1.5, action: 'reassign', group: 'facility' }] }],
    });
    clock = new Date('2026-03-10T08:00:00Z');
    const id = (await employee.post('/api/process-instances', { processKey: 'it-policy-request', variables: { item: 'monitor' } })).body.id;
    expect((await detail(id)).priority).toBe('medium');
    advance(3.1 * H);
    // Live views hear of the sweep's changes (SLA state, priority, queue) like of any engine change.
    const engine = new Engine(db, () => clock, silentLogger);
    const heard: string[][] = [];
    engine.events.on('changed', (ids: string[]) => heard.push(ids));
    await runSlaChecks(db, clock, 200, null, engine);
    expect(heard.flat()).toContain(id);
    expect(await kinds(id)).toEqual(expect.arrayContaining(['sla_breached', 'sla_at_risk', 'sla_escalated'])); // response (1 h) is breached already
    const agentNotes = await db.query<{ kind: string }>(
      "SELECT n.kind FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'agent.it@lotse.demo' AND n.instance_id = $1",
      [id],
    );
    expect(agentNotes.rows.map((n) => n.kind)).toContain('sla_at_risk');
    advance(1 * H);
    await runSlaChecks(db, clock);
    const after100 = await detail(id);
    expect(after100.priority).toBe('high');
    expect(after100.sla.state).toBe('breached');
    expect(after100.tasks[0]).toMatchObject({ candidateGroups: ['it'] });
    advance(2 * H);
    await runSlaChecks(db, clock);
    const after150 = await detail(id);
    expect(after150.tasks[0].candidateGroups).toEqual(['facility']);
    const steps = after150.history.filter((h: { kind: string }) => h.kind === 'sla_escalated').map((h: { data: { step: number; action: string } }) => `${h.data.step}:${h.data.action}`);
    expect(steps).toEqual(['1:notify', '2:raise_priority', '3:reassign']);
    await runSlaChecks(db, clock);
    expect((await detail(id)).history.filter((h: { kind: string }) => h.kind === 'sla_escalated')).toHaveLength(3); // nothing twice
  });

  it('moves the due time when the priority changes', async () => {
    await owner.put(`/api/sla/departments/${itId}`, {
      policies: [
        { priority: 'medium', resolutionTarget: 'PT8H' },
        { priority: 'critical', resolutionTarget: 'PT2H' },
      ],
    });
    clock = new Date('2026-03-11T08:00:00Z');
    const id = (await employee.post('/api/process-instances', { processKey: 'it-policy-request', variables: { item: 'phone' } })).body.id;
    expect((await detail(id)).sla.dueAt).toBe('2026-03-11T16:00:00.000Z');
    advance(30 * 60_000);
    const changed = await agent.post(`/api/process-instances/${id}/priority`, { priority: 'critical' });
    expect(changed.body.sla.dueAt).toBe('2026-03-11T10:00:00.000Z');
    expect(changed.body.history.at(-1)).toMatchObject({ kind: 'priority_changed', data: { from: 'medium', to: 'critical' } });
    expect((await employee.post(`/api/process-instances/${id}/priority`, { priority: 'low' })).status).toBe(403);
  });

  it('counts only working time on the department calendar: a Bavarian holiday in the middle of a target', async () => {
    await owner.put(`/api/sla/departments/${itId}`, { policies: [{ priority: 'medium', resolutionTarget: 'PT4H', calendarKey: 'office-by' }] });
    clock = new Date('2026-01-05T14:00:00Z'); // Monday 15:00; Tuesday 6 January is Epiphany in Bavaria
    const id = (await employee.post('/api/process-instances', { processKey: 'it-policy-request', variables: { item: 'headset' } })).body.id;
    expect((await detail(id)).sla.dueAt).toBe('2026-01-07T09:00:00.000Z'); // Wednesday 10:00
    const calendars = (await admin.get('/api/calendars')).body.items;
    const office = calendars.find((c: { key: string }) => c.key === 'office-by');
    // Closing Wednesday too moves the running request's due time to Thursday.
    await admin.put(`/api/calendars/${office.id}`, { ...officeCalendar, closedDays: ['2026-01-07'] });
    expect((await detail(id)).sla.dueAt).toBe('2026-01-08T09:00:00.000Z');
  });

  it('counts a working-day timer that starts with the request on the calendar its clocks will get (esm:sla), not office hours', async () => {
    const waitADay = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="wait-a-working-day" name="Wait a working day" isExecutable="true" esm:department="it">
    <bpmn:extensionElements><esm:catalog title="Wait" requesters="employee" /><esm:sla resolutionTime="P5D" calendar="office-by" /></bpmn:extensionElements>
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="W" />
    <bpmn:intermediateCatchEvent id="W"><bpmn:timerEventDefinition esm:businessTime="true"><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="W" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;
    expect((await owner.post('/api/deployments', { xml: waitADay })).status).toBe(201);
    clock = new Date('2026-01-05T08:00:00Z'); // Monday 09:00 in Munich
    const id = (await employee.post('/api/process-instances', { processKey: 'wait-a-working-day', variables: {} })).body.id;
    const timer = await db.query<{ due_at: Date }>("SELECT due_at FROM jobs WHERE instance_id = $1 AND kind = 'timer'", [id]);
    // Office hours would say Tuesday; the Munich calendar has Epiphany and (since the test before) Wednesday closed.
    expect(new Date(timer.rows[0].due_at).toISOString()).toBe('2026-01-08T08:00:00.000Z'); // Thursday 09:00
  });
});

