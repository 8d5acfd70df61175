import { messageLocale, validationMessage } from '../../common/forms/messages';
import type { FieldError } from '../errors';

const INVALID: Record<string, string> = { validation: 'Die Eingaben sind nicht gültig.' };

/**
 * The field errors of a 422 in the language the client asks for (Accept-Language, German or
 * English): every error that names its JSON Schema keyword gets a sentence from common/forms/messages.
 */
export function localizeErrors(errors: FieldError[], acceptLanguage: string | undefined): FieldError[] {
  const locale = messageLocale(acceptLanguage);
  return errors.map((e) => (e.keyword && !e.code ? { ...e, message: validationMessage(e, locale) } : e));
}

/** The answer's own message in German when the client asks for German and the code has a German text. */
export function localizeAnswer(code: string, message: string, acceptLanguage: string | undefined): string {
  return messageLocale(acceptLanguage) === 'de' && code === 'validation' && /not valid/.test(message) ? (INVALID[code] ?? message) : message;
}
