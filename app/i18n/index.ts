import { createI18n } from 'vue-i18n';
import de, { type MessageSchema } from './de';
import en from './en';
import type { Locale } from '../api/types';

export const LOCALES: readonly Locale[] = ['de', 'en'];
export const LOCALE_STORAGE_KEY = 'lotse.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's language (German for any de-*, English otherwise). */
export function detectLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be unavailable (privacy mode); fall through to the browser language.
  }
  const browser = typeof navigator !== 'undefined' ? navigator.language : '';
  return browser.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** A fresh i18n instance; tests create their own, the app one at startup. */
export function createAppI18n(locale: Locale = detectLocale()) {
  const i18n = createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { de, en },
  });
  applyDocumentLang(locale);
  return i18n;
}

function applyDocumentLang(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Remembers the choice and updates <html lang>; the caller has already switched the i18n locale. */
export function rememberLocale(locale: Locale): void {
  applyDocumentLang(locale);
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered when storage is unavailable; the switch itself still works.
  }
}
