import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../../api/client';
import { describeError } from '../../ui/useFormErrors';

/**
 * 422 answers name the field by JSON pointer (`/policies/0/escalations/1/at`). The form shows each
 * message at the control `shown(path)` accepts; the rest (and any other failure) above the form.
 */
export function usePathErrors(shown: (path: string) => boolean, rewrite: (path: string) => string = (p) => p) {
  const { t } = useI18n();
  const byPath = ref<Record<string, string>>({});
  const form = ref('');

  function clear(): void {
    byPath.value = {};
    form.value = '';
  }

  function show(error: unknown): void {
    clear();
    if (error instanceof ApiError && error.status === 422 && error.errors.length > 0) {
      const at: Record<string, string> = {};
      const rest: string[] = [];
      for (const e of error.errors) {
        const path = rewrite(e.path);
        if (shown(path)) at[path] = at[path] ? `${at[path]} ${e.message}` : e.message;
        else rest.push(e.path ? `${e.path}: ${e.message}` : e.message);
      }
      byPath.value = at;
      form.value = rest.length > 0 ? rest.join(' ') : t('admin.fieldErrors');
      return;
    }
    form.value = describeError(error, t);
  }

  /** The message at one pointer, if any. */
  const at = (path: string): string | undefined => byPath.value[path];

  return { byPath, form, at, clear, show };
}
