import { defineStore } from 'pinia';
import { ref } from 'vue';
import { insightsApi, type Filter, type InsightProcess } from './insights.api';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The last `days` days up to today, as a filter period. */
export function lastDays(days: number, today = new Date()): Pick<Filter, 'from' | 'to'> {
  return { from: iso(new Date(today.getTime() - (days - 1) * 86_400_000)), to: iso(today) };
}

/** The filter every insights page shares, and the processes the user may analyse. */
export const useInsightsStore = defineStore('insights', () => {
  const filter = ref<Filter>({ ...lastDays(90) });
  const processes = ref<InsightProcess[]>([]);
  let loaded: Promise<void> | null = null;

  function loadProcesses(force = false) {
    if (!loaded || force) {
      loaded = insightsApi.processes().then((r) => {
        processes.value = r.items;
      });
      loaded.catch(() => (loaded = null));
    }
    return loaded;
  }

  function setFilter(patch: Partial<Filter>) {
    const next: Filter = { ...filter.value, ...patch };
    if (patch.processKey !== undefined && patch.version === undefined) delete next.version;
    for (const k of Object.keys(next) as (keyof Filter)[]) if (next[k] === '' || next[k] === undefined) delete next[k];
    filter.value = next;
  }

  return { filter, processes, loadProcesses, setFilter };
});
