import { api } from './client';
import type { Department, ItemList } from './types';

/** Departments: readable by every signed-in user, changed by admins. */
export const departmentsApi = {
  list: () => api.get<ItemList<Department>>('/api/departments'),
  create: (input: { key: string; name: string }) => api.post<Department>('/api/admin/departments', input),
  rename: (id: string, name: string) => api.patch<Department>(`/api/admin/departments/${encodeURIComponent(id)}`, { name }),
  remove: (id: string) => api.delete(`/api/admin/departments/${encodeURIComponent(id)}`),
};
