/**
 * The text of a service in the reader's language. A catalog entry carries its default (English)
 * title and description and, optionally, German ones; German readers see the German text where
 * it exists, everyone else (and German readers of an untranslated entry) the default.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

export interface ServiceText {
  title: string;
  titleDe?: string | null;
  description?: string | null;
  descriptionDe?: string | null;
}

export interface ServiceRef {
  processKey: string;
  processName?: string | null;
  serviceTitle?: string | null;
  serviceTitleDe?: string | null;
}

/** A step (task, element) with its default name and its German name (esm:nameDe). */
export interface StepRef {
  name?: string | null;
  nameDe?: string | null;
}

const german = (locale: string) => locale === 'de' || locale.startsWith('de-');

/** A step's name in the given language: the German name for German readers where the model has one, else the default (null when unnamed). */
export function stepName(ref: StepRef, locale: string): string | null {
  return (german(locale) ? ref.nameDe || null : null) ?? ref.name ?? null;
}

/** A catalog entry's title in the given language. */
export function catalogTitle(item: ServiceText, locale: string): string {
  return (german(locale) ? item.titleDe || null : null) ?? item.title;
}

/** A catalog entry's description in the given language (null when it has none). */
export function catalogDescription(item: ServiceText, locale: string): string | null {
  return (german(locale) ? item.descriptionDe || null : null) ?? item.description ?? null;
}

/** The name a request or task shows for its service: catalog title, else process name, else key. */
export function serviceName(ref: ServiceRef, locale: string): string {
  const title = (german(locale) ? ref.serviceTitleDe || null : null) ?? ref.serviceTitle ?? null;
  return title ?? ref.processName ?? ref.processKey;
}

/** The helpers bound to the current vue-i18n locale (they re-render when it changes). */
export function useServiceText() {
  const { locale } = useI18n();
  const current = computed(() => String(locale.value));
  return {
    title: (item: ServiceText) => catalogTitle(item, current.value),
    description: (item: ServiceText) => catalogDescription(item, current.value),
    name: (ref: ServiceRef) => serviceName(ref, current.value),
    step: (ref: StepRef) => stepName(ref, current.value),
  };
}
