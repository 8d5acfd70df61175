import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { TASK_PRIORITIES, type TaskPriority } from '../../common/task-rules';
import type { ServiceRef } from '../requests/serviceTitle';
import { tasksApi, type DueFilter, type TaskSort, type TaskSummary } from './tasks.api';

/** "me" for the tasks assigned to me, else a candidate group's key. */
export type QueueId = 'me' | `group:${string}`;

export const AGE_FILTERS = ['1d', '3d', '7d'] as const;
export type AgeFilter = '' | (typeof AGE_FILTERS)[number];
export type PriorityFilter = '' | TaskPriority;
export const TASK_SORTS: readonly TaskSort[] = ['due', 'priority', 'created'];
export const DUE_FILTERS: readonly DueFilter[] = ['overdue', 'at_risk', 'on_time', 'none'];
export { TASK_PRIORITIES };

export const PAGE_SIZE = 100;
const AGE_DURATION: Record<Exclude<AgeFilter, ''>, string> = { '1d': 'P1D', '3d': 'P3D', '7d': 'P7D' };

/** Camunda's 0–100 priority in three words (the task view's badge when a request has no priority). */
export function priorityLevel(priority: number | null | undefined): 'high' | 'normal' | 'low' {
  const p = priority ?? 50;
  return p >= 75 ? 'high' : p <= 25 ? 'low' : 'normal';
}

/** The filters of one queue view; the task list keeps them in the URL. */
export interface QueueFilters {
  sort: TaskSort;
  /** '' = the sort's natural direction (soonest deadline, highest priority, oldest first). */
  direction: '' | 'asc' | 'desc';
  processKey: string;
  priority: PriorityFilter;
  due: DueFilter | '';
  age: AgeFilter;
  /** The search box: '' = no search; with words, the list spans every task the agent may see. */
  search: string;
  page: number;
}

export const DEFAULT_FILTERS: QueueFilters = { sort: 'due', direction: '', processKey: '', priority: '', due: '', age: '', search: '', page: 0 };

/** The agent inbox: one queue at a time, one page, filtered and sorted on the server. */
export const useTaskQueueStore = defineStore('taskQueue', () => {
  const queue = ref<QueueId>('me');
  const filters = ref<QueueFilters>({ ...DEFAULT_FILTERS });
  const items = ref<TaskSummary[]>([]);
  const total = ref(0);
  /** False when a search counted its hits only up to the server's cap: the list says "1000+". */
  const totalExact = ref(true);
  // Processes met in this queue (any filter), so the process filter keeps its choices while it narrows the list.
  const seenProcesses = ref(new Map<string, ServiceRef>());
  let generation = 0;

  /** Switches queue and filters; the process choices start over with a new queue. */
  function select(next: QueueId, wanted: QueueFilters): void {
    if (next !== queue.value) seenProcesses.value = new Map();
    queue.value = next;
    filters.value = wanted;
  }

  /** Loads the current page with the current filters; stale answers are dropped. */
  async function load(): Promise<void> {
    const mine = ++generation;
    const f = filters.value;
    // A search looks through every queue: an agent who types a reference wants that task, wherever it waits.
    const q = f.search.trim() ? { q: f.search.trim() } : queue.value === 'me' ? { assignee: 'me' } : { candidateGroup: queue.value.slice('group:'.length) };
    const page = await tasksApi.list({
      ...q,
      sort: f.sort,
      processKey: f.processKey || undefined,
      priority: f.priority || undefined,
      due: f.due || undefined,
      olderThan: f.age ? AGE_DURATION[f.age] : undefined,
      direction: f.direction || undefined,
      limit: PAGE_SIZE,
      offset: f.page ? f.page * PAGE_SIZE : undefined,
    });
    if (mine !== generation) return;
    items.value = page.items;
    total.value = page.total;
    totalExact.value = page.totalExact !== false;
    const seen = new Map(seenProcesses.value);
    for (const task of page.items) {
      seen.set(task.processKey, { processKey: task.processKey, processName: task.processName, serviceTitle: task.serviceTitle, serviceTitleDe: task.serviceTitleDe });
    }
    seenProcesses.value = seen;
  }

  /** Processes seen in this queue, for the process filter (the view names them in the reader's language). */
  const processes = computed(() => {
    const byKey = new Map(seenProcesses.value);
    const chosen = filters.value.processKey;
    if (chosen && !byKey.has(chosen)) byKey.set(chosen, { processKey: chosen });
    return [...byKey.entries()].map(([key, service]) => ({ key, service }));
  });

  function replace(task: TaskSummary): void {
    items.value = items.value.map((t) => (t.id === task.id ? { ...t, ...task } : t));
  }

  return { queue, filters, items, total, totalExact, processes, select, load, replace };
});
