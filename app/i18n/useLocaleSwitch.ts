import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { LOCALES, rememberLocale } from './index';
import type { Locale } from '../api/types';

/** The current UI language as a writable ref-like computed, for the header's language switch. */
export function useLocaleSwitch() {
  const { locale } = useI18n({ useScope: 'global' });
  const current = computed<Locale>({
    get: () => locale.value as Locale,
    set: (next) => {
      locale.value = next;
      rememberLocale(next);
    },
  });
  return { locale: current, locales: LOCALES };
}
