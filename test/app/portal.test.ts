import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

// The diagram viewer is bpmn-js in a real browser; here a stand-in records what gets highlighted.
const viewerCalls = vi.hoisted(() => ({ imported: [] as string[], markers: [] as [string, string][] }));
vi.mock('bpmn-js/lib/NavigatedViewer', () => ({
  default: class {
    async importXML(xml: string) {
      viewerCalls.imported.push(xml);
    }
    get() {
      return { zoom: () => undefined, addMarker: (id: string, marker: string) => viewerCalls.markers.push([id, marker]) };
    }
    destroy() {}
  },
}));
vi.mock('bpmn-js/dist/assets/diagram-js.css', () => ({}));

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
  viewerCalls.imported.length = 0;
  viewerCalls.markers.length = 0;
});
afterEach(() => vi.unstubAllGlobals());

const employee = makeMe(['portal'], { id: 'u-emp', email: 'employee@lotse.demo', name: 'Erika Muster' });

const catalog = {
  items: [
    { definitionId: 'd1', processKey: 'it-equipment-request', version: 1, title: 'Request IT equipment', description: 'Laptop, monitor, headset', icon: 'laptop', departmentId: 'dep-it', departmentName: 'IT', formId: 'it-equipment-request' },
    { definitionId: 'd2', processKey: 'vpn-access', version: 3, title: 'VPN access', description: 'Work from home', icon: null, departmentId: 'dep-it', departmentName: 'IT', formId: null },
    { definitionId: 'd3', processKey: 'leave', version: 1, title: 'Leave request', description: 'Holidays and training', icon: null, departmentId: 'dep-hr', departmentName: 'HR', formId: null },
  ],
};

const equipmentForm = {
  id: 'f1',
  key: 'it-equipment-request',
  version: 1,
  title: { de: 'IT-Ausstattung', en: 'IT equipment' },
  definition: {
    schema: {
      type: 'object',
      properties: { item: { type: 'string', enum: ['laptop', 'monitor'] }, reason: { type: 'string', minLength: 5 }, urgent: { type: 'boolean' } },
      required: ['item', 'reason'],
    },
    ui: {
      fields: [
        { key: 'item', kind: 'select', label: { de: 'Gerät', en: 'Item' }, options: [{ value: 'laptop', label: { de: 'Laptop', en: 'Laptop' } }, { value: 'monitor', label: { de: 'Bildschirm', en: 'Monitor' } }] },
        { key: 'reason', kind: 'textarea', label: { de: 'Begründung', en: 'Reason' } },
        { key: 'urgent', kind: 'yesno', label: { de: 'Dringend?', en: 'Urgent?' } },
      ],
    },
  },
};

/** The control a visible label names (the renderer wires label[for] to the control's id). */
function control(label: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const el = [...document.querySelectorAll('label, legend')].find((l) => l.textContent?.trim().replace(/\s*\*$/, '') === label);
  if (!el) throw new Error(`no label ${label}`);
  const target = el.tagName === 'LEGEND' ? el.parentElement!.querySelector('input') : document.getElementById((el as HTMLLabelElement).htmlFor);
  return target as HTMLInputElement;
}

function setField(label: string, value: string): void {
  const el = control(label);
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
}

describe('portal: catalog and request start', () => {
  it('lists services grouped by department and narrows them by search', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: employee } }, 'GET /api/catalog': { body: catalog } });
    const { wrapper } = await mountApp('/portal');

    const headings = wrapper.findAll('.catalog-group h3').map((h) => h.text());
    expect(headings).toEqual(['HR', 'IT']);
    expect(wrapper.findAll('.card-link').map((a) => a.text())).toEqual(['Leave request', 'Request IT equipment', 'VPN access']);

    await wrapper.find('input[type=search]').setValue('laptop');
    expect(wrapper.findAll('.card-link').map((a) => a.text())).toEqual(['Request IT equipment']);
    expect(wrapper.text()).toContain('1 Service gefunden');
    await wrapper.find('input[type=search]').setValue('drucker');
    expect(wrapper.text()).toContain('Kein Service passt zu Ihrer Suche.');
    wrapper.unmount();
  });

  it('submits the start form with an idempotency key and shows the reference', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/catalog': { body: catalog },
      'GET /api/forms/it-equipment-request': { body: equipmentForm },
      'POST /api/process-instances': { status: 201, body: { id: 'req-1', state: 'active', reference: 'IT-2026-000123' } },
    });
    const { wrapper, router } = await mountApp('/portal');
    (wrapper.find('[data-testid=service-it-equipment-request]').element as HTMLAnchorElement).click();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/portal/new/it-equipment-request'), { timeout: 5000 });
    await vi.waitFor(() => expect(wrapper.find('h2').text()).toBe('Request IT equipment'));

    // Required fields are checked before anything is sent.
    await wrapper.find('[data-testid=start-form] form').trigger('submit');
    await settle();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(control('Gerät').getAttribute('aria-invalid')).toBe('true');

    setField('Gerät', 'laptop');
    setField('Begründung', 'Mein Laptop ist kaputt');
    (control('Dringend?') as HTMLInputElement).click();
    await settle();
    await wrapper.find('[data-testid=start-form] form').trigger('submit');
    await settle();

    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/process-instances')!;
    expect(post.body).toEqual({ processKey: 'it-equipment-request', variables: { item: 'laptop', reason: 'Mein Laptop ist kaputt', urgent: true } });
    expect(post.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.headers['X-Lotse-CSRF']).toBe('1');
    expect(wrapper.find('[data-testid=request-started]').text()).toContain('Ihr Antrag ist eingegangen');
    expect(wrapper.find('[data-testid=request-reference]').text()).toBe('IT-2026-000123');
    expect(document.activeElement?.id).toBe('started-title');
    wrapper.unmount();
  });

  it('shows server validation errors at their fields and uses a new key for the next attempt', async () => {
    let attempt = 0;
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/catalog': { body: catalog },
      'GET /api/forms/it-equipment-request': { body: equipmentForm },
      'POST /api/process-instances': () =>
        ++attempt === 1
          ? { status: 422, body: { error: 'Validation failed', code: 'validation', errors: [{ path: '/reason', message: 'names a model we do not buy' }] } }
          : { status: 201, body: { id: 'req-2', state: 'active', reference: 'IT-2026-000124' } },
    });
    const { wrapper } = await mountApp('/portal/new/it-equipment-request');
    setField('Gerät', 'monitor');
    setField('Begründung', 'Monitor Modell Z');
    await settle();
    await wrapper.find('[data-testid=start-form] form').trigger('submit');
    await settle();

    expect(control('Begründung').getAttribute('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid=error-summary]').text()).toContain('names a model we do not buy');

    setField('Begründung', 'Zweiter Bildschirm für Homeoffice');
    await settle();
    await wrapper.find('[data-testid=start-form] form').trigger('submit');
    await settle();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0].headers['Idempotency-Key']).not.toBe(posts[1].headers['Idempotency-Key']);
    expect(wrapper.find('[data-testid=request-reference]').text()).toBe('IT-2026-000124');
    wrapper.unmount();
  });

  it('reuses the idempotency key when the network failed, so a retry cannot start two requests', async () => {
    let attempt = 0;
    const { calls, fetchMock } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/catalog': { body: catalog },
      'POST /api/process-instances': { status: 201, body: { id: 'req-3', state: 'active', reference: 'IT-2026-000125' } },
    });
    const real = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (input, init) => {
      if (init?.method === 'POST' && ++attempt === 1) {
        calls.push({ method: 'POST', path: String(input), headers: { ...(init.headers as Record<string, string>) }, body: undefined, credentials: undefined });
        throw new TypeError('Failed to fetch');
      }
      return real(input, init);
    });
    const { wrapper } = await mountApp('/portal/new/vpn-access');
    expect(wrapper.text()).toContain('Für diesen Service sind keine weiteren Angaben nötig.');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(wrapper.text()).toContain('Der Server ist nicht erreichbar.');
    await wrapper.find('form').trigger('submit');
    await settle();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0].headers['Idempotency-Key']).toBe(posts[1].headers['Idempotency-Key']);
    expect(wrapper.find('[data-testid=request-reference]').text()).toBe('IT-2026-000125');
    wrapper.unmount();
  });
});

const summaries = {
  total: 2,
  items: [
    { id: 'r1', processKey: 'it-equipment-request', processName: 'IT equipment request', version: 1, reference: 'IT-2026-000001', status: 'active', startedAt: '2026-03-01T09:00:00Z', endedAt: null, openTasks: [{ elementId: 'Review', name: 'Review request', dueAt: null, assignee: null }] },
    { id: 'r2', processKey: 'onboarding', processName: 'Onboarding', version: 1, reference: 'HR-2026-000002', status: 'active', startedAt: '2026-03-02T09:00:00Z', endedAt: null, openTasks: [{ elementId: 'Upload', name: 'Send the certificate', dueAt: null, assignee: 'employee@lotse.demo' }] },
  ],
};

describe('portal: my requests', () => {
  it('shows the current step in plain words and filters what waits for me', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/process-instances?mine=1&status=active&limit=50': { body: summaries },
      'GET /api/process-instances?mine=1&status=completed&limit=50': { body: { total: 0, items: [] } },
    });
    const { wrapper, router } = await mountApp('/portal/requests');
    const rows = () => wrapper.findAll('[data-testid=requests-table] tbody tr').map((r) => r.text());
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toContain('In Bearbeitung: Review request');
    expect(rows()[1]).toContain('Wartet auf Sie: Send the certificate');

    await wrapper.find('[data-filter=waiting]').trigger('click');
    await settle();
    expect(router.currentRoute.value.query.status).toBe('waiting');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('HR-2026-000002');

    await wrapper.find('[data-filter=done]').trigger('click');
    await settle();
    expect(calls.some((c) => c.path.includes('status=completed'))).toBe(true);
    expect(wrapper.text()).toContain('Hier sind keine Anträge.');
    wrapper.unmount();
  });
});

function detail(overrides: Record<string, unknown> = {}) {
  return {
    id: 'r1',
    processKey: 'it-equipment-request',
    processName: 'IT equipment request',
    version: 1,
    definitionId: 'd1',
    reference: 'IT-2026-000001',
    status: 'active',
    variables: { item: 'laptop', reason: 'broken' },
    activeElementIds: ['Review'],
    startedBy: { id: 'u-emp', name: 'Erika Muster', email: 'employee@lotse.demo' },
    startedAt: '2026-03-01T09:00:00Z',
    endedAt: null,
    tasks: [{ id: 't1', elementId: 'Review', name: 'Review request', status: 'open', assignee: null, candidateGroups: ['it'], dueAt: '2026-03-02T09:00:00Z', createdAt: '2026-03-01T09:00:00Z', completedAt: null }],
    incidents: [],
    history: [
      { id: 1, kind: 'process_started', elementId: null, elementType: null, time: '2026-03-01T09:00:00Z', actor: 'employee@lotse.demo', data: null },
      { id: 2, kind: 'element_started', elementId: 'Review', elementType: 'userTask', time: '2026-03-01T09:00:00Z', actor: null, data: null },
      { id: 3, kind: 'task_created', elementId: 'Review', elementType: 'userTask', time: '2026-03-01T09:00:01Z', actor: null, data: { taskId: 't1' } },
    ],
    comments: [{ id: 'c1', author: { id: 'u-agent', name: 'Agnes Agent' }, text: 'We are on it <b>now</b>', createdAt: '2026-03-01T10:00:00Z' }],
    attachments: [{ id: 'f1', name: 'quote.pdf', size: 2048, contentType: 'application/pdf', createdAt: '2026-03-01T09:00:00Z' }],
    rating: null,
    sla: { dueAt: '2026-03-04T09:00:00Z', state: 'at_risk' },
    canCancel: true,
    ...overrides,
  };
}

describe('portal: one request', () => {
  it('shows step, SLA, timeline, comments as text, attachments and the highlighted diagram', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/process-instances/r1': { body: detail() },
      'GET /api/process-instances/r1/diagram': { body: { xml: '<definitions/>' } },
      'GET /api/directory/people?email=employee%40lotse.demo': { body: { items: [{ name: 'Erika Muster', email: 'employee@lotse.demo', department: null }] } },
      'POST /api/process-instances/r1/comments': (call) => ({ status: 201, body: { id: 'c2', author: { id: 'u-emp', name: 'Erika Muster' }, text: (call.body as { text: string }).text, createdAt: '2026-03-01T11:00:00Z' } }),
    });
    const { wrapper } = await mountApp('/portal/requests/r1');
    await vi.waitFor(() => expect(viewerCalls.markers).toEqual([['Review', 'lotse-active']]));

    expect(wrapper.find('[data-testid=request-status]').text()).toBe('Offen');
    expect(wrapper.find('[data-testid=current-step]').text()).toContain('In Bearbeitung: Review request');
    expect(wrapper.find('[data-due-state=at_risk]').text()).toContain('Gefährdet');
    const timeline = wrapper.findAll('[data-testid=timeline] li').map((li) => li.text());
    expect(timeline).toHaveLength(2);
    expect(timeline[0]).toContain('Antrag gestellt');
    // The actor is stored as an address and shown by name.
    await vi.waitFor(() => expect(wrapper.find('[data-testid=timeline] li').text()).toContain('von Erika Muster'));
    expect(timeline[1]).toContain('Schritt begonnen: Review request');
    // Comment text is text: markup from users is shown, never interpreted.
    expect(wrapper.find('[data-testid=comments]').text()).toContain('We are on it <b>now</b>');
    expect(wrapper.find('[data-testid=comments] b').exists()).toBe(false);
    expect(wrapper.find('[data-testid=attachments] a').attributes('href')).toBe('/api/files/f1');
    expect(wrapper.find('[data-testid=attachments]').text()).toContain('2 KB');
    expect(viewerCalls.imported).toEqual(['<definitions/>']);

    await wrapper.find('textarea[name=comment]').setValue('Danke!');
    await wrapper.find('.comment-form').trigger('submit');
    await settle();
    expect(calls.find((c) => c.path === '/api/process-instances/r1/comments')?.body).toEqual({ text: 'Danke!' });
    expect(wrapper.findAll('[data-testid=comments] li')).toHaveLength(2);
    wrapper.unmount();
  });

  it('cancels after confirmation', async () => {
    let cancelled = false;
    mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/process-instances/r1': () => ({ body: detail(cancelled ? { status: 'terminated', canCancel: false, activeElementIds: [] } : {}) }),
      'POST /api/process-instances/r1/cancel': () => {
        cancelled = true;
        return { body: { id: 'r1', status: 'terminated' } };
      },
    });
    const { wrapper } = await mountApp('/portal/requests/r1');
    await wrapper.find('[data-testid=cancel-request]').trigger('click');
    await settle();
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('dialog .button-danger')].find((b) => b.textContent === 'Antrag stornieren')!;
    confirm.click();
    await settle();
    expect(cancelled).toBe(true);
    expect(wrapper.find('[data-testid=request-status]').text()).toBe('Storniert');
    expect(wrapper.find('[data-testid=cancel-request]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('lets the requester complete a task waiting for them right there', async () => {
    let done = false;
    const myTask = { id: 't9', elementId: 'Upload', name: 'Send the certificate', status: 'open', assignee: 'employee@lotse.demo', candidateGroups: [], dueAt: null, createdAt: '2026-03-01T09:00:00Z', completedAt: null };
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/process-instances/r1': () => ({ body: detail({ tasks: done ? [{ ...myTask, status: 'completed' }] : [myTask] }) }),
      'GET /api/tasks/t9': { body: { ...myTask, instanceId: 'r1', formId: 'certificate', priority: 50, claimedAt: null, processKey: 'onboarding', processName: 'Onboarding', reference: 'IT-2026-000001', departmentId: null, variables: {} } },
      'GET /api/forms/certificate': { body: { definition: { schema: { type: 'object', properties: { note: { type: 'string' } }, required: ['note'] }, ui: { fields: [{ key: 'note', kind: 'text', label: { de: 'Notiz', en: 'Note' } }] } } } },
      'POST /api/tasks/t9/complete': () => {
        done = true;
        return { status: 204 };
      },
    });
    const { wrapper } = await mountApp('/portal/requests/r1');
    expect(wrapper.find('[data-testid=current-step]').text()).toContain('Wartet auf Sie: Send the certificate');
    setField('Notiz', 'Zertifikat per Post');
    await settle();
    await wrapper.find('[data-testid=task-form-t9] form').trigger('submit');
    await settle();
    expect(calls.find((c) => c.path === '/api/tasks/t9/complete')?.body).toEqual({ variables: { note: 'Zertifikat per Post' } });
    expect(wrapper.find('[data-testid=task-form-t9]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('asks the requester for a 1–5 rating once the request is done', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/process-instances/r1': { body: detail({ status: 'completed', endedAt: '2026-03-03T09:00:00Z', activeElementIds: [], tasks: [], canCancel: false }) },
      'POST /api/process-instances/r1/rating': { status: 201, body: {} },
    });
    const { wrapper } = await mountApp('/portal/requests/r1');
    expect(wrapper.find('[data-testid=current-step]').text()).toContain('Erledigt');
    await wrapper.find('[data-testid=rating-form]').trigger('submit');
    await settle();
    expect(wrapper.text()).toContain('Bitte wählen Sie 1 bis 5.');
    await wrapper.findAll('[data-testid=rating-form] input[type=radio]')[3].setValue(true);
    await wrapper.find('[data-testid=rating-form] textarea').setValue('Schnell und freundlich');
    await wrapper.find('[data-testid=rating-form]').trigger('submit');
    await settle();
    expect(calls.find((c) => c.path === '/api/process-instances/r1/rating')?.body).toEqual({ score: 4, comment: 'Schnell und freundlich' });
    expect(wrapper.find('[data-testid=rating]').text()).toContain('Sie haben mit 4 von 5 bewertet.');
    wrapper.unmount();
  });

  it('says so when the request does not exist or belongs to someone else', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: employee } } });
    const { wrapper } = await mountApp('/portal/requests/nope');
    expect(wrapper.find('[role=alert]').text()).toBe('Diesen Antrag gibt es nicht oder Sie dürfen ihn nicht sehen.');
    wrapper.unmount();
  });
});
