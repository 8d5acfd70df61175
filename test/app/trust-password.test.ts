import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminUser } from '../../app/api/types';
import { mockFetch, makeMe, mountApp, settle } from './support';

/** Issue #14, point 4: the admin's user dialog tells the password rule and shows the server's refusal in the UI's language. */
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const admin: AdminUser = { id: 'u-admin', email: 'admin@lotse.demo', name: 'Ada Admin', locale: 'de', roles: [{ role: 'admin' }], groupIds: [], createdAt: '2025-01-02T10:00:00Z' };

function routes() {
  return mockFetch({
    'GET /api/auth/me': { body: { user: makeMe(['portal', 'admin'], { roles: [{ role: 'admin' }] }) } },
    'GET /api/admin/users': { body: { items: [admin] } },
    'GET /api/admin/groups': { body: { items: [] } },
    'GET /api/departments': { body: { items: [] } },
    'POST /api/admin/users': {
      status: 422,
      body: {
        error: 'The password must be at least 12 characters long',
        code: 'validation',
        errors: [{ path: '/password', message: 'must be at least 12 characters long', code: 'password_too_short' }],
      },
    },
    'PATCH /api/admin/users/u-admin': {
      status: 422,
      body: { error: 'The password is a commonly used password', code: 'validation', errors: [{ path: '/password', message: 'is a commonly used password; choose another one', code: 'password_common' }] },
    },
  });
}

const passwordInput = () => document.querySelector<HTMLInputElement>('dialog input[name=password]')!;
const describedText = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');

async function submitWith(password: string) {
  const input = passwordInput();
  input.value = password;
  input.dispatchEvent(new Event('input'));
  await settle();
  document.querySelector<HTMLFormElement>('[data-testid=user-form]')!.dispatchEvent(new Event('submit'));
  await settle();
}

describe.each([
  { locale: 'de' as const, hint: 'Mindestens 12 Zeichen', tooShort: 'Das Passwort muss mindestens 12 Zeichen lang sein.', common: 'häufig verwendeten Passwörtern' },
  { locale: 'en' as const, hint: 'At least 12 characters', tooShort: 'The password must be at least 12 characters long.', common: 'commonly used passwords' },
])('password rule in the user dialog ($locale)', ({ locale, hint, tooShort, common }) => {
  it('shows the hint on a new user and the refusal at the password field', async () => {
    routes();
    const { wrapper } = await mountApp('/admin/users', { locale });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=new-user]').exists()).toBe(true));
    await wrapper.find('[data-testid=new-user]').trigger('click');
    await settle();
    expect(describedText(passwordInput())).toContain(hint);
    for (const [name, value] of [['name', 'Max Neu'], ['email', 'max@lotse.demo']]) {
      const el = document.querySelector<HTMLInputElement>(`dialog input[name=${name}]`)!;
      el.value = value;
      el.dispatchEvent(new Event('input'));
    }
    await submitWith('kurz');
    expect(passwordInput().getAttribute('aria-invalid')).toBe('true');
    expect(describedText(passwordInput())).toContain(tooShort);
    wrapper.unmount();
  });

  it('tells that a new password needs 12 characters when editing, and words a common-password refusal', async () => {
    routes();
    const { wrapper } = await mountApp('/admin/users', { locale });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=users-table]').exists()).toBe(true));
    await wrapper.find('[data-testid=users-table] tbody tr button').trigger('click');
    await settle();
    expect(describedText(passwordInput())).toMatch(/12/);
    await submitWith('password1234');
    expect(describedText(passwordInput())).toContain(common);
    wrapper.unmount();
  });
});
