import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

function navLabels(wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper']): string[] {
  return wrapper.findAll('nav.main-nav a').map((a) => a.text());
}

describe('app shell', () => {
  it('shows an employee only the areas the server granted', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: makeMe(['portal']) } } });
    const { wrapper, router } = await mountApp('/');

    expect(navLabels(wrapper)).toEqual(['Portal', 'Wissen']);
    expect(router.currentRoute.value.name).toBe('portal');
    expect(wrapper.find('h1').text()).toBe('Portal');
    wrapper.unmount();
  });

  it('shows an admin every granted area in a fixed order', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: makeMe(['admin', 'insights', 'portal', 'tasks']) } } });
    const { wrapper } = await mountApp('/portal');
    expect(navLabels(wrapper)).toEqual(['Portal', 'Aufgaben', 'Kennzahlen', 'Verwaltung', 'Wissen', 'Personalakten', 'Datenschutz']);
    wrapper.unmount();
  });

  it('shows "not allowed" for an area the user lacks, keeping the typed address', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: makeMe(['portal']) } } });
    const { wrapper, router } = await mountApp('/admin/users');

    expect(wrapper.find('h1').text()).toBe('Kein Zugriff');
    expect(router.currentRoute.value.fullPath).toBe('/admin/users');
    expect(router.currentRoute.value.name).toBe('not-allowed');
    wrapper.unmount();
  });

  it('sends signed-out visitors to the login page and back to where they wanted to go', async () => {
    let signedIn = false;
    const { calls } = mockFetch({
      'GET /api/auth/me': () => (signedIn ? { body: { user: makeMe(['portal', 'tasks']) } } : { status: 401, body: { error: 'Not signed in', code: 'unauthorized' } }),
      'POST /api/auth/login': () => {
        signedIn = true;
        return { body: { user: makeMe(['portal', 'tasks']) } };
      },
    });
    const { wrapper, router } = await mountApp('/tasks');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/tasks');

    await wrapper.find('input[type=email]').setValue('erika@lotse.demo');
    await wrapper.find('input[type=password]').setValue('demo');
    await wrapper.find('form').trigger('submit');
    await settle();

    expect(calls.find((c) => c.path === '/api/auth/login')?.body).toEqual({ email: 'erika@lotse.demo', password: 'demo' });
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/tasks'));
    await settle();
    expect(wrapper.find('h1').text()).toBe('Aufgaben');
    wrapper.unmount();
  });

  it('signs out and returns to the login page', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal']) } },
      'POST /api/auth/logout': { status: 204 },
    });
    const { wrapper, router } = await mountApp('/portal');
    await wrapper.find('[data-testid=logout]').trigger('click');
    await settle();

    expect(calls.find((c) => c.path === '/api/auth/logout')?.headers['X-Lotse-CSRF']).toBe('1');
    expect(router.currentRoute.value.name).toBe('login');
    expect(wrapper.find('nav.main-nav').exists()).toBe(false);
    wrapper.unmount();
  });

  it('signs out quietly when the server had already ended the session', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal']) } },
      'POST /api/auth/logout': { status: 401, body: { error: 'Sign in first', code: 'unauthorized' } },
    });
    const { wrapper, router } = await mountApp('/portal');
    await wrapper.find('[data-testid=logout]').trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('login');
    expect(document.querySelector('.toasts [role=alert]')?.textContent).toBe('');
    wrapper.unmount();
  });

  it('switches the language, remembers it and sets <html lang>', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: makeMe(['portal', 'tasks']) } } });
    const { wrapper } = await mountApp('/tasks');
    expect(wrapper.find('h1').text()).toBe('Aufgaben');
    expect(wrapper.find('[data-testid=logout]').text()).toBe('Abmelden');

    await wrapper.find('[data-testid=language-switch]').setValue('en');

    expect(wrapper.find('h1').text()).toBe('Tasks');
    expect(wrapper.find('[data-testid=logout]').text()).toBe('Sign out');
    expect(localStorage.getItem('lotse.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    wrapper.unmount();
  });

  it('has a skip link to the main content', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: makeMe(['portal']) } } });
    const { wrapper } = await mountApp('/portal');
    const skip = wrapper.find('a.skip-link');
    expect(skip.attributes('href')).toBe('#main');
    expect(wrapper.find('main#main').exists()).toBe(true);
    wrapper.unmount();
  });
});

describe('page title', () => {
  beforeEach(() => document.body.replaceChildren());
  afterEach(() => vi.unstubAllGlobals());

  it('names the current page in the language chosen', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: makeMe(['portal', 'admin']) } } });
    const { wrapper, router } = await mountApp('/admin/groups');
    expect(document.title).toBe('Gruppen – Lotse');
    await router.push('/portal');
    await settle();
    expect(document.title).toBe('Portal – Lotse');
    await wrapper.find('[data-testid=language-switch]').setValue('en');
    await settle();
    expect(document.title).toBe('Portal – Lotse');
    await router.push('/admin/departments');
    await settle();
    expect(document.title).toBe('Departments – Lotse');
    wrapper.unmount();
  });
});
