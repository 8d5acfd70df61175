import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { tasksApi, type TaskSort, type TaskSummary } from './tasks.api';
import { dueState, type DueState } from './dueState';

/** "me" for the tasks assigned to me, else a candidate group's key. */
export type QueueId = 'me' | `group:${string}`;

export type AgeFilter = '' | '1d' | '3d' | '7d';
export type PriorityFilter = '' | 'high' | 'normal' | 'low';

const PAGE_SIZE = 100;
const DAY_MS = 24 * 60 * 60 * 1000;
const AGE_DAYS: Record<Exclude<AgeFilter, ''>, number> = { '1d': 1, '3d': 3, '7d': 7 };

/** Camunda's 0–100 priority in three words. */
export function priorityLevel(priority: number | null | undefined): Exclude<PriorityFilter, ''> {
  const p = priority ?? 50;
  return p >= 75 ? 'high' : p <= 25 ? 'low' : 'normal';
}

/** The agent inbox: one queue at a time, sorted on the server, narrowed further here. */
export const useTaskQueueStore = defineStore('taskQueue', () => {
  const queue = ref<QueueId>('me');
  const sort = ref<TaskSort>('due');
  const processKey = ref('');
  const priority = ref<PriorityFilter>('');
  const due = ref<DueState | ''>('');
  const age = ref<AgeFilter>('');
  const items = ref<TaskSummary[]>([]);
  const total = ref(0);
  let generation = 0;

  /** Loads the current queue (one page) with the server-side filters; stale answers are dropped. */
  async function load(): Promise<void> {
    const mine = ++generation;
    const q = queue.value === 'me' ? { assignee: 'me' } : { candidateGroup: queue.value.slice('group:'.length) };
    const page = await tasksApi.list({ ...q, sort: sort.value, processKey: processKey.value || undefined, limit: PAGE_SIZE });
    if (mine !== generation) return;
    items.value = page.items;
    total.value = page.total;
  }

  /** Processes seen in this queue, for the process filter. */
  const processes = computed(() => {
    const byKey = new Map<string, string>();
    for (const task of items.value) byKey.set(task.processKey, task.processName ?? task.processKey);
    if (processKey.value && !byKey.has(processKey.value)) byKey.set(processKey.value, processKey.value);
    return [...byKey.entries()].map(([key, name]) => ({ key, name })).sort((a, b) => a.name.localeCompare(b.name));
  });

  /** The page after the filters the server does not offer (priority, due state, age). */
  function visible(now: Date = new Date()): TaskSummary[] {
    return items.value.filter((task) => {
      if (priority.value && priorityLevel(task.priority) !== priority.value) return false;
      if (due.value && dueState(task.dueAt, task.createdAt, now) !== due.value) return false;
      if (age.value && now.getTime() - new Date(task.createdAt).getTime() < AGE_DAYS[age.value] * DAY_MS) return false;
      return true;
    });
  }

  function replace(task: TaskSummary): void {
    items.value = items.value.map((t) => (t.id === task.id ? { ...t, ...task } : t));
  }

  return { queue, sort, processKey, priority, due, age, items, total, processes, load, visible, replace };
});
