import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { describeError } from './useFormErrors';

/** Runs the view's loaders on mount and exposes loading / error state for the template. */
export function useLoad(loaders: () => Promise<unknown>[]) {
  const { t } = useI18n();
  const loading = ref(true);
  const error = ref('');

  async function reload(): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      await Promise.all(loaders());
    } catch (failure) {
      error.value = describeError(failure, t);
    } finally {
      loading.value = false;
    }
  }

  onMounted(reload);
  return { loading, error, reload };
}
