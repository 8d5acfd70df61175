import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { saveCalendar, saveDepartmentSla } from '../../server/sla/admin';
import { DAY, HOUR, templateHarness, type TemplateHarness } from './template-harness';

describe.each(dbTargets())('template it-incident ($name)', (target) => {
  let h: TemplateHarness;
  let employee: Client, agent: Client;
  const report = (impact: string, urgency: string) => ({ summary: 'VPN drops every 5 minutes', description: 'Since this morning', impact, urgency });

  beforeAll(async () => {
    h = await templateHarness(target);
    expect((await h.deploy(await h.as('owner.it@lotse.demo'), 'it-incident')).warnings).toEqual([]);
    [employee, agent] = await Promise.all(['employee@lotse.demo', 'agent.it@lotse.demo'].map((e) => h.as(e)));
  });
  afterAll(() => h.dispose());

  it('derives the priority from impact × urgency with the decision table', async () => {
    const cases: [string, string, string][] = [['high', 'high', 'critical'], ['high', 'low', 'medium'], ['medium', 'high', 'high'], ['low', 'low', 'low'], ['medium', 'medium', 'medium']];
    for (const [impact, urgency, priority] of cases) {
      const id = await h.start(employee, 'it-incident', report(impact, urgency));
      const d = await h.detail(id);
      expect(d.variables.priority, `${impact} × ${urgency}`).toBe(priority);
      expect(d.priority).toBe(priority); // the SLA priority of the request
      expect(d.activeElementIds).toEqual(['FirstLevel']);
    }
  });

  it('first level solves it, the requester confirms, the SLA clock paused while waiting for them', async () => {
    h.setClock('2026-03-09T08:00:00Z');
    const id = await h.start(employee, 'it-incident', report('medium', 'medium'));
    const missing = await agent.post(`/api/tasks/${(await h.task(id, 'FirstLevel')).id}/complete`, { variables: { solved: true } });
    expect(missing.status).toBe(422);
    await h.complete(agent, id, 'FirstLevel', { solved: true, solution: 'VPN client updated to 5.2' });
    const confirm = await h.task(id, 'Confirm');
    expect(confirm.assignee).toBe('employee@lotse.demo');
    expect((await h.detail(id)).sla.paused).toBe(true);
    await h.complete(employee, id, 'Confirm', { fixed: true });
    const d = await h.detail(id);
    expect(d.status).toBe('completed');
    expect(await h.completed(id)).not.toContain('SecondLevel');
    expect(await h.mails(id)).toEqual([{ recipients: ['employee@lotse.demo'], subject: 'Störung geschlossen / Incident closed: VPN drops every 5 minutes', body: `Lösung / Solution: VPN client updated to 5.2${h.requestFooter(id)}` }]);
  });

  it('first level hands over to second level', async () => {
    const id = await h.start(employee, 'it-incident', report('high', 'medium'));
    await h.complete(agent, id, 'FirstLevel', { solved: false, handoverNote: 'Reinstalled the client, no change' });
    expect((await h.task(id, 'SecondLevel')).candidateGroups).toEqual(['it']);
    await h.complete(agent, id, 'SecondLevel', { solution: 'Firewall rule fixed' });
    await h.complete(employee, id, 'Confirm', { fixed: true });
    expect((await h.detail(id)).status).toBe('completed');
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['SecondLevelIn', 'SecondLevel', 'Resolved', 'Fixed', 'Closed', 'Done']));
  });

  it('escalates on time: notifies the IT lead (non-interrupting), then moves the incident to second level', async () => {
    h.setClock('2026-03-10T08:00:00Z');
    const id = await h.start(employee, 'it-incident', report('medium', 'medium')); // medium: warn after 4 h, escalate after 1 day
    h.advance(3 * HOUR);
    await h.fire();
    expect(await h.mails(id)).toEqual([]);
    h.advance(1 * HOUR + 1000);
    await h.fire();
    expect(await h.mails(id)).toEqual([expect.objectContaining({ recipients: ['owner.it@lotse.demo'], subject: 'Störung wartet / Incident waiting (medium): VPN drops every 5 minutes' })]);
    expect((await h.detail(id)).activeElementIds).toEqual(['FirstLevel']); // still with first level
    h.advance(20 * HOUR);
    await h.fire();
    const d = await h.detail(id);
    expect(d.activeElementIds).toEqual(['SecondLevel']);
    expect(d.tasks.find((t: { elementId: string }) => t.elementId === 'FirstLevel').status).toBe('cancelled');
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['WarnLead', 'NotifyLead', 'LeadNotified', 'Escalate']));
    await h.complete(agent, id, 'SecondLevel', { solution: 'Router replaced' });
    await h.complete(employee, id, 'Confirm', { fixed: true });
    expect((await h.detail(id)).status).toBe('completed');
  });

  it('a critical incident escalates after two hours', async () => {
    h.setClock('2026-03-10T08:00:00Z');
    const id = await h.start(employee, 'it-incident', report('high', 'high'));
    h.advance(1 * HOUR + 1000);
    await h.fire();
    expect((await h.mails(id)).map((m) => m.recipients)).toEqual([['owner.it@lotse.demo']]);
    h.advance(1 * HOUR);
    await h.fire();
    expect((await h.detail(id)).activeElementIds).toEqual(['SecondLevel']);
  });

  it('reopens: the requester says it is not fixed and the incident goes back to first level', async () => {
    const id = await h.start(employee, 'it-incident', report('low', 'medium'));
    await h.complete(agent, id, 'FirstLevel', { solved: true, solution: 'Restarted the printer' });
    const noFeedback = await employee.post(`/api/tasks/${(await h.task(id, 'Confirm')).id}/complete`, { variables: { fixed: false } });
    expect(noFeedback.status).toBe(422);
    await h.complete(employee, id, 'Confirm', { fixed: false, feedback: 'Still prints blank pages' });
    let d = await h.detail(id);
    expect(d.activeElementIds).toEqual(['FirstLevel']);
    expect(d.variables).toMatchObject({ reopenCount: 1, feedback: 'Still prints blank pages' });
    await h.complete(agent, id, 'FirstLevel', { solved: true, solution: 'Toner replaced' });
    await h.complete(employee, id, 'Confirm', { fixed: false, feedback: 'Now it jams' });
    expect((await h.detail(id)).variables.reopenCount).toBe(2);
    await h.complete(agent, id, 'FirstLevel', { solved: true, solution: 'Paper tray repaired' });
    await h.complete(employee, id, 'Confirm', { fixed: true });
    d = await h.detail(id);
    expect(d.status).toBe('completed');
    expect(d.history.filter((e: { kind: string; elementId: string }) => e.kind === 'element_completed' && e.elementId === 'Reopen')).toHaveLength(2);
    // …and counted as reopened twice, for the KPIs' reopen rate.
    expect(d.history.filter((e: { kind: string }) => e.kind === 'reopened')).toHaveLength(2);
  });

  it('closes automatically after 3 business days without an answer (Monday: Thursday)', async () => {
    h.setClock('2026-03-09T09:00:00Z'); // Monday
    const id = await h.start(employee, 'it-incident', report('low', 'low'));
    await h.complete(agent, id, 'FirstLevel', { solved: true, solution: 'Password reset' });
    h.advance(3 * DAY - 60_000);
    await h.fire();
    expect((await h.detail(id)).activeElementIds).toEqual(['Confirm']);
    h.advance(120_000);
    await h.fire();
    const d = await h.detail(id);
    expect(d.status).toBe('completed');
    expect(d.variables.closedAutomatically).toBe(true);
    expect(d.tasks.find((t: { elementId: string }) => t.elementId === 'Confirm').status).toBe('cancelled');
    expect((await h.mails(id))[0].body).toContain('Closed automatically');
  });

  it('skips the weekend: confirmation asked on a Thursday closes on Tuesday', async () => {
    h.setClock('2026-03-12T09:00:00Z'); // Thursday
    const id = await h.start(employee, 'it-incident', report('low', 'low'));
    await h.complete(agent, id, 'FirstLevel', { solved: true, solution: 'Cable replaced' });
    h.advance(4 * DAY);
    await h.fire();
    expect((await h.detail(id)).activeElementIds).toEqual(['Confirm']);
    h.advance(1 * DAY);
    await h.fire();
    expect((await h.detail(id)).status).toBe('completed');
  });

  it('counts the 3 business days on the request\'s calendar: Easter holidays skipped', async () => {
    // IT's SLA policy uses a calendar with German public holidays (Good Friday 3 April, Easter Monday 6 April 2026).
    await saveCalendar(h.db, { key: 'it-de', name: 'IT Germany', timeZone: 'Europe/Berlin', workingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '17:00']]])), holidayRegion: 'DE', closedDays: [] }, null);
    const it = (await h.db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'it'")).rows[0].id;
    await saveDepartmentSla(h.db, it, { policies: (['critical', 'high', 'medium', 'low'] as const).map((priority) => ({ priority, calendarKey: 'it-de' })) });
    h.setClock('2026-04-02T08:00:00Z'); // Thursday before Easter, 10:00 in Berlin
    // The virtual clock jumps weeks ahead: keep the test's sessions signed in.
    await h.db.query("UPDATE sessions SET expires_at = expires_at + interval '60 days'");
    const id = await h.start(employee, 'it-incident', report('low', 'low'));
    await h.complete(agent, id, 'FirstLevel', { solved: true, solution: 'Driver updated' });
    // Friday and Monday are holidays: Tuesday, Wednesday, Thursday are the three business days.
    h.setClock('2026-04-09T07:59:00Z');
    await h.fire();
    expect((await h.detail(id)).activeElementIds).toEqual(['Confirm']);
    h.setClock('2026-04-09T08:01:00Z');
    await h.fire();
    expect((await h.detail(id)).status).toBe('completed');
  });
});
