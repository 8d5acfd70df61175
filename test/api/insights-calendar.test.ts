import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';

const HOUR = 3600;
const officeCalendar = {
  key: 'office-by',
  name: 'Munich office',
  timeZone: 'Europe/Berlin',
  workingHours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] },
  holidayRegion: 'DE-BY',
  closedDays: [],
};

describe.each(dbTargets())('KPI business time on the request\'s SLA calendar ($name)', (target) => {
  let dispose: () => Promise<void>;
  let clock = new Date('2026-01-05T14:00:00Z'); // Monday 15:00 in Munich; Tuesday 6 January is Epiphany in Bavaria
  let analyst: Client, owner: Client, agent: Client, employee: Client;
  const template = processDeployment('it-equipment-request');
  // Without esm:sla in the model, the department's policy (and its calendar) decides.
  const policyProcess = { ...template, xml: template.xml.replace(/<esm:sla [^>]*\/>/, '').replace('id="it-equipment-request"', 'id="it-policy-request"') };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    const ctx = await seededApp(opened.db, () => clock);
    const admin = await ctx.as('admin@lotse.demo');
    [analyst, owner, agent, employee] = await Promise.all(['analyst@lotse.demo', 'owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
    const itId = (await admin.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'it').id;
    expect((await admin.post('/api/calendars', officeCalendar)).status).toBe(201);
    expect((await owner.post('/api/deployments', policyProcess)).status).toBe(201);
    expect((await owner.put(`/api/sla/departments/${itId}`, { policies: [{ priority: 'medium', resolutionTarget: 'PT40H', calendarKey: 'office-by' }] })).status).toBe(200);
  });
  afterAll(() => dispose());

  it('counts the cycle in working time of the calendar, holidays left out', async () => {
    // Given a request from Monday 15:00 to Wednesday 10:00 (Munich time)
    const id = (await employee.post('/api/process-instances', { processKey: 'it-policy-request', variables: { item: 'headset' } })).body.id;
    const review = (await agent.get(`/api/process-instances/${id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    clock = new Date('2026-01-07T09:00:00Z');
    await agent.post(`/api/tasks/${review.id}/claim`);
    expect((await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: false, reason: 'no budget' } })).status).toBe(204);
    expect((await agent.get(`/api/process-instances/${id}`)).body.status).toBe('completed');

    // When the analyst reads the overview
    const r = await analyst.get('/api/insights/overview?processKey=it-policy-request&from=2026-01-01&to=2026-01-31');

    // Then the business time is Monday 15–17 and Wednesday 8–10 on the Bavarian office calendar
    // (4 h), not the default calendar's 13 h, which knows no holidays; calendar time stays 43 h.
    expect(r.body.requests.completed).toBe(1);
    expect(r.body.cycleTime.calendar.mean).toBeCloseTo(43 * HOUR, 3);
    expect(r.body.cycleTime.business.mean).toBeCloseTo(4 * HOUR, 3);
    expect(Math.abs(r.body.cycleTime.business.median / (4 * HOUR) - 1)).toBeLessThan(0.15);
    const hist = await analyst.get('/api/insights/cycle-times?processKey=it-policy-request&from=2026-01-02&to=2026-01-31');
    expect(hist.body.business.bins.reduce((sum: number, b: { cases: number }) => sum + b.cases, 0)).toBe(1);
    expect(hist.body.business.median).toBe(r.body.cycleTime.business.median);
  });
});
