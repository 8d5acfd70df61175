import { defineStore } from 'pinia';
import { ref } from 'vue';
import { departmentsApi } from '../api/departments';
import type { Department } from '../api/types';

/** Departments are shared by the whole session (admin screens, later the modeller and insights). */
export const useDepartmentsStore = defineStore('departments', () => {
  const items = ref<Department[]>([]);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = (await departmentsApi.list()).items;
    } finally {
      loading.value = false;
    }
  }

  async function create(key: string, name: string): Promise<Department> {
    const created = await departmentsApi.create({ key, name });
    items.value = [...items.value, created];
    return created;
  }

  async function rename(id: string, name: string): Promise<Department> {
    const updated = await departmentsApi.rename(id, name);
    items.value = items.value.map((d) => (d.id === id ? updated : d));
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await departmentsApi.remove(id);
    items.value = items.value.filter((d) => d.id !== id);
  }

  function nameOf(id: string | null | undefined): string {
    return items.value.find((d) => d.id === id)?.name ?? '';
  }

  return { items, loading, load, create, rename, remove, nameOf };
});
