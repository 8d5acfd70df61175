import { api } from './client';
import type { Me } from './types';

/** Session routes: login sets the httpOnly cookie, me reads it, logout clears it. */
export const authApi = {
  login: (email: string, password: string) => api.post<{ user: Me }>('/api/auth/login', { email, password }),
  logout: () => api.post<void>('/api/auth/logout'),
  me: () => api.get<{ user: Me }>('/api/auth/me'),
};
