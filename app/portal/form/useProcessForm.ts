import { computed, ref, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../../api/client';
import { describeError } from '../../admin/useFormErrors';
import { initialValues, loadFormDefinition, renderFields, toVariables, type FormDefinitionView } from './formModel';

/** Loads a process form (start or task), keeps its values and maps server 422 errors to fields. */
export function useProcessForm(formKey: Ref<string | null | undefined>) {
  const { t, locale } = useI18n();
  const definition = shallowRef<FormDefinitionView | null>(null);
  const values = ref<Record<string, unknown>>({});
  const fieldErrors = ref<Record<string, string>>({});
  const formError = ref('');
  const loading = ref(false);
  const loadError = ref('');

  const fields = computed(() => (definition.value ? renderFields(definition.value, locale.value) : []));

  /** Fetches the definition and fills the values from `saved` (a draft or the request data). */
  async function load(saved: Record<string, unknown> = {}): Promise<void> {
    loading.value = true;
    loadError.value = '';
    try {
      definition.value = formKey.value ? await loadFormDefinition(formKey.value) : null;
      values.value = definition.value ? initialValues(definition.value, fields.value, saved) : {};
    } catch (error) {
      loadError.value = describeError(error, t);
    } finally {
      loading.value = false;
    }
  }

  /** Required fields filled? Marks the empty ones; the server still decides everything else. */
  function validate(): boolean {
    const missing: Record<string, string> = {};
    for (const field of fields.value) {
      if (!field.required) continue;
      const v = values.value[field.key];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) missing[field.key] = t('portal.form.required');
    }
    fieldErrors.value = missing;
    formError.value = Object.keys(missing).length ? t('portal.form.checkFields') : '';
    return Object.keys(missing).length === 0;
  }

  function variables(): Record<string, unknown> {
    return toVariables(fields.value, values.value);
  }

  /** 422 errors at their fields (first pointer segment), anything else above the form. */
  function showError(error: unknown): void {
    fieldErrors.value = {};
    formError.value = '';
    if (error instanceof ApiError && error.status === 422 && error.errors.length) {
      const known = new Set(fields.value.map((f) => f.key));
      const byField = error.fieldErrors();
      const rest: string[] = [];
      const shown: Record<string, string> = {};
      for (const [key, message] of Object.entries(byField)) {
        if (known.has(key)) shown[key] = message;
        else rest.push(key ? `${key}: ${message}` : message);
      }
      fieldErrors.value = shown;
      formError.value = rest.length ? rest.join(' ') : t('portal.form.checkFields');
      return;
    }
    formError.value = describeError(error, t);
  }

  return { definition, fields, values, fieldErrors, formError, loading, loadError, load, validate, variables, showError };
}
