import { api } from '../api/client';
import type { AdminUser, AdminUserInput, Group, GroupInput, ItemList } from '../api/types';

const id = (value: string) => encodeURIComponent(value);

/** Admin-only user routes. */
export const usersApi = {
  list: () => api.get<ItemList<AdminUser>>('/api/admin/users'),
  create: (input: AdminUserInput) => api.post<AdminUser>('/api/admin/users', input),
  update: (userId: string, patch: Partial<AdminUserInput>) => api.patch<AdminUser>(`/api/admin/users/${id(userId)}`, patch),
  remove: (userId: string) => api.delete(`/api/admin/users/${id(userId)}`),
};

/** Admin-only group routes. */
export const groupsApi = {
  list: () => api.get<ItemList<Group>>('/api/admin/groups'),
  create: (input: GroupInput) => api.post<Group>('/api/admin/groups', input),
  update: (groupId: string, patch: Partial<GroupInput>) => api.patch<Group>(`/api/admin/groups/${id(groupId)}`, patch),
  remove: (groupId: string) => api.delete(`/api/admin/groups/${id(groupId)}`),
};
