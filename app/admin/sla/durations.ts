/**
 * SLA targets are ISO-8601 durations of working time (as the server reads them): hours and
 * minutes as they are, a day (D) is 8 working hours, a week (W) 5 such days; no years or months.
 */
const ISO = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 8 * HOUR_MINUTES;

/** Working minutes of a target, or null when it is not a usable duration. */
export function targetMinutes(iso: string): number | null {
  const text = iso.trim().toUpperCase();
  const m = ISO.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const minutes = w * 5 * DAY_MINUTES + d * DAY_MINUTES + h * HOUR_MINUTES + min + s / 60;
  return minutes > 0 ? minutes : null;
}

/** "4 working hours", "2 working days (16 h)": what a valid target means, for the hint under the field. */
export function describeTarget(iso: string, t: (key: string, values?: Record<string, unknown>, plural?: number) => string): string | null {
  const minutes = targetMinutes(iso);
  if (minutes === null) return null;
  const hours = Math.round((minutes / HOUR_MINUTES) * 100) / 100;
  if (minutes >= DAY_MINUTES && minutes % DAY_MINUTES === 0) return t('sla.policy.meansDays', { n: minutes / DAY_MINUTES, hours }, minutes / DAY_MINUTES);
  if (minutes >= HOUR_MINUTES) return t('sla.policy.meansHours', { n: hours }, hours);
  return t('sla.policy.meansMinutes', { n: Math.round(minutes * 100) / 100 }, Math.round(minutes));
}
