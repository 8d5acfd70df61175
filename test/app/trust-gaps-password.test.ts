import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeMe, mockFetch, mountApp, settle, type RecordedCall } from './support';

/** Issue #14, remaining gaps: a signed-in user changes their own password on the settings page (de/en). */
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const refusal = (path: string, code: string, message: string) => ({ status: 422, body: { error: message, code: 'validation', errors: [{ path, message, code }] } });

/** The settings page with a password route whose answer the test picks per call. */
function routes(answer: (call: RecordedCall) => { status?: number; body?: unknown }) {
  return mockFetch({
    'GET /api/auth/me': { body: { user: makeMe(['portal']) } },
    'GET /api/notifications?lang=de': { body: { unread: 0, items: [] } },
    'GET /api/me/settings': { body: { notifications: {}, substitute: null } },
    'PUT /api/me/password': answer,
  });
}

const input = (name: string) => document.querySelector<HTMLInputElement>(`[data-testid=password-form] input[name=${name}]`)!;
const describedText = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');

async function fill(current: string, next: string, repeat = next) {
  for (const [name, value] of [['currentPassword', current], ['newPassword', next], ['repeatPassword', repeat]]) {
    const el = input(name);
    el.value = value;
    el.dispatchEvent(new Event('input'));
  }
  await settle();
  document.querySelector<HTMLFormElement>('[data-testid=password-form]')!.dispatchEvent(new Event('submit'));
  await settle();
}

describe.each([
  {
    locale: 'de' as const, title: 'Passwort ändern', hint: 'Mindestens 12 Zeichen', mismatch: 'stimmen nicht überein', wrong: 'Das ist nicht Ihr aktuelles Passwort.',
    common: 'häufig verwendeten Passwörtern', tooMany: 'Zu viele falsche Passwörter', changed: 'Passwort geändert.',
  },
  {
    locale: 'en' as const, title: 'Change password', hint: 'At least 12 characters', mismatch: 'The two new passwords differ.', wrong: 'This is not your current password.',
    common: 'commonly used passwords', tooMany: 'Too many wrong passwords', changed: 'Password changed.',
  },
])('change password on the settings page ($locale)', ({ locale, title, hint, mismatch, wrong, common, tooMany, changed }) => {
  it('is reached from the user name in the header, labelled, and tells the 12-character rule', async () => {
    routes(() => ({ status: 204 }));
    const { wrapper, router } = await mountApp('/portal', { locale });
    await wrapper.find('[data-testid=user-settings]').trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('notification-settings'));
    await settle();
    expect(document.getElementById('password-title')?.textContent).toBe(title);
    for (const name of ['currentPassword', 'newPassword', 'repeatPassword']) {
      const el = input(name);
      expect(el.type).toBe('password');
      expect(document.querySelector(`label[for="${el.id}"]`)?.textContent).toBeTruthy();
    }
    expect(describedText(input('newPassword'))).toContain(hint);
    expect(input('currentPassword').autocomplete).toBe('current-password');
    expect(document.querySelector('[data-testid=password-form] button[type=submit]')).not.toBeNull();
    wrapper.unmount();
  });

  it('catches differing new passwords before asking the server', async () => {
    const { calls } = routes(() => ({ status: 204 }));
    const { wrapper } = await mountApp('/settings/notifications', { locale });
    await fill('demo', 'lighthouse keeper 1987', 'lighthouse keeper 1988');
    expect(describedText(input('repeatPassword'))).toContain(mismatch);
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    wrapper.unmount();
  });

  it('words the server refusals at their fields, then changes the password', async () => {
    const answers = [
      refusal('/currentPassword', 'password_wrong', 'is not your current password'),
      refusal('/newPassword', 'password_common', 'is a commonly used password; choose another one'),
      { status: 429, body: { error: 'Too many wrong passwords', code: 'too_many_requests', retryAfter: 2 } },
      { status: 204 },
    ];
    const { calls } = routes(() => answers.shift()!);
    const { wrapper } = await mountApp('/settings/notifications', { locale });

    await fill('not-it', 'lighthouse keeper 1987');
    expect(input('currentPassword').getAttribute('aria-invalid')).toBe('true');
    expect(describedText(input('currentPassword'))).toContain(wrong);

    await fill('demo', 'password1234');
    expect(input('newPassword').getAttribute('aria-invalid')).toBe('true');
    expect(describedText(input('newPassword'))).toContain(common);

    await fill('demo', 'lighthouse keeper 1987');
    expect(document.querySelector('[data-testid=password-form] [role=alert]')?.textContent).toContain(tooMany);

    await fill('demo', 'lighthouse keeper 1987');
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ currentPassword: 'demo', newPassword: 'lighthouse keeper 1987' });
    expect(document.body.textContent).toContain(changed);
    expect(input('currentPassword').value).toBe('');
    expect(input('newPassword').value).toBe('');
    wrapper.unmount();
  });
});
