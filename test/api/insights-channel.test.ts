// Insights by channel (#21 point 5): requests that came in by mail (through the real mail ingest)
// and through the portal, and every KPI filtered by channel gives the exact counts, cycle times,
// SLA outcomes and work in progress of that channel alone.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { ingestMail, loadMailbox } from '../../server/mail-inbound';
import type { MailInboundConfig } from '../../server/config';
import { createApp } from '../../server/app';
import { Engine } from '../../server/engine/runtime/runtime';
import { serverWiring, wireEngine } from '../../server/engine-wiring';
import { seed } from '../../server/seed';
import { Client, testConfig } from '../support/api';
import { dbTargets } from '../support/db';

const HOUR = 3600;
const t0 = Date.parse('2025-03-03T08:00:00Z'); // a Monday, 09:00 in Berlin
const period = 'from=2025-03-01&to=2025-03-31';
const MAILBOX = 'desk@lotse.test';

const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="channel-desk" name="Channel desk" isExecutable="true" esm:department="facility">
    <bpmn:extensionElements><esm:catalog title="Channel desk" requesters="employee" /><esm:sla resolutionTime="PT3H" /></bpmn:extensionElements>
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Handle" />
    <bpmn:userTask id="Handle" name="Handle"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="facility" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Handle" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

const rawMail = (subject: string) => Buffer.from([
  'From: employee@lotse.demo', `To: ${MAILBOX}`, `Subject: ${subject}`, `Message-ID: <${randomUUID()}@sender.test>`,
  `Date: ${new Date(t0).toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'The door is stuck.', '',
].join('\r\n'));

describe.each(dbTargets())('KPIs by channel ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let clock = t0;
  let engine: Engine;
  let analyst: Client, employee: Client, agent: Client;
  const settings: MailInboundConfig = { key: Buffer.alloc(32, 7), pollSeconds: 60, maxBytes: 512 * 1024, ratePerHour: 50, smtpPort: null, smtpHost: '127.0.0.1', ca: null, disabled: false };
  const at = (hours: number) => (clock = t0 + hours * HOUR * 1000);

  async function handle(id: string, doneAt: number) {
    const task = (await agent.get(`/api/process-instances/${id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    at(0.5);
    expect((await agent.post(`/api/tasks/${task.id}/claim`)).status).toBeLessThan(300);
    at(doneAt);
    expect((await agent.post(`/api/tasks/${task.id}/complete`, { variables: {} })).status).toBe(204);
  }

  beforeAll(async () => {
    ({ db, dispose } = await target.open());
    const config = { ...testConfig, mailInbound: settings };
    await seed(db, config, silentLogger);
    engine = wireEngine(new Engine(db, () => new Date(clock), silentLogger), serverWiring(config));
    const app = createApp({ db, config, log: silentLogger, now: () => new Date(clock), engine });
    const as = async (email: string) => {
      const c = new Client(app);
      expect((await c.post('/api/auth/login', { email, password: 'demo' })).status).toBe(200);
      return c;
    };
    const admin = await as('admin@lotse.demo');
    analyst = await as('analyst@lotse.demo');
    employee = await as('employee@lotse.demo');
    agent = await as('agent.facility@lotse.demo');
    expect((await admin.post('/api/deployments', { xml })).status).toBe(201);
    const box = await db.query<{ id: string }>(
      `INSERT INTO mailboxes (department_id, name, address, process_key, summary_field, description_field)
       SELECT id, 'Desk', $1, 'channel-desk', 'summary', 'description' FROM departments WHERE key = 'facility' RETURNING id`, [MAILBOX]);
    const mailbox = await loadMailbox(db, box.rows[0].id);

    // Given three requests by mail (done after 2 h and 4 h, one open) and two through the portal (1 h, 2.5 h).
    at(0);
    const mailed: string[] = [];
    for (const subject of ['Door', 'Window', 'Light']) {
      const r = await ingestMail({ engine, settings, publicUrl: testConfig.publicUrl }, mailbox, rawMail(subject));
      expect(r.outcome).toBe('request');
      mailed.push(r.instanceId!);
    }
    const portal: string[] = [];
    for (const summary of ['Desk', 'Chair']) {
      at(0);
      const r = await employee.post('/api/process-instances', { processKey: 'channel-desk', variables: { summary } });
      expect(r.status).toBe(201);
      portal.push(r.body.id);
    }
    at(0);
    await handle(mailed[0], 2);
    at(0);
    await handle(mailed[1], 4);
    at(0);
    await handle(portal[0], 1);
    at(0);
    await handle(portal[1], 2.5);
    at(30);
  }, 300_000);
  afterAll(() => dispose());

  const get = async (path: string, channel?: string) => {
    const r = await analyst.get(`/api/insights/${path}?${period}${channel ? `&channel=${channel}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  it('sets the channel as the request starts: the requests by mail are mail ones', async () => {
    const r = await db.query<{ channel: string; n: number }>("SELECT channel, count(*)::int AS n FROM process_instances WHERE process_key = 'channel-desk' GROUP BY 1 ORDER BY 1");
    expect(r.rows).toEqual([{ channel: 'mail', n: 3 }, { channel: 'portal', n: 2 }]);
  });

  it('filters the overview by channel: counts, cycle times, work in progress and SLA of that channel only', async () => {
    const mail = await get('overview', 'mail');
    expect(mail.filter.channel).toBe('mail');
    expect(mail.requests).toEqual({ started: 3, completed: 2, terminated: 0 });
    expect(mail.cycleTime.calendar.mean).toBeCloseTo(3 * HOUR, 3);
    expect(mail.workInProgress.open).toBe(1);
    expect(mail.sla.resolution).toEqual({ met: 1, breached: 1, compliance: 0.5 });
    expect(mail.weeks).toEqual([{ week: '2025-03-03', started: 3, completed: 2, meanCycleTime: 3 * HOUR, escalations: 0 }]);

    const portal = await get('overview', 'portal');
    expect(portal.requests).toEqual({ started: 2, completed: 2, terminated: 0 });
    expect(portal.cycleTime.calendar.mean).toBeCloseTo(1.75 * HOUR, 3);
    expect(portal.workInProgress.open).toBe(0);
    expect(portal.sla.resolution).toEqual({ met: 2, breached: 0, compliance: 1 });

    const all = await get('overview');
    expect(all.requests).toEqual({ started: 5, completed: 4, terminated: 0 });
    expect(all.cycleTime.calendar.mean).toBeCloseTo(2.375 * HOUR, 3);
    expect(all.workInProgress.open).toBe(1);
  });

  it('filters cycle-time distribution, steps, SLA, variants and the channel view by channel', async () => {
    const hist = await get('cycle-times', 'mail');
    expect(hist.completed).toBe(2);
    expect(hist.calendar.bins.reduce((n: number, b: { cases: number }) => n + b.cases, 0)).toBe(2);
    expect((await get('cycle-times', 'portal')).completed).toBe(2);

    const steps = (await get('steps', 'mail')).items.find((s: { elementId: string }) => s.elementId === 'Handle');
    expect(steps).toMatchObject({ started: 3, completed: 2, tasks: 2 });
    // Waiting from the mail's arrival to the claim (0.5 h), processing from the claim to the end.
    expect(steps.meanWaiting).toBeCloseTo(0.5 * HOUR, 3);
    expect(steps.meanProcessing).toBeCloseTo(2.5 * HOUR, 3);
    expect((await get('steps', 'portal')).items.find((s: { elementId: string }) => s.elementId === 'Handle')).toMatchObject({ started: 2, completed: 2 });

    expect((await get('sla', 'portal')).targets).toEqual([{ target: 'resolution', met: 2, breached: 0, compliance: 1 }]);
    expect((await get('variants', 'mail')).completed).toBe(2);
    expect((await get('variants', 'portal')).completed).toBe(2);

    const byChannel = await get('channels', 'mail');
    expect(byChannel.channels.map((c: { channel: string; started: number }) => [c.channel, c.started])).toEqual([['portal', 0], ['mail', 3]]);
    expect((await get('channels')).mailShare).toBeCloseTo(0.6, 6);
  });

  it('refuses an unknown channel with 400 and the field path', async () => {
    for (const path of ['overview', 'steps', 'sla', 'cycle-times', 'escalations', 'variants', 'channels', 'export/csv']) {
      const r = await analyst.get(`/api/insights/${path}?${period}&channel=fax`);
      expect(r.status, path).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ path: '/channel' })]);
    }
  });

  it('keeps roll-ups by channel when they are computed again from the history', async () => {
    const before = await get('overview', 'mail');
    await db.query('SELECT insights_rebuild(NULL)');
    const after = await get('overview', 'mail');
    expect(after.requests).toEqual(before.requests);
    expect(after.cycleTime).toEqual(before.cycleTime);
    expect(after.sla).toEqual(before.sla);
    expect(after.workInProgress.open).toBe(1);
  });
});
