import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dueState } from '../../app/tasks/dueState';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const agent = makeMe(['portal', 'tasks'], { id: 'u-agent', email: 'agent.it@lotse.demo', name: 'Agnes Agent', groups: [{ id: 'g-it', key: 'it', name: 'IT Service Desk', departmentId: 'dep-it' }] });

function task(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    instanceId: `r-${id}`,
    elementId: 'Review',
    name: 'Review request',
    formId: 'it-equipment-review',
    status: 'open',
    assignee: null,
    candidateGroups: ['it'],
    dueAt: null,
    priority: 50,
    createdAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    claimedAt: null,
    processKey: 'it-equipment-request',
    processName: 'IT equipment request',
    reference: `IT-2026-00000${id.slice(1)}`,
    departmentId: 'dep-it',
    ...overrides,
  };
}

const hour = 3600_000;

function control(label: string): HTMLInputElement | HTMLTextAreaElement {
  const el = [...document.querySelectorAll('label, legend')].find((l) => l.textContent?.trim().replace(/\s*\*$/, '') === label);
  if (!el) throw new Error(`no label ${label}`);
  return (el.tagName === 'LEGEND' ? el.parentElement!.querySelector('input') : document.getElementById((el as HTMLLabelElement).htmlFor)) as HTMLInputElement;
}

function type(label: string, value: string): void {
  const el = control(label);
  el.value = value;
  el.dispatchEvent(new Event('input'));
}

describe('due badges', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  it('is on time with plenty left, at risk under 25 % or 4 h, overdue after the deadline', () => {
    expect(dueState(at(48 * hour), at(-48 * hour), now)).toBe('on_time');
    expect(dueState(at(10 * hour), at(-48 * hour), now)).toBe('at_risk'); // 10 h of 58 h left: < 25 %
    expect(dueState(at(3 * hour), at(-1 * hour), now)).toBe('at_risk'); // < 4 h
    expect(dueState(at(-1), at(-48 * hour), now)).toBe('overdue');
    expect(dueState(null, at(0), now)).toBeNull();
  });
});

describe('task list', () => {
  it('shows a queue per group plus "assigned to me", with due badges, and claims a task', async () => {
    const items = [
      task('t1', { dueAt: new Date(Date.now() - hour).toISOString(), priority: 80 }),
      task('t2', { dueAt: new Date(Date.now() + 72 * hour).toISOString() }),
      task('t3', { assignee: 'someone@lotse.demo' }),
    ];
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      'GET /api/tasks?state=open&assignee=me&sort=due&limit=100': { body: { total: 0, items: [] } },
      'GET /api/tasks?state=open&candidateGroup=it&sort=due&limit=100': { body: { total: 3, items } },
      'GET /api/tasks?state=open&candidateGroup=it&sort=priority&limit=100': { body: { total: 3, items } },
      'GET /api/tasks?state=open&candidateGroup=it&sort=priority&priority=high&limit=100': { body: { total: 1, items: [items[0]] } },
      'POST /api/tasks/t2/claim': { body: { ...items[1], assignee: 'agent.it@lotse.demo' } },
    });
    const { wrapper, router } = await mountApp('/tasks');
    expect(wrapper.findAll('.queue-button').map((b) => b.text())).toEqual(['Mir zugewiesen', 'Gruppe IT Service Desk']);
    expect(wrapper.text()).toContain('Keine offenen Aufgaben in dieser Liste.');

    await wrapper.find('[data-queue="group:it"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.query.queue).toBe('group:it');
    const rows = wrapper.findAll('[data-testid=tasks-table] tbody tr');
    expect(rows).toHaveLength(3);
    expect(rows[0].find('[data-due-state]').attributes('data-due-state')).toBe('overdue');
    expect(rows[0].text()).toContain('Überfällig');
    expect(rows[0].text()).toContain('Hoch');
    expect(rows[1].text()).toContain('Im Plan');
    expect(rows[2].text()).toContain('someone@lotse.demo');

    // Filters and sort run on the server and sit in the URL.
    await wrapper.find('select[name=sort]').setValue('priority');
    await settle();
    expect(calls.some((c) => c.path.includes('sort=priority'))).toBe(true);
    expect(router.currentRoute.value.query).toMatchObject({ queue: 'group:it', sort: 'priority' });
    await wrapper.find('select[name=priority]').setValue('high');
    await settle();
    expect(router.currentRoute.value.query.priority).toBe('high');
    expect(wrapper.findAll('[data-testid=tasks-table] tbody tr')).toHaveLength(1);
    await wrapper.find('select[name=priority]').setValue('');
    await settle();
    expect(wrapper.findAll('[data-testid=tasks-table] tbody tr')).toHaveLength(3);

    await wrapper.find('[data-task=t2] button').trigger('click');
    await settle();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/tasks/t2/claim' && c.headers['X-Lotse-CSRF'] === '1')).toBe(true);
    expect(document.body.textContent).toContain('„Review request“ gehört jetzt Ihnen.');
    wrapper.unmount();
  });

  it('opens with the filters, sort and page of the URL, shows loading, and pages through the server', async () => {
    let release: () => void = () => {};
    const filtered = 'GET /api/tasks?state=open&candidateGroup=it&sort=due&priority=critical&due=overdue&olderThan=P3D&direction=desc&limit=100';
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      [`${filtered}&offset=100`]: () => new Promise((resolve) => (release = () => resolve({ body: { total: 101, items: [task('t9', { requestPriority: 'critical' })] } }))),
      [filtered]: { body: { total: 101, items: [task('t1', { requestPriority: 'critical' })] } },
      [filtered.replace('due=overdue', 'due=none')]: { body: { total: 0, items: [] } },
    });
    const { wrapper, router } = await mountApp('/tasks?queue=group:it&priority=critical&due=overdue&age=3d&dir=desc&page=2');
    // Given a reload of a filtered second page: the list asks the server for exactly that and says it is loading.
    await vi.waitFor(() => expect(calls.some((c) => c.path.endsWith('&offset=100'))).toBe(true));
    expect(wrapper.find('.queue .loading').text()).toContain('Wird geladen');
    release();
    await settle();
    expect(wrapper.find('.queue .loading').exists()).toBe(false);
    expect((wrapper.find('select[name=priority]').element as HTMLSelectElement).value).toBe('critical');
    expect((wrapper.find('select[name=due]').element as HTMLSelectElement).value).toBe('overdue');
    expect((wrapper.find('select[name=age]').element as HTMLSelectElement).value).toBe('3d');
    expect((wrapper.find('select[name=direction]').element as HTMLSelectElement).value).toBe('desc');
    expect(wrapper.find('[data-task=t9] [data-testid=task-priority]').text()).toBe('Kritisch');
    expect(wrapper.find('.pager').text()).toContain('101–101 von 101');
    expect(wrapper.find('[data-testid=page-next]').attributes('disabled')).toBeDefined();

    // When the agent goes back a page, the page leaves the URL and the first page comes from the server.
    await wrapper.find('[data-testid=page-previous]').trigger('click');
    await settle();
    expect(router.currentRoute.value.query.page).toBeUndefined();
    expect(calls.at(-1)?.path).toBe(filtered.slice('GET '.length));
    expect(wrapper.find('[data-task=t1]').exists()).toBe(true);

    // A filter change starts again at page one; no match says so.
    await wrapper.find('select[name=due]').setValue('none');
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ due: 'none', priority: 'critical', age: '3d' });
    expect(wrapper.text()).toContain('Keine offenen Aufgaben passen zu diesen Filtern.');
    wrapper.unmount();
  });

  it('claims several free tasks at once and reports the ones that failed', async () => {
    const items = [task('t1'), task('t2'), task('t3', { assignee: 'someone@lotse.demo' })];
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      'GET /api/tasks?state=open&candidateGroup=it&sort=due&limit=100': { body: { total: 3, items } },
      'POST /api/tasks/bulk-claim': { body: { claimed: ['t1'], failed: [{ id: 't2', error: 'already claimed' }] } },
    });
    const { wrapper } = await mountApp('/tasks?queue=group:it');
    const bulk = wrapper.find('[data-testid=bulk-claim]');
    expect(bulk.attributes('disabled')).toBeDefined();
    // "Select all" picks only the free tasks.
    await wrapper.find('thead input[type=checkbox]').setValue(true);
    expect(bulk.text()).toBe('Ausgewählte übernehmen (2)');
    await bulk.trigger('click');
    await settle();
    expect(calls.find((c) => c.path === '/api/tasks/bulk-claim')?.body).toEqual({ ids: ['t1', 't2'] });
    expect(document.body.textContent).toContain('1 übernommen, 1 nicht möglich.');
    wrapper.unmount();
  });
});

const reviewForm = {
  definition: {
    schema: { type: 'object', properties: { approved: { type: 'boolean' }, note: { type: 'string' } }, required: ['approved'] },
    ui: { fields: [{ key: 'approved', kind: 'yesno', label: { de: 'Genehmigt?', en: 'Approved?' } }, { key: 'note', kind: 'textarea', label: { de: 'Notiz', en: 'Note' } }] },
  },
};

const request = {
  id: 'r-t1', processKey: 'it-equipment-request', processName: 'IT equipment request', version: 1, definitionId: 'd1', reference: 'IT-2026-000001', status: 'active',
  variables: { item: 'laptop' }, activeElementIds: ['Review'], startedBy: { id: 'u-emp', name: 'Erika Muster', email: 'employee@lotse.demo' },
  startedAt: '2026-03-01T09:00:00Z', endedAt: null, tasks: [], incidents: [],
  history: [{ id: 1, kind: 'process_started', elementId: null, elementType: null, time: '2026-03-01T09:00:00Z', actor: 'employee@lotse.demo', data: null }],
  comments: [], attachments: [{ id: 'f1', name: 'quote.pdf', size: 100, contentType: 'application/pdf', createdAt: '2026-03-01T09:00:00Z' }], rating: null, sla: null, canCancel: false,
};

describe('one task', () => {
  it('claims, keeps a draft, shows 422 errors at the field and completes', async () => {
    let assignee: string | null = null;
    let completeAttempts = 0;
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      'GET /api/tasks/t1': () => ({ body: { ...task('t1', { assignee }), variables: { item: 'laptop', reason: 'broken' }, draft: { variables: { note: 'half done' }, savedAt: '2026-03-01T10:00:00Z' } } }),
      'GET /api/process-instances/r-t1': { body: request },
      'GET /api/forms/it-equipment-review': { body: reviewForm },
      'POST /api/tasks/t1/claim': () => {
        assignee = 'agent.it@lotse.demo';
        return { body: { ...task('t1', { assignee }), variables: {} } };
      },
      'PUT /api/tasks/t1/draft': { status: 204 },
      'POST /api/tasks/t1/complete': () =>
        ++completeAttempts === 1 ? { status: 422, body: { error: 'Validation failed', errors: [{ path: '/note', message: 'must be shorter' }] } } : { status: 204 },
      'GET /api/tasks?state=open&assignee=me&sort=due&limit=100': { body: { total: 0, items: [] } },
    });
    const { wrapper, router } = await mountApp('/tasks/t1');
    expect(wrapper.find('h1').text()).toContain('Review request');
    expect(wrapper.find('[data-testid=request-data]').text()).toContain('laptop');
    expect(wrapper.text()).toContain('quote.pdf');
    expect(wrapper.text()).toContain('Antrag gestellt');
    // The draft is back in the form; fields stay locked until the task is claimed.
    expect(control('Notiz').value).toBe('half done');
    expect(control('Notiz').readOnly).toBe(true);
    expect(wrapper.find('[data-testid=save-draft]').exists()).toBe(false);

    await wrapper.find('[data-testid=claim]').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid=task-assignee]').text()).toContain('Sie');
    expect(control('Notiz').readOnly).toBe(false);

    type('Notiz', 'Modell X bestellt');
    await settle();
    await wrapper.find('[data-testid=save-draft]').trigger('click');
    await settle();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ variables: { note: 'Modell X bestellt' } });

    control('Genehmigt?').click();
    await settle();
    await wrapper.find('[data-testid=task-form-t1] form').trigger('submit');
    await settle();
    expect(control('Notiz').getAttribute('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('must be shorter');

    await wrapper.find('[data-testid=task-form-t1] form').trigger('submit');
    await settle();
    expect(calls.filter((c) => c.path === '/api/tasks/t1/complete').at(-1)?.body).toEqual({ variables: { approved: true, note: 'Modell X bestellt' } });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('tasks'));
    wrapper.unmount();
  });

  it('hands the task to a colleague found by name', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      'GET /api/tasks/t1': { body: { ...task('t1', { formId: null }), variables: {} } },
      'GET /api/process-instances/r-t1': { body: request },
      'GET /api/users/search?q=bern': { body: { items: [{ name: 'Bernd Berg', email: 'bernd@lotse.demo' }] } },
      'POST /api/tasks/t1/assign': { status: 204 },
    });
    const { wrapper } = await mountApp('/tasks/t1');
    expect(wrapper.text()).toContain('Für diesen Schritt sind keine Angaben nötig.');
    await wrapper.find('[data-testid=assign]').trigger('click');
    await settle();
    const dialog = document.querySelector('dialog')!;
    const search = dialog.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'bern';
    search.dispatchEvent(new Event('input'));
    await vi.waitFor(() => expect(dialog.textContent).toContain('Bernd Berg'));
    dialog.querySelector<HTMLInputElement>('input[type=radio]')!.click();
    await settle();
    dialog.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(calls.find((c) => c.path === '/api/tasks/t1/assign')?.body).toEqual({ assignee: 'bernd@lotse.demo' });
    expect(document.body.textContent).toContain('Die Aufgabe liegt jetzt bei bernd@lotse.demo.');
    wrapper.unmount();
  });
});
