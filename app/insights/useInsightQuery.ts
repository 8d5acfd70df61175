import { ref, shallowRef, watch, type WatchSource } from 'vue';
import { ApiError } from '../api/client';

/** Loads data whenever the source (e.g. the filter) changes; the latest answer wins. */
export function useInsightQuery<T, S>(source: WatchSource<S>, load: (value: S) => Promise<T> | null) {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;
  watch(
    source,
    async (value) => {
      const mine = ++generation;
      const pending = load(value);
      if (!pending) {
        data.value = null;
        return;
      }
      loading.value = true;
      error.value = null;
      try {
        const result = await pending;
        if (mine === generation) data.value = result;
      } catch (e) {
        if (mine === generation) error.value = e instanceof ApiError ? e.message : String(e);
      } finally {
        if (mine === generation) loading.value = false;
      }
    },
    { immediate: true, deep: true },
  );
  return { data, loading, error };
}
