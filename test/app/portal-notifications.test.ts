import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const employee = makeMe(['portal'], { id: 'u-emp', email: 'employee@lotse.demo', name: 'Erika Muster' });

const feed = {
  unread: 2,
  items: [
    { id: 'n1', kind: 'request_completed', title: 'Ihr Antrag IT-2026-000001 ist erledigt', body: 'Bitte bewerten Sie ihn.', instanceId: 'r1', createdAt: '2026-03-03T09:00:00Z', readAt: null },
    { id: 'n2', kind: 'comment_added', title: 'Neuer Kommentar', body: null, instanceId: 'r1', createdAt: '2026-03-02T09:00:00Z', readAt: null },
    { id: 'n3', kind: 'request_received', title: 'Antrag eingegangen', body: null, instanceId: null, createdAt: '2026-03-01T09:00:00Z', readAt: '2026-03-01T10:00:00Z' },
  ],
};

/** A stand-in for the browser's EventSource that tests can push events into. */
class FakeEventSource {
  static CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  url: string;
  private handlers = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }
  addEventListener(type: string, handler: (e: MessageEvent) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  emit(type: string, data: unknown) {
    for (const h of this.handlers.get(type) ?? []) h(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  close() {
    this.readyState = 2;
  }
}

describe('notification bell', () => {
  it('shows the unread count, opens the list and marks an entry read when followed', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/catalog': { body: { items: [] } },
      'GET /api/notifications': { body: feed },
      'POST /api/notifications/read': { status: 204 },
    });
    const { wrapper, router } = await mountApp('/portal');
    const bell = wrapper.find('[data-testid=bell]');
    expect(wrapper.find('[data-testid=bell-count]').text()).toBe('2');
    expect(bell.attributes('aria-label')).toBe('Benachrichtigungen, 2 ungelesen');
    expect(bell.attributes('aria-expanded')).toBe('false');
    // The icon is an inline SVG hidden from assistive technology, not an emoji that needs an emoji font.
    expect(bell.find('svg').attributes('aria-hidden')).toBe('true');
    expect(bell.text()).toBe('2');

    await bell.trigger('click');
    await settle();
    expect(bell.attributes('aria-expanded')).toBe('true');
    const entries = wrapper.findAll('.bell-item');
    expect(entries).toHaveLength(3);
    expect(entries[0].text()).toContain('Ihr Antrag IT-2026-000001 ist erledigt');

    await entries[0].trigger('click');
    await settle();
    expect(calls.find((c) => c.path === '/api/notifications/read')?.body).toEqual({ ids: ['n1'] });
    expect(wrapper.find('[data-testid=bell-count]').text()).toBe('1');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/portal/requests/r1'), { timeout: 5000 });
    wrapper.unmount();
  });

  it('marks all read and closes with Escape, returning focus to the bell', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/catalog': { body: { items: [] } },
      'GET /api/notifications': { body: feed },
      'POST /api/notifications/read': { status: 204 },
    });
    const { wrapper } = await mountApp('/portal');
    await wrapper.find('[data-testid=bell]').trigger('click');
    await settle();
    await wrapper.find('.bell-head button').trigger('click');
    await settle();
    expect(calls.find((c) => c.path === '/api/notifications/read')?.body).toEqual({});
    expect(wrapper.find('[data-testid=bell-count]').exists()).toBe(false);
    await wrapper.find('.bell').trigger('keydown', { key: 'Escape' });
    await settle();
    expect(wrapper.find('[data-testid=bell]').attributes('aria-expanded')).toBe('false');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('bell');
    wrapper.unmount();
  });
});

describe('notification links', () => {
  const assigned = [
    { id: 'n1', kind: 'task_assigned', title: 'Neue Aufgabe: Gerät bestellen', body: null, instanceId: 'r1', taskId: 't1', createdAt: '2026-03-03T09:00:00Z', readAt: null },
    // The server leaves the task out once the reader may no longer see it (reassigned to another group).
    { id: 'n2', kind: 'task_assigned', title: 'Neue Aufgabe: Freigabe', body: null, instanceId: 'r2', taskId: null, createdAt: '2026-03-02T09:00:00Z', readAt: null },
  ];
  const routes = (user: ReturnType<typeof makeMe>) => ({
    'GET /api/auth/me': { body: { user } },
    'GET /api/catalog': { body: { items: [] } },
    'GET /api/notifications': { body: { unread: 2, items: assigned } },
    'POST /api/notifications/read': { status: 204 },
  });
  async function follow(wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper'], index: number) {
    await wrapper.find('[data-testid=bell]').trigger('click');
    await settle();
    await wrapper.findAll('.bell-item')[index].trigger('click');
    await settle();
  }

  it('open the task for an agent, and the request when the task is no longer theirs', async () => {
    const agent = makeMe(['portal', 'tasks'], { id: 'u-agent', email: 'agent.it@lotse.demo', name: 'Theo Technik' });
    const { calls } = mockFetch(routes(agent));
    const { wrapper, router } = await mountApp('/portal');
    await follow(wrapper, 0);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/tasks/t1'), { timeout: 5000 });
    expect(calls.find((c) => c.path === '/api/notifications/read')?.body).toEqual({ ids: ['n1'] });
    await follow(wrapper, 1);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/portal/requests/r2'), { timeout: 5000 });
    wrapper.unmount();
  });

  it('open the request for a user without a task list, even when a task is named', async () => {
    mockFetch(routes(employee));
    const { wrapper, router } = await mountApp('/portal');
    await follow(wrapper, 0);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/portal/requests/r1'), { timeout: 5000 });
    wrapper.unmount();
  });
});

describe('notification settings', () => {
  it('saves per-kind switches and a substitute period', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/notifications': { body: { unread: 0, items: [] } },
      'GET /api/me/settings': { body: { notifications: { comment_added: { inApp: true, email: false } }, substitute: null } },
      'PUT /api/me/settings': (call) => ({ body: call.body }),
    });
    const { wrapper } = await mountApp('/settings/notifications');
    expect(wrapper.find('h1').text()).toBe('Benachrichtigungen und Vertretung');
    expect((wrapper.find('input[name=comment_added-email]').element as HTMLInputElement).checked).toBe(false);
    await wrapper.find('input[name=request_completed-email]').setValue(false);

    // An incomplete substitute is caught before saving.
    await wrapper.find('input[name=substituteEmail]').setValue('bernd@lotse.demo');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(wrapper.text()).toContain('Bitte E-Mail, Beginn und Ende der Vertretung angeben.');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await wrapper.find('input[name=substituteFrom]').setValue('2026-04-01');
    await wrapper.find('input[name=substituteUntil]').setValue('2026-04-14');
    await wrapper.find('form').trigger('submit');
    await settle();
    const body = calls.find((c) => c.method === 'PUT')?.body as { notifications: Record<string, { inApp: boolean; email: boolean }>; substitute: unknown };
    expect(body.notifications.request_completed).toEqual({ inApp: true, email: false });
    expect(body.notifications.comment_added).toEqual({ inApp: true, email: false });
    expect(body.notifications.task_assigned).toEqual({ inApp: true, email: true });
    expect(Object.keys(body.notifications)).toHaveLength(8);
    expect(body.substitute).toEqual({ email: 'bernd@lotse.demo', from: '2026-04-01', until: '2026-04-14' });
    expect(document.body.textContent).toContain('Einstellungen gespeichert.');
    wrapper.unmount();
  });
});

describe('live updates', () => {
  it('reloads "my requests" when the server reports a change over SSE', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    let status = 'active';
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/notifications': { body: { unread: 0, items: [] } },
      'GET /api/process-instances?mine=1&limit=50': () => ({
        body: { total: 1, items: [{ id: 'r1', processKey: 'p', processName: 'IT equipment request', version: 1, reference: 'IT-2026-000001', status, startedAt: '2026-03-01T09:00:00Z', endedAt: null, openTasks: [] }] },
      }),
    });
    const { wrapper } = await mountApp('/portal/requests?status=all');
    expect(FakeEventSource.last?.url).toBe('/api/events');
    expect(wrapper.find('.badge').text()).toBe('Offen');
    status = 'completed';
    FakeEventSource.last!.emit('changed', { instanceIds: ['r1'] });
    await settle();
    expect(wrapper.find('.badge').text()).toBe('Erledigt');
    expect(calls.filter((c) => c.path.startsWith('/api/process-instances')).length).toBe(2);
    wrapper.unmount();
    // The last listener gone, the stream is closed.
    expect(FakeEventSource.last!.readyState).toBe(2);
  });

  it('falls back to polling every 15 s without EventSource', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/notifications': { body: { unread: 0, items: [] } },
      'GET /api/process-instances?mine=1&status=active&limit=50': { body: { total: 0, items: [] } },
    });
    const { wrapper } = await mountApp('/portal/requests');
    const lists = () => calls.filter((c) => c.path.startsWith('/api/process-instances')).length;
    expect(lists()).toBe(1);
    await vi.advanceTimersByTimeAsync(15_000);
    await settle();
    expect(lists()).toBe(2);
    wrapper.unmount();
  });
});
