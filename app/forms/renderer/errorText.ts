import type { FormError } from '../../../common/forms/types';
import { validationMessage } from '../../../common/forms/messages';

/**
 * The sentence for a form error in the UI's language: JSON Schema problems worded by ajv-i18n
 * (common/forms/messages, the same words the server's 422 uses). `label` names the field.
 */
export function errorText(e: FormError, locale: string, label?: string): string {
  return validationMessage(e, locale === 'de' ? 'de' : 'en', label);
}
