import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError, type FieldError } from '../api/client';
import { validationMessage } from '../../common/forms/messages';

/** Turns a failed save into messages: 422 errors at their fields, anything else above the form. */
export function useFormErrors(knownFields: readonly string[]) {
  const { t, te, locale } = useI18n();
  const fields = ref<Record<string, string>>({});
  const form = ref('');

  function clear(): void {
    fields.value = {};
    form.value = '';
  }

  function show(error: unknown): void {
    clear();
    if (error instanceof ApiError && error.status === 422 && error.errors.length > 0) {
      // A field error with a known code gets the UI's own text (de/en); others keep the server's message.
      // A JSON Schema problem is worded in the UI's language (ajv-i18n), whatever language the server used.
      const describe = (e: FieldError) =>
        e.code && te(`fieldError.${e.code}`) ? t(`fieldError.${e.code}`) : e.keyword ? validationMessage(e, locale.value === 'de' ? 'de' : 'en') : e.message;
      const byField = error.fieldErrors(describe);
      const shown: Record<string, string> = {};
      const rest: string[] = [];
      for (const [field, message] of Object.entries(byField)) {
        if (knownFields.includes(field)) shown[field] = message;
        else rest.push(message);
      }
      fields.value = shown;
      form.value = rest.length > 0 ? rest.join(' ') : t('admin.fieldErrors');
      return;
    }
    form.value = describeError(error, t);
  }

  return { fields, form, clear, show };
}

/** A user-facing sentence for any failure. */
export function describeError(error: unknown, t: (key: string, values?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError && error.status === 0) return t('app.networkError');
  if (error instanceof ApiError && error.code === 'key_owned') {
    const department = (error.details.department as { name?: string } | null | undefined)?.name;
    return t('keyOwnership.owned', { key: String(error.details.key ?? ''), department: department ?? t('keyOwnership.noDepartment') });
  }
  return t('app.error', { message: error instanceof Error ? error.message : String(error) });
}
