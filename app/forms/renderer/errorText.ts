import type { FormError } from '../../../common/forms/types';

type T = (key: string, values?: Record<string, unknown>) => string;
type Te = (key: string) => boolean;

const WITH_LIMIT = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'multipleOf']);

/** A translated message for an ajv (or Lotse) error; unknown keywords keep the server's text. */
export function errorText(e: FormError, t: T, te: Te): string {
  const k = e.keyword;
  const params = e.params ?? {};
  if (!k) return e.message;
  if (WITH_LIMIT.has(k)) return t(`forms.errors.${k}`, { limit: params.limit });
  if (k === 'format') {
    const key = `forms.errors.formats.${String(params.format)}`;
    return te(key) ? t(key) : t('forms.errors.format');
  }
  const key = `forms.errors.${k}`;
  return te(key) ? t(key) : e.message;
}
