import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminUser } from '../../app/api/types';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const departments = [
  { id: 'd-hr', key: 'hr', name: 'Personal' },
  { id: 'd-it', key: 'it', name: 'IT' },
];
const groups = [{ id: 'g-1', key: 'it-support', name: 'IT-Support', departmentId: 'd-it', memberIds: ['u-admin'] }];
const admin: AdminUser = {
  id: 'u-admin',
  email: 'admin@lotse.demo',
  name: 'Ada Admin',
  locale: 'de',
  roles: [{ role: 'admin' }, { role: 'owner', departmentId: 'd-it' }],
  groupIds: ['g-1'],
  createdAt: '2025-01-02T10:00:00Z',
};

function adminRoutes(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/auth/me': { body: { user: makeMe(['portal', 'admin'], { roles: [{ role: 'admin' }] }) } },
    'GET /api/admin/users': { body: { items: [admin] } },
    'GET /api/admin/groups': { body: { items: groups } },
    'GET /api/departments': { body: { items: departments } },
    ...extra,
  });
}

function byLabel(label: string): HTMLInputElement {
  const found = [...document.querySelectorAll('dialog label')].find((l) => l.textContent?.replace('*', '').trim() === label);
  if (!found) throw new Error(`no label ${label}`);
  const control = found.getAttribute('for') ? document.getElementById(found.getAttribute('for') as string) : found.querySelector('input');
  return control as HTMLInputElement;
}

async function type(label: string, value: string) {
  const input = byLabel(label);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await settle();
}

async function check(label: string) {
  const input = byLabel(label);
  input.click();
  await settle();
}

describe('admin: users', () => {
  it('lists users with their roles, owner departments and groups', async () => {
    adminRoutes();
    const { wrapper } = await mountApp('/admin/users');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=users-table]').exists()).toBe(true));
    const row = wrapper.find('[data-testid=users-table] tbody tr');
    expect(row.text()).toContain('Ada Admin');
    expect(row.text()).toContain('Prozessverantwortung (IT)');
    expect(row.text()).toContain('IT-Support');
    wrapper.unmount();
  });

  it('shows the server validation errors at the fields, then creates the user', async () => {
    let attempt = 0;
    const { calls } = adminRoutes({
      'POST /api/admin/users': (call) => {
        attempt++;
        if (attempt === 1) {
          return { status: 422, body: { error: 'Invalid body', code: 'validation', errors: [{ path: '/email', message: 'E-Mail-Adresse bereits vergeben' }] } };
        }
        const body = call.body as AdminUser;
        return { status: 201, body: { ...body, id: 'u-new', createdAt: '2025-03-01T00:00:00Z' } };
      },
    });
    const { wrapper } = await mountApp('/admin/users');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=new-user]').exists()).toBe(true));
    await wrapper.find('[data-testid=new-user]').trigger('click');
    await settle();

    await type('Name', 'Max Neu');
    await type('E-Mail', 'admin@lotse.demo');
    await type('Passwort', 'geheim123');
    await check('Analyse (Kennzahlen)');
    await check('Personal');
    await check('IT-Support');
    document.querySelector<HTMLFormElement>('[data-testid=user-form]')!.dispatchEvent(new Event('submit'));
    await settle();

    const emailInput = byLabel('E-Mail');
    expect(emailInput.getAttribute('aria-invalid')).toBe('true');
    const describedBy = emailInput.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('E-Mail-Adresse bereits vergeben');

    await type('E-Mail', 'max@lotse.demo');
    document.querySelector<HTMLFormElement>('[data-testid=user-form]')!.dispatchEvent(new Event('submit'));
    await settle();

    const posts = calls.filter((c) => c.method === 'POST' && c.path === '/api/admin/users');
    expect(posts[1].body).toEqual({
      name: 'Max Neu',
      email: 'max@lotse.demo',
      password: 'geheim123',
      locale: null,
      roles: [{ role: 'employee' }, { role: 'analyst' }, { role: 'owner', departmentId: 'd-hr' }],
      groupIds: ['g-1'],
    });
    expect(posts[1].headers['X-Lotse-CSRF']).toBe('1');
    expect(wrapper.find('[data-testid=users-table]').text()).toContain('Max Neu');
    expect(document.querySelector('[data-testid=user-form]')).toBeNull();
    expect(document.querySelector('.toasts')?.textContent).toContain('„Max Neu“ wurde gespeichert.');
    wrapper.unmount();
  });

  it('sends no password when editing without a new one', async () => {
    const { calls } = adminRoutes({
      'PATCH /api/admin/users/u-admin': (call) => ({ body: { ...admin, ...(call.body as object) } }),
    });
    const { wrapper } = await mountApp('/admin/users');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=users-table]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Bearbeiten: Ada Admin"]').trigger('click');
    await settle();
    await type('Name', 'Ada Lovelace');
    document.querySelector<HTMLFormElement>('[data-testid=user-form]')!.dispatchEvent(new Event('submit'));
    await settle();

    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({
      name: 'Ada Lovelace',
      email: 'admin@lotse.demo',
      locale: 'de',
      roles: [{ role: 'admin' }, { role: 'owner', departmentId: 'd-it' }],
      groupIds: ['g-1'],
    });
    expect(wrapper.find('[data-testid=users-table]').text()).toContain('Ada Lovelace');
    wrapper.unmount();
  });

  it('deletes a user after confirmation', async () => {
    const { calls } = adminRoutes({ 'DELETE /api/admin/users/u-admin': { status: 204 } });
    const { wrapper } = await mountApp('/admin/users');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=users-table]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Löschen: Ada Admin"]').trigger('click');
    await settle();
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('dialog .button-danger')].find((b) => b.textContent === 'Löschen');
    confirm!.click();
    await settle();

    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/admin/users/u-admin')).toBe(true);
    expect(wrapper.text()).toContain('Noch keine Einträge.');
    wrapper.unmount();
  });
});

describe('session expiry', () => {
  it('sends the user to the login page when a data request answers 401', async () => {
    adminRoutes({ 'GET /api/admin/users': { status: 401, body: { error: 'Not signed in', code: 'unauthorized' } } });
    const { wrapper, router } = await mountApp('/admin/users');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    await settle();
    expect(router.currentRoute.value.query.redirect).toBe('/admin/users');
    expect(wrapper.text()).toContain('Ihre Sitzung ist abgelaufen.');
    wrapper.unmount();
  });
});
