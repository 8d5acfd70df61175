import { driver, type DriveStep } from 'driver.js';
import 'driver.js/dist/driver.css';
import { knowledgeApi } from './knowledge.api';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The first-visit tour of each screen: which element each step points at (missing ones show centred). */
const TOURS: Record<string, { element: string; text: string }[]> = {
  portal: [
    { element: '[data-tour="portal-search"]', text: 'portal.search' },
    { element: '.card-list', text: 'portal.catalog' },
    { element: '[data-tour="help"]', text: 'portal.help' },
  ],
  tasks: [
    { element: '[data-testid="tasks-table"]', text: 'tasks.list' },
    { element: '[data-tour="help"]', text: 'tasks.help' },
  ],
  knowledge: [
    { element: '[data-tour="knowledge-search"]', text: 'knowledge.search' },
    { element: '[data-tour="help"]', text: 'knowledge.help' },
  ],
  insights: [
    { element: '.insights-nav', text: 'insights.nav' },
    { element: '[data-tour="help"]', text: 'insights.help' },
  ],
};

export const hasTour = (key: string | undefined): key is string => !!key && key in TOURS;

/** Tours this user has seen, loaded once per page load (remembered on the server, per user). */
let seen: Promise<Set<string>> | null = null;
export function toursSeen(): Promise<Set<string>> {
  seen ??= knowledgeApi.toursSeen().then((r) => new Set(r.items)).catch(() => new Set(Object.keys(TOURS)));
  return seen;
}

/** Runs a screen's tour; closing it at any step (Escape, ×, Done) counts as seen. */
export function startTour(key: string, t: Translate): void {
  const steps: DriveStep[] = TOURS[key].map((s) => ({
    element: s.element,
    popover: { title: t(`knowledge.tour.${s.text}.title`), description: t(`knowledge.tour.${s.text}.text`) },
  }));
  const tour = driver({
    showProgress: true,
    allowClose: true,
    nextBtnText: t('knowledge.tour.next'),
    prevBtnText: t('knowledge.tour.prev'),
    doneBtnText: t('knowledge.tour.done'),
    progressText: t('knowledge.tour.progress', { current: '{{current}}', total: '{{total}}' }),
    steps: steps.filter((s) => typeof s.element !== 'string' || document.querySelector(s.element)),
    // Closing at any moment (Escape, ×, Done) counts as seen. driver.js calls onDestroyed only once a
    // step is fully shown, so a tour closed during its first animation would come back: remember it as
    // the close starts, then close.
    onDestroyStarted: () => {
      void toursSeen().then((set) => set.add(key));
      void knowledgeApi.tourSeen(key).catch(() => undefined);
      tour.destroy();
    },
  });
  tour.drive();
}
