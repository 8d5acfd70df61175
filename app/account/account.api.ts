import { api } from '../api/client';

/** The signed-in user's own account. */
export const accountApi = {
  /** 204; 422 at /currentPassword (wrong) or /newPassword (policy, with a `password_*` code); 429 while throttled. */
  changePassword: (currentPassword: string, newPassword: string) => api.put<void>('/api/me/password', { currentPassword, newPassword }),
};
