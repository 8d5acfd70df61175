import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory } from 'vue-router';
import { vi } from 'vitest';
import App from '../../app/App.vue';
import type { Area, Locale, Me } from '../../app/api/types';
import { createAppPlugins } from '../../app/setup';

export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export interface FakeResponse {
  status?: number;
  body?: unknown;
}

type Handler = (call: RecordedCall) => FakeResponse | Promise<FakeResponse>;

/** Replaces global fetch with a table of `"METHOD /path"` handlers; unknown routes answer 404. */
export function mockFetch(routes: Record<string, Handler | FakeResponse>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname + input.search : input.url;
    const method = (init.method ?? 'GET').toUpperCase();
    const call: RecordedCall = {
      method,
      path,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    calls.push(call);
    const route = routes[`${method} ${path}`];
    const answer = typeof route === 'function' ? await route(call) : (route ?? { status: 404, body: { error: 'Not found', code: 'not_found' } });
    const status = answer.status ?? 200;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

/** A signed-in user as GET /api/auth/me returns it. */
export function makeMe(areas: Area[], overrides: Partial<Me> = {}): Me {
  return {
    id: 'u1',
    email: 'erika@lotse.demo',
    name: 'Erika Muster',
    locale: 'de',
    roles: [{ role: 'employee' }],
    groups: [],
    areas,
    ...overrides,
  };
}

/** Mounts the whole app (router, stores, i18n) at `path` and waits for the first navigation. */
export async function mountApp(path: string, options: { locale?: Locale } = {}) {
  const { pinia, i18n, router } = createAppPlugins({ history: createMemoryHistory(), locale: options.locale ?? 'de' });
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await router.push(path);
  await router.isReady();
  await settle();
  return { wrapper, router, pinia, i18n };
}

/** Lets pending fetches, lazy route components and re-renders finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
