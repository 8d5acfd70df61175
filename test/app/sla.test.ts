import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});
afterEach(() => vi.unstubAllGlobals());

const admin = makeMe(['portal', 'tasks', 'modeler', 'forms', 'insights', 'admin'], { roles: [{ role: 'admin' }] });
const owner = makeMe(['portal', 'modeler', 'forms', 'insights'], { id: 'u-owner', email: 'owner.it@lotse.demo', name: 'Ingo Ivanov', roles: [{ role: 'owner', departmentId: 'd-it' }, { role: 'employee' }] });
const agent = makeMe(['portal', 'tasks'], { id: 'u-agent', email: 'agent.it@lotse.demo', name: 'Tim Teufel', groups: [{ id: 'g-it', key: 'it', name: 'IT Service Desk' }] });

const office = {
  id: 'c1', key: 'office-by', name: 'Munich office', timeZone: 'Europe/Berlin',
  workingHours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '12:00'], ['13:00', '17:00']] },
  holidayRegion: 'DE-BY', closedDays: ['2026-12-24'],
};
const departments = { items: [{ id: 'd-it', key: 'it', name: 'IT' }, { id: 'd-hr', key: 'hr', name: 'HR' }] };
const groups = { items: [{ id: 'g-it', key: 'it', name: 'IT Service Desk', departmentId: 'd-it' }, { id: 'g-l2', key: 'it-l2', name: 'IT 2nd level', departmentId: 'd-it' }] };

function byName<T extends Element = HTMLInputElement>(name: string, root: ParentNode = document): T {
  const el = root.querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!el) throw new Error(`no control named ${name}`);
  return el as unknown as T;
}

function setValue(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
}

function check(el: HTMLInputElement, on = true): void {
  el.checked = on;
  el.dispatchEvent(new Event('change'));
}

function clickButton(label: string, root: ParentNode = document): void {
  const button = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.getAttribute('aria-label') === label || b.textContent?.trim() === label);
  if (!button) throw new Error(`no button ${label}`);
  button.click();
}

describe('admin: calendars', () => {
  it('lists calendars and creates one with its working hours, holiday region and closed days', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: admin } },
      'GET /api/calendars': { body: { items: [office] } },
      'POST /api/calendars': (call) => ({ status: 201, body: { id: 'c2', ...(call.body as object) } }),
    });
    const { wrapper } = await mountApp('/admin/calendars');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=calendars-table]').exists()).toBe(true));
    const row = wrapper.find('[data-calendar=office-by]').text();
    expect(row).toContain('Munich office');
    expect(row).toContain('Fr 08:00–12:00, 13:00–17:00');
    expect(row).toContain('DE-BY');
    expect(row).toContain('1 Schließtag');
    // The admin sub-navigation leads here.
    expect(wrapper.findAll('.sub-nav a').map((a) => a.text())).toEqual(expect.arrayContaining(['Kalender', 'SLAs']));

    await wrapper.find('[data-testid=new-calendar]').trigger('click');
    await settle();
    const form = document.querySelector<HTMLFormElement>('[data-testid=calendar-form]')!;
    setValue(byName('key', form), 'office-vienna');
    setValue(byName('name', form), 'Vienna office');
    const zone = byName<HTMLSelectElement>('timeZone', form);
    expect([...zone.options].some((o) => o.value === 'Europe/Vienna')).toBe(true);
    setValue(zone, 'Europe/Vienna');
    // Office week preset; Friday short, Saturday morning added, Wednesday split in two.
    setValue(byName('fri-0-to', form), '14:00');
    clickButton('Zeitraum am Samstag hinzufügen', form);
    await settle();
    setValue(byName('sat-0-from', form), '09:00');
    setValue(byName('sat-0-to', form), '12:00');
    clickButton('Zeitraum am Mittwoch hinzufügen', form);
    await settle();
    clickButton('Donnerstag: Zeitraum 1 entfernen', form);
    await settle();
    expect(form.querySelector('[data-day=thu]')!.textContent).toContain('geschlossen');
    setValue(byName('holidayRegion', form), 'at-9');
    clickButton('+ Schließtag hinzufügen', form);
    await settle();
    setValue(byName('closed-0', form), '2026-12-31');
    form.dispatchEvent(new Event('submit'));
    await settle();

    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      key: 'office-vienna',
      name: 'Vienna office',
      timeZone: 'Europe/Vienna',
      workingHours: {
        mon: [['08:00', '17:00']],
        tue: [['08:00', '17:00']],
        wed: [['08:00', '17:00'], ['17:00', '18:00']],
        fri: [['08:00', '14:00']],
        sat: [['09:00', '12:00']],
      },
      holidayRegion: 'AT-9',
      closedDays: ['2026-12-31'],
    });
    expect(document.querySelector('.toasts')?.textContent).toContain('Vienna office');
    expect(wrapper.find('[data-testid=calendars-table]').text()).toContain('Vienna office');
    wrapper.unmount();
  });

  it('shows 422 errors at the field, the weekday period and the closed day', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: admin } },
      'GET /api/calendars': { body: { items: [office] } },
      'PUT /api/calendars/c1': {
        status: 422,
        body: {
          error: 'Validation failed',
          errors: [
            { path: '/holidayRegion', message: 'unknown holiday region "XX-YY"' },
            { path: '/workingHours/mon/0', message: 'must end after it starts' },
            { path: '/closedDays/0', message: 'must be a date YYYY-MM-DD' },
          ],
        },
      },
    });
    const { wrapper } = await mountApp('/admin/calendars');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=calendars-table]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Bearbeiten: Munich office"]').trigger('click');
    await settle();
    const form = document.querySelector<HTMLFormElement>('[data-testid=calendar-form]')!;
    // The key stays fixed: processes refer to it.
    expect(byName('key', form).disabled).toBe(true);
    setValue(byName('holidayRegion', form), 'XX-YY');
    form.dispatchEvent(new Event('submit'));
    await settle();

    const region = byName('holidayRegion', form);
    expect(region.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(region.getAttribute('aria-describedby')!.split(' ').at(-1)!)?.textContent).toContain('XX-YY');
    expect(byName('mon-0-from', form).getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('[data-day=mon]')!.textContent).toContain('must end after it starts');
    expect(form.querySelector('[data-testid=closed-days]')!.textContent).toContain('2026-12-24: must be a date');
    expect(form.querySelector('.form-error')?.textContent).toBe('Bitte prüfen Sie die markierten Felder.');
    wrapper.unmount();
  });

  it('explains a 409 when a calendar is still used by a policy', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: admin } },
      'GET /api/calendars': { body: { items: [office] } },
      'DELETE /api/calendars/c1': { status: 409, body: { error: 'The calendar is used by an SLA policy', code: 'in_use' } },
    });
    const { wrapper } = await mountApp('/admin/calendars');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=calendars-table]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Löschen: Munich office"]').trigger('click');
    await settle();
    [...document.querySelectorAll<HTMLButtonElement>('dialog .button-danger')].find((b) => b.textContent === 'Löschen')!.click();
    await settle();
    expect(document.querySelector('.toasts [role=alert]')?.textContent).toContain('von einer SLA-Richtlinie verwendet');
    expect(wrapper.find('[data-testid=calendars-table]').text()).toContain('Munich office');
    wrapper.unmount();
  });
});

describe('SLA settings of a department', () => {
  const stored = {
    matrix: null,
    policies: [{ priority: 'high', responseTarget: 'PT1H', resolutionTarget: 'P1D', calendarKey: 'office-by', atRisk: 0.8, escalations: [{ at: 1, action: 'notify', to: 'owners' }] }],
    rules: [{ processKey: null, condition: 'item = "laptop"', groupKey: 'it', priority: null }],
  };

  it('edits matrix, policies with escalation steps and routing rules, and saves them', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: admin } },
      'GET /api/departments': { body: departments },
      'GET /api/sla/departments/d-it': { body: stored },
      'GET /api/calendars': { body: { items: [office] } },
      'GET /api/groups': { body: groups },
      'PUT /api/sla/departments/d-it': (call) => ({ body: call.body }),
    });
    const { wrapper } = await mountApp('/admin/sla?department=d-it');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=sla-form]').exists()).toBe(true));
    const form = document.querySelector<HTMLFormElement>('[data-testid=sla-form]')!;
    expect(byName<HTMLSelectElement>('department').value).toBe('d-it');
    expect(byName('policy-high-enabled', form).checked).toBe(true);
    // Stored as ISO, shown the way people type it (#18 point 7).
    expect(byName('policy-high-resolutionTarget', form).value).toBe('1 Tag');
    expect(form.textContent).toContain('= 1 Arbeitstag (8 Arbeitsstunden)');
    expect(byName('policy-high-atRisk', form).value).toBe('80');

    // The matrix starts from the usual ITIL grid.
    check(byName('matrix-enabled', form));
    await settle();
    expect(byName<HTMLSelectElement>('matrix-high-high', form).value).toBe('critical');
    setValue(byName<HTMLSelectElement>('matrix-low-low', form), '');

    // Medium: a 4 h resolution target on the office calendar with two escalation steps.
    check(byName('policy-medium-enabled', form));
    await settle();
    setValue(byName('policy-medium-resolutionTarget', form), 'pt4h');
    await settle();
    expect(form.querySelector('[data-priority=medium]')!.textContent).toContain('= 4 Arbeitsstunden');
    setValue(byName<HTMLSelectElement>('policy-medium-calendarKey', form), 'office-by');
    (form.querySelector('[data-testid=add-escalation-medium]') as HTMLButtonElement).click();
    await settle();
    (form.querySelector('[data-testid=add-escalation-medium]') as HTMLButtonElement).click();
    await settle();
    setValue(byName<HTMLSelectElement>('policy-medium-escalation-1-action', form), 'reassign');
    await settle();
    setValue(byName<HTMLSelectElement>('policy-medium-escalation-1-group', form), 'it-l2');

    // A second rule, moved to the top.
    (form.querySelector('[data-testid=add-rule]') as HTMLButtonElement).click();
    await settle();
    setValue(byName('rule-1-condition', form), 'amount > 1000');
    setValue(byName<HTMLSelectElement>('rule-1-priority', form), 'high');
    clickButton('Regel 2 nach oben', form);
    await settle();
    expect(byName('rule-0-condition', form).value).toBe('amount > 1000');

    form.dispatchEvent(new Event('submit'));
    await settle();
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({
      matrix: {
        high: { high: 'critical', medium: 'high', low: 'medium' },
        medium: { high: 'high', medium: 'medium', low: 'low' },
        low: { high: 'medium', medium: 'low' },
      },
      policies: [
        { priority: 'high', responseTarget: 'PT1H', resolutionTarget: 'P1D', calendarKey: 'office-by', atRisk: 0.8, escalations: [{ at: 1, action: 'notify', to: 'owners' }] },
        { priority: 'medium', resolutionTarget: 'PT4H', calendarKey: 'office-by', atRisk: 0.75, escalations: [{ at: 0.75, action: 'notify', to: 'assignee' }, { at: 1, action: 'reassign', group: 'it-l2' }] },
      ],
      rules: [
        { condition: 'amount > 1000', priority: 'high' },
        { condition: 'item = "laptop"', groupKey: 'it' },
      ],
    });
    expect(document.querySelector('.toasts')?.textContent).toContain('SLA-Einstellungen für „IT“ gespeichert.');
    wrapper.unmount();
  });

  it('shows 422 errors at the policy, escalation step and rule they name', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: admin } },
      'GET /api/departments': { body: departments },
      'GET /api/sla/departments/d-it': { body: { ...stored, policies: [...stored.policies, { priority: 'medium', resolutionTarget: 'P2D', atRisk: 0.75, escalations: [{ at: 1, action: 'notify', to: 'group' }, { at: 0.5, action: 'raise_priority' }] }] } },
      'GET /api/calendars': { body: { items: [office] } },
      'GET /api/groups': { body: groups },
      'PUT /api/sla/departments/d-it': {
        status: 422,
        body: {
          error: 'Validation failed',
          errors: [
            { path: '/policies/1/resolutionTarget', message: 'is not an ISO-8601 duration (e.g. PT4H, P2D; no years or months)' },
            { path: '/policies/1/escalations/1/at', message: 'escalation steps overlap: each step must come later than the one before' },
            { path: '/rules/0/condition', message: 'unexpected end of input' },
          ],
        },
      },
    });
    const { wrapper } = await mountApp('/admin/sla?department=d-it');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=sla-form]').exists()).toBe(true));
    const form = document.querySelector<HTMLFormElement>('[data-testid=sla-form]')!;
    setValue(byName('policy-medium-resolutionTarget', form), 'four hours');
    setValue(byName('rule-0-condition', form), 'item =');
    form.dispatchEvent(new Event('submit'));
    await settle();

    // /policies/1 is medium: the second policy sent (high comes first).
    const target = byName('policy-medium-resolutionTarget', form);
    expect(target.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(target.getAttribute('aria-describedby')!.split(' ').at(-1)!)?.textContent).toContain('is not an ISO-8601 duration');
    expect(byName('policy-high-resolutionTarget', form).getAttribute('aria-invalid')).toBeNull();
    expect(byName('policy-medium-escalation-1-at', form).getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('[data-priority=medium] [data-step="1"]')!.textContent).toContain('Stufe 2: escalation steps overlap');
    expect(byName('rule-0-condition', form).getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('[data-rule="0"]')!.textContent).toContain('unexpected end of input');
    expect(form.querySelector('[data-testid=sla-form-error]')?.textContent).toBe('Bitte prüfen Sie die markierten Felder.');
    wrapper.unmount();
  });

  it('takes a process owner from the main navigation to their own department only', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: owner } },
      'GET /api/departments': { body: departments },
      'GET /api/sla/departments/d-it': { body: { matrix: null, policies: [], rules: [] } },
      'GET /api/calendars': { body: { items: [office] } },
      'GET /api/groups': { body: groups },
    });
    const { wrapper, router } = await mountApp('/modeler', { locale: 'en' });
    const link = wrapper.find('nav.main-nav a[data-area=sla]');
    expect(link.text()).toBe('SLAs');
    await link.trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=sla-form]').exists()).toBe(true));
    expect(router.currentRoute.value.name).toBe('sla');
    expect([...byName<HTMLSelectElement>('department').options].map((o) => o.textContent)).toEqual(['IT']);
    expect(wrapper.find('h1').text()).toBe('SLAs');
    expect(wrapper.text()).toContain('Working time, e.g. "4h", "2 days", "1d 4h" or "30 min"; a day = 8 working hours.');
    expect(wrapper.text()).toContain('No rules.');
    wrapper.unmount();
  });
});

describe('SLA state on requests and tasks', () => {
  const slaAtRisk = { target: 'resolution', dueAt: '2026-03-04T09:00:00Z', state: 'at_risk', paused: false, stopped: false };
  const taskItem = {
    id: 't1', instanceId: 'r1', elementId: 'Review', name: 'Review request', formId: null, status: 'open', assignee: null, candidateGroups: ['it'], dueAt: null, priority: 70,
    createdAt: new Date(Date.now() - 3600_000).toISOString(), claimedAt: null, processKey: 'it-equipment-request', processName: 'IT equipment request', reference: 'IT-2026-000001',
    departmentId: 'd-it', requestPriority: 'high', sla: slaAtRisk,
  };
  const request = {
    id: 'r1', processKey: 'it-equipment-request', processName: 'IT equipment request', version: 1, definitionId: 'def1', reference: 'IT-2026-000001', status: 'active',
    variables: {}, activeElementIds: ['Review'], startedBy: { id: 'u-emp', name: 'Erika Muster', email: 'employee@lotse.demo' }, startedAt: '2026-03-01T09:00:00Z', endedAt: null,
    tasks: [{ id: 't1', elementId: 'Review', name: 'Review request', status: 'open', assignee: null, candidateGroups: ['it'], dueAt: null, createdAt: '2026-03-01T09:00:00Z', completedAt: null }],
    incidents: [],
    history: [
      { id: 1, kind: 'process_started', elementId: null, elementType: null, time: '2026-03-01T09:00:00Z', actor: 'employee@lotse.demo', data: null },
      { id: 2, kind: 'sla_met', elementId: null, elementType: null, time: '2026-03-01T09:30:00Z', actor: 'sla', data: { target: 'response' } },
      { id: 3, kind: 'sla_paused', elementId: null, elementType: null, time: '2026-03-01T10:00:00Z', actor: 'sla', data: { target: 'resolution' } },
      { id: 4, kind: 'sla_escalated', elementId: null, elementType: null, time: '2026-03-02T10:00:00Z', actor: 'sla', data: { target: 'resolution', step: 2, action: 'raise_priority', from: 'medium', to: 'high' } },
      { id: 5, kind: 'sla_escalated', elementId: null, elementType: null, time: '2026-03-02T11:00:00Z', actor: 'sla', data: { target: 'resolution', step: 3, action: 'reassign', group: 'it-l2' } },
      { id: 6, kind: 'priority_changed', elementId: null, elementType: null, time: '2026-03-02T12:00:00Z', actor: 'agent.it@lotse.demo', data: { from: 'high', to: 'critical' } },
    ],
    comments: [], attachments: [], rating: null, priority: 'high', sla: slaAtRisk, slaClocks: [slaAtRisk], canCancel: false,
  };

  it('lists the request priority and the SLA badge in the task list', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      'GET /api/tasks?state=open&assignee=me&sort=due&limit=100': { body: { total: 2, items: [taskItem, { ...taskItem, id: 't2', requestPriority: 'low', sla: { ...slaAtRisk, state: 'on_time', paused: true } }] } },
    });
    const { wrapper } = await mountApp('/tasks', { locale: 'en' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=tasks-table]').exists()).toBe(true));
    const first = wrapper.find('[data-task=t1]');
    expect(first.find('[data-testid=task-priority]').text()).toBe('High');
    expect(first.find('[data-sla-state]').attributes('data-sla-state')).toBe('at_risk');
    expect(first.find('[data-testid=sla-badge]').text()).toContain('At risk');
    expect(first.find('[data-testid=sla-badge] time').attributes('datetime')).toBe('2026-03-04T09:00:00Z');
    expect(wrapper.find('[data-task=t2] [data-testid=sla-badge]').text()).toContain('Paused');
    wrapper.unmount();
  });

  it('changes the priority on the task view and words the SLA history', async () => {
    let priority = 'high';
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      'GET /api/tasks/t1': () => ({ body: { ...taskItem, requestPriority: priority, variables: {} } }),
      'GET /api/process-instances/r1': () => ({ body: { ...request, priority } }),
      'POST /api/process-instances/r1/priority': (call) => {
        priority = (call.body as { priority: string }).priority;
        return { body: { ...request, priority, sla: { ...slaAtRisk, state: 'breached' } } };
      },
    });
    const { wrapper } = await mountApp('/tasks/t1', { locale: 'en' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=task-detail]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=task-priority]').text()).toBe('Priority: High');
    expect(wrapper.find('[data-testid=task-sla]').text()).toContain('At risk');
    expect(wrapper.find('[data-testid=task-sla]').text()).toContain('Resolution by');

    const timeline = wrapper.findAll('[data-testid=timeline] li').map((li) => li.text());
    expect(timeline.join('\n')).toContain('Response time met');
    // Entries of the SLA monitor say so, not "by sla".
    expect(timeline.find((line) => line.includes('Response time met'))).toContain('by SLA monitor');
    expect(timeline.join('\n')).toContain('Resolution time paused (waiting for the requester)');
    expect(timeline.join('\n')).toContain('Escalation step 2 (Resolution time): priority raised from Medium to High');
    expect(timeline.join('\n')).toContain('Escalation step 3 (Resolution time): reassigned to group "it-l2"');
    expect(timeline.join('\n')).toContain('Priority changed from High to Critical');

    const button = wrapper.find('[data-testid=priority-change] button');
    expect(button.attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid=priority-change] select').setValue('critical');
    expect(button.attributes('disabled')).toBeUndefined();
    await wrapper.find('[data-testid=priority-change]').trigger('submit');
    await settle();
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/api/process-instances/r1/priority', body: { priority: 'critical' } });
    expect(document.querySelector('.toasts')?.textContent).toContain('Priority changed to "Critical"');
    expect(wrapper.find('[data-testid=task-priority]').text()).toBe('Priority: Critical');
    wrapper.unmount();
  });

  it('shows priority and SLA state on the portal request page', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal'], { id: 'u-emp', email: 'employee@lotse.demo' }) } },
      'GET /api/process-instances/r1': { body: { ...request, sla: { ...slaAtRisk, state: 'breached' } } },
      'GET /api/process-instances/r1/diagram': { status: 500, body: { error: 'no diagram here' } },
    });
    const { wrapper } = await mountApp('/portal/requests/r1');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=request-detail]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=request-priority]').text()).toBe('Priorität: Hoch');
    expect(wrapper.find('[data-testid=request-sla]').text()).toContain('Überschritten');
    expect(wrapper.find('[data-testid=request-sla] [data-due-state]').attributes('data-due-state')).toBe('overdue');
    expect(wrapper.find('[data-testid=timeline]').text()).toContain('Reaktionszeit eingehalten');
    wrapper.unmount();
  });
});

describe('keyboard', () => {
  const routes = {
    'GET /api/auth/me': { body: { user: admin } },
    'GET /api/departments': { body: departments },
    'GET /api/calendars': { body: { items: [office] } },
    'GET /api/sla/departments/d-hr': { body: { matrix: null, policies: [{ priority: 'low', resolutionTarget: 'P5D', atRisk: 0.75, escalations: [] }], rules: [] } },
    'GET /api/groups': { body: groups },
  };

  it('puts the focus into the working-time period just added', async () => {
    mockFetch(routes);
    const { wrapper } = await mountApp('/admin/calendars');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=calendars-table]').exists()).toBe(true));
    await wrapper.find('[data-testid=new-calendar]').trigger('click');
    await settle();
    (document.querySelector('[data-testid=add-span-sun]') as HTMLButtonElement).click();
    await settle();
    expect(document.activeElement?.getAttribute('name')).toBe('sun-0-from');
    wrapper.unmount();
  });

  it('puts the focus into the escalation step and the rule just added', async () => {
    mockFetch(routes);
    const { wrapper, router } = await mountApp('/admin/sla');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=sla-form]').exists()).toBe(true));
    // Without ?department the first department (by name) is shown.
    expect(router.currentRoute.value.name).toBe('admin-sla');
    expect((document.querySelector('select[name=department]') as HTMLSelectElement).value).toBe('d-hr');
    (document.querySelector('[data-testid=add-escalation-low]') as HTMLButtonElement).click();
    await settle();
    expect(document.activeElement?.getAttribute('name')).toBe('policy-low-escalation-0-at');
    (document.querySelector('[data-testid=add-rule]') as HTMLButtonElement).click();
    await settle();
    expect(document.activeElement?.getAttribute('name')).toBe('rule-0-condition');
    wrapper.unmount();
  });
});
