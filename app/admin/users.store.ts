import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AdminUser, AdminUserInput } from '../api/types';
import { usersApi } from './admin.api';

/** All users, as the admin screens see them. */
export const useAdminUsersStore = defineStore('adminUsers', () => {
  const items = ref<AdminUser[]>([]);

  async function load(): Promise<void> {
    items.value = (await usersApi.list()).items;
  }

  async function create(input: AdminUserInput): Promise<AdminUser> {
    const created = await usersApi.create(input);
    items.value = [...items.value, created];
    return created;
  }

  async function update(id: string, patch: Partial<AdminUserInput>): Promise<AdminUser> {
    const updated = await usersApi.update(id, patch);
    items.value = items.value.map((u) => (u.id === id ? updated : u));
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await usersApi.remove(id);
    items.value = items.value.filter((u) => u.id !== id);
  }

  return { items, load, create, update, remove };
});
