import { parseWorkDuration, workDurationToIso, workMinutes } from '../../../common/work-duration';

/**
 * SLA targets are typed the way people say them ("4h", "2 Tage", "1d 4h", "30 min"; ISO-8601
 * still works) and stored as ISO-8601 durations of working time: a day is 8 working hours, a
 * week 5 such days (common/work-duration.ts, the same rules the server counts by).
 */
type Translate = (key: string, values?: Record<string, unknown>, plural?: number) => string;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 8 * HOUR_MINUTES;

/** Working minutes of a typed target, or null when it is not understood. */
export function targetMinutes(text: string): number | null {
  const d = parseWorkDuration(text);
  return d ? workMinutes(d) : null;
}

/** What to send for a typed target: its ISO form, or the text as typed so the server names the problem at the field. */
export function targetToSend(text: string): string {
  return workDurationToIso(text) ?? text.trim().toUpperCase();
}

const round = (n: number) => Math.round(n * 100) / 100;

/** "= 4 working hours", "= 1 working day and 4 working hours (12 working hours)": what a typed target means, for the hint under the field. */
export function describeTarget(text: string, t: Translate): string | null {
  const d = parseWorkDuration(text);
  if (!d) return null;
  const minutes = workMinutes(d);
  const hours = round(minutes / HOUR_MINUTES);
  const parts = (['weeks', 'days', 'hours', 'minutes'] as const).filter((u) => d[u]);
  if (parts.length > 1) {
    const words = parts.map((u) => t(`easyInput.duration.${u}`, { n: round(d[u]) }, d[u]));
    return t('easyInput.duration.means', { parts: words.join(t('easyInput.duration.and')), hours }, hours);
  }
  if (minutes >= DAY_MINUTES && minutes % DAY_MINUTES === 0) return t('sla.policy.meansDays', { n: minutes / DAY_MINUTES, hours }, minutes / DAY_MINUTES);
  if (minutes >= HOUR_MINUTES) return t('sla.policy.meansHours', { n: hours }, hours);
  return t('sla.policy.meansMinutes', { n: round(minutes) }, Math.round(minutes));
}
