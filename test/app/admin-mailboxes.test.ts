import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const stored = {
  id: 'm1', departmentId: 'd-fac', name: 'Facility', address: 'facility@example.com', processKey: 'facility-repair-request', defaults: { building: 'HQ' },
  summaryField: 'summary', descriptionField: 'description', unknownSenders: 'refuse', imapHost: 'imap.example.com', imapPort: 993, imapUser: 'facility',
  imapFolder: 'INBOX', hasPassword: true, enabled: true, lastPollAt: null, lastError: null, createdAt: '2026-03-01T08:00:00Z', counts: { requests: 3, comments: 1, held: 0, ignored: 2 },
};

function routes(extra: Record<string, unknown> = {}) {
  return mockFetch({
    'GET /api/auth/me': { body: { user: makeMe(['admin']) } },
    'GET /api/departments': { body: { items: [{ id: 'd-fac', key: 'facility', name: 'Facility' }, { id: 'd-it', key: 'it', name: 'IT' }] } },
    'GET /api/admin/mailboxes': { body: { items: [stored] } },
    'GET /api/definitions': { body: { items: [{ key: 'facility-repair-request' }, { key: 'it-incident' }] } },
    ...(extra as object),
  });
}

describe('admin: mailboxes', () => {
  it('edits a mailbox without sending the password unless a new one is typed, and tests the connection', async () => {
    const { calls } = routes({
      'PATCH /api/admin/mailboxes/m1': (call: { body: unknown }) => ({ body: { ...stored, ...(call.body as object) } }),
      'POST /api/admin/mailboxes/m1/test': { body: { ok: true, messages: 5, unseen: 2, idle: true } },
    });
    const { wrapper } = await mountApp('/admin/mailboxes', { locale: 'en' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=mailboxes-table]').exists()).toBe(true));
    const table = wrapper.find('[data-testid=mailboxes-table]').text();
    expect(table).toContain('facility@example.com');
    expect(table).toContain('3 requests, 1 replies, 0 kept');

    await wrapper.find('button[aria-label="Edit: Facility"]').trigger('click');
    await settle();
    const form = document.querySelector<HTMLFormElement>('[data-testid=mailbox-form]')!;
    expect(form.querySelector<HTMLInputElement>('input[name=imapPassword]')!.value).toBe('');
    expect(form.textContent).toContain('A password is stored (encrypted). Leave empty to keep it.');
    const defaults = form.querySelector<HTMLTextAreaElement>('textarea[name=defaults]')!;
    expect(defaults.value).toBe('building = HQ');
    defaults.value = 'building = B\nurgency = normal';
    defaults.dispatchEvent(new Event('input'));
    form.dispatchEvent(new Event('submit'));
    await settle();
    const patch = calls.find((c) => c.method === 'PATCH')!.body as Record<string, unknown>;
    expect(patch.defaults).toEqual({ building: 'B', urgency: 'normal' });
    expect('imapPassword' in patch).toBe(false);

    await wrapper.find('button[aria-label="Test connection: Facility"]').trigger('click');
    await settle();
    expect(document.body.textContent).toContain('Facility: connected, 2 unread; IDLE offered.');
    wrapper.unmount();
  });

  it('creates a mailbox in German, with the password sent once and a bad default line named at its field', async () => {
    const { calls } = routes({ 'POST /api/admin/mailboxes': (call: { body: unknown }) => ({ status: 201, body: { ...stored, id: 'm2', ...(call.body as object), hasPassword: true } }) });
    const { wrapper } = await mountApp('/admin/mailboxes', { locale: 'de' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=new-mailbox]').exists()).toBe(true));
    await wrapper.find('[data-testid=new-mailbox]').trigger('click');
    await settle();
    const form = document.querySelector<HTMLFormElement>('[data-testid=mailbox-form]')!;
    const set = (selector: string, value: string) => {
      const el = form.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector)!;
      el.value = value;
      el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
    };
    set('input[name=name]', 'IT-Support');
    set('input[name=address]', 'it-support@example.com');
    set('select[name=departmentId]', 'd-it');
    set('select[name=processKey]', 'it-incident');
    set('textarea[name=defaults]', 'kein Gleichheitszeichen');
    form.dispatchEvent(new Event('submit'));
    await settle();
    expect(form.textContent).toContain('Bitte je Zeile „Feld = Wert“ schreiben.');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    set('textarea[name=defaults]', 'impact = low');
    set('input[name=imapPassword]', 'geheim');
    form.dispatchEvent(new Event('submit'));
    await settle();
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ name: 'IT-Support', address: 'it-support@example.com', departmentId: 'd-it', processKey: 'it-incident', defaults: { impact: 'low' }, imapPassword: 'geheim', unknownSenders: 'refuse' });
    wrapper.unmount();
  });
});
