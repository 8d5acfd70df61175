import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '../api/auth';
import { ApiError } from '../api/client';
import type { Area, Me } from '../api/types';

/** The signed-in user (or null) and the session's life cycle: load, login, logout, expiry. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  /** Set when the server answered 401 mid-session, so the login page can say why. */
  const expired = ref(false);
  let loading: Promise<void> | null = null;

  const areas = computed<Area[]>(() => me.value?.areas ?? []);
  const signedIn = computed(() => me.value !== null);

  function hasArea(area: Area): boolean {
    return areas.value.includes(area);
  }

  /** Reads the session once (GET /api/auth/me); 401 means signed out. Other errors propagate. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    loading ??= authApi
      .me()
      .then(({ user }) => {
        me.value = user;
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
        me.value = null;
      })
      .then(() => {
        loaded.value = true;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  async function login(email: string, password: string): Promise<Me> {
    const { user } = await authApi.login(email, password);
    me.value = user;
    loaded.value = true;
    expired.value = false;
    return user;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } catch (error) {
      // 401: the server had already ended the session, which is what we wanted.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    } finally {
      me.value = null;
      expired.value = false;
    }
  }

  /** The server no longer knows this session. */
  function markExpired(): void {
    if (me.value) expired.value = true;
    me.value = null;
  }

  return { me, loaded, expired, areas, signedIn, hasArea, ensureLoaded, login, logout, markExpired };
});
