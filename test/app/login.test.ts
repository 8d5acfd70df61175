import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const signedOut = { status: 401, body: { error: 'Not signed in', code: 'unauthorized' } };

async function tryLogin(loginAnswer: { status: number; body?: unknown }, locale: 'de' | 'en' = 'de') {
  mockFetch({ 'GET /api/auth/me': signedOut, 'POST /api/auth/login': loginAnswer });
  const { wrapper, router } = await mountApp('/login', { locale });
  await wrapper.find('input[type=email]').setValue('someone@lotse.demo');
  await wrapper.find('input[type=password]').setValue('wrong');
  await wrapper.find('form').trigger('submit');
  await settle();
  return { wrapper, router };
}

describe('login form', () => {
  it('says "E-Mail oder Passwort falsch" when the server answers 401', async () => {
    const { wrapper, router } = await tryLogin({ status: 401, body: { error: 'Invalid credentials', code: 'invalid_credentials' } });
    const alert = wrapper.find('[role=alert]');
    expect(alert.text()).toBe('E-Mail oder Passwort falsch.');
    expect(router.currentRoute.value.name).toBe('login');
    expect((wrapper.find('input[type=password]').element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });

  it('says there were too many attempts when the server answers 429', async () => {
    const { wrapper } = await tryLogin({ status: 429, body: { error: 'Too many attempts', code: 'rate_limited' } }, 'en');
    expect(wrapper.find('[role=alert]').text()).toBe('Too many attempts. Please wait a moment.');
    wrapper.unmount();
  });

  it('labels both inputs', async () => {
    mockFetch({ 'GET /api/auth/me': signedOut });
    const { wrapper } = await mountApp('/login');
    for (const input of wrapper.findAll('form input')) {
      const id = input.attributes('id');
      expect(wrapper.find(`label[for="${id}"]`).exists()).toBe(true);
    }
    wrapper.unmount();
  });
});
