import { createPinia } from 'pinia';
import type { RouterHistory } from 'vue-router';
import { setUnauthorizedHandler } from './api/client';
import type { Locale } from './api/types';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import { useSessionStore } from './stores/session';

/** Everything the app installs (Pinia, i18n, router, session-expiry handling); tests pass their own history. */
export function createAppPlugins(options: { history?: RouterHistory; locale?: Locale } = {}) {
  const pinia = createPinia();
  const i18n = createAppI18n(options.locale);
  const router = createAppRouter(options.history);

  // A 401 on any data request means the session ended on the server: to login, then back here.
  setUnauthorizedHandler(() => {
    useSessionStore(pinia).markExpired();
    const current = router.currentRoute.value;
    if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } });
  });

  return { pinia, i18n, router };
}
