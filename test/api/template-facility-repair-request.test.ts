import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { DAY, templateHarness, type TemplateHarness } from './template-harness';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

describe.each(dbTargets())('template facility-repair-request ($name)', (target) => {
  let h: TemplateHarness;
  let employee: Client, facility: Client, other: Client;
  const damage = (urgency: string, extra: Record<string, unknown> = {}) => ({ building: 'HQ', location: '2nd floor, room 2.14', category: 'electrical', description: 'Ceiling light flickers', urgency, ...extra });
  const dispatch = { technician: 'agent.facility@lotse.demo', plannedDate: '2026-03-11' };

  async function upload(client: Client) {
    const form = new FormData();
    form.append('file', new File([PNG], 'light.png', { type: 'image/png' }));
    const res = await h.app.request('/api/files', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-lotse-csrf': '1' } });
    expect(res.status).toBe(201);
    return (await res.json()).id as string;
  }

  beforeAll(async () => {
    h = await templateHarness(target);
    expect((await h.deploy(h.admin, 'facility-repair-request')).warnings).toEqual([]);
    [employee, facility, other] = await Promise.all(['employee@lotse.demo', 'agent.facility@lotse.demo', 'employee2@lotse.demo'].map((e) => h.as(e)));
  });
  afterAll(() => h.dispose());

  it('with a photo: dispatched to the facility team, a date mail, repaired, confirmed by the requester', async () => {
    const photo = await upload(employee);
    const id = await h.start(employee, 'facility-repair-request', damage('normal', { photo }));
    const d = await h.detail(id, employee);
    expect(d.attachments).toEqual([expect.objectContaining({ id: photo, name: 'light.png', contentType: 'image/png' })]);
    expect((await h.app.request(`/api/files/${photo}`, { headers: { cookie: facility.cookie } })).status).toBe(200); // the team sees the photo
    expect((await h.app.request(`/api/files/${photo}`, { headers: { cookie: other.cookie } })).status).toBe(404);
    const task = await h.task(id, 'Dispatch');
    expect(task.candidateGroups).toEqual(['facility']);
    expect(new Date(task.dueAt!).getTime() - h.now().getTime()).toBe(DAY);
    await h.complete(facility, id, 'Dispatch', dispatch);
    expect((await h.task(id, 'Repair')).assignee).toBe('agent.facility@lotse.demo');
    await h.complete(facility, id, 'Repair', { workDone: 'Replaced the ballast', materials: 'Ballast 58 W' });
    expect((await h.task(id, 'Confirm')).assignee).toBe('employee@lotse.demo');
    await h.complete(employee, id, 'Confirm', { fixed: true });
    expect((await h.detail(id)).status).toBe('completed');
    expect(await h.mails(id)).toEqual([{ recipients: ['employee@lotse.demo'], subject: 'Reparaturtermin / Repair date: 2026-03-11', body: expect.stringContaining('agent.facility@lotse.demo') }]);
    expect(await h.completed(id)).not.toContain('AlertOnCall');
  });

  it('an urgent case alerts the on-call technician first and is due in two hours', async () => {
    const id = await h.start(employee, 'facility-repair-request', damage('urgent', { category: 'sanitary', description: 'Water leaking from the ceiling', phone: '+49 89 123' }));
    expect(await h.mails(id)).toEqual([{ recipients: ['facility-oncall@lotse.demo'], subject: 'Dringend / Urgent: sanitary, HQ 2nd floor, room 2.14', body: 'Water leaking from the ceiling – gemeldet von / reported by employee@lotse.demo, +49 89 123' }]);
    const task = await h.task(id, 'Dispatch');
    expect(new Date(task.dueAt!).getTime() - h.now().getTime()).toBe(2 * 3600_000);
  });

  it('not fixed: the requester says so and the team dispatches again', async () => {
    const id = await h.start(employee, 'facility-repair-request', damage('high'));
    await h.complete(facility, id, 'Dispatch', dispatch);
    await h.complete(facility, id, 'Repair', { workDone: 'Changed the bulb' });
    const noFeedback = await employee.post(`/api/tasks/${(await h.task(id, 'Confirm')).id}/complete`, { variables: { fixed: false } });
    expect(noFeedback.status).toBe(422);
    await h.complete(employee, id, 'Confirm', { fixed: false, feedback: 'Still flickers' });
    expect((await h.detail(id)).activeElementIds).toEqual(['Dispatch']);
    await h.complete(facility, id, 'Dispatch', { ...dispatch, plannedDate: '2026-03-12', dispatchNote: 'Bring a new ballast' });
    await h.complete(facility, id, 'Repair', { workDone: 'Replaced the ballast' });
    await h.complete(employee, id, 'Confirm', { fixed: true });
    const d = await h.detail(id);
    expect(d.status).toBe('completed');
    expect(d.tasks.filter((t: { elementId: string }) => t.elementId === 'Dispatch')).toHaveLength(2);
  });

  it('closes after 5 days without an answer from the requester', async () => {
    const id = await h.start(employee, 'facility-repair-request', damage('normal'));
    await h.complete(facility, id, 'Dispatch', dispatch);
    await h.complete(facility, id, 'Repair', { workDone: 'Fixed the switch' });
    h.advance(5 * DAY - 60_000);
    await h.fire();
    expect((await h.detail(id)).activeElementIds).toEqual(['Confirm']);
    h.advance(120_000);
    await h.fire();
    const d = await h.detail(id);
    expect(d.status).toBe('completed');
    expect(await h.completed(id)).toEqual(expect.arrayContaining(['NoAnswer', 'Closed', 'Done']));
  });
});
