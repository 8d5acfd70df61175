import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Group, GroupInput } from '../api/types';
import { groupsApi } from './admin.api';

/** All groups (agent teams) with their members. */
export const useAdminGroupsStore = defineStore('adminGroups', () => {
  const items = ref<Group[]>([]);

  async function load(): Promise<void> {
    items.value = (await groupsApi.list()).items;
  }

  async function create(input: GroupInput): Promise<Group> {
    const created = await groupsApi.create(input);
    items.value = [...items.value, created];
    return created;
  }

  async function update(id: string, patch: Partial<GroupInput>): Promise<Group> {
    const updated = await groupsApi.update(id, patch);
    items.value = items.value.map((g) => (g.id === id ? updated : g));
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await groupsApi.remove(id);
    items.value = items.value.filter((g) => g.id !== id);
  }

  return { items, load, create, update, remove };
});
