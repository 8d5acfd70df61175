/**
 * SLA targets are ISO-8601 durations of working time: hours and minutes as they are, a day (D)
 * counts as 8 working hours and a week (W) as 5 such days; years and months are refused.
 */
const ISO = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const HOUR = 3600_000;
export const WORKING_DAY_MS = 8 * HOUR;

/** Working milliseconds of a target, or null when it is not a usable ISO-8601 duration. */
export function targetMs(iso: string): number | null {
  const m = ISO.exec(iso.trim());
  if (!m || iso.trim() === 'P' || iso.trim().endsWith('T')) return null;
  const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  const ms = w * 5 * WORKING_DAY_MS + d * WORKING_DAY_MS + h * HOUR + min * 60_000 + s * 1000;
  return ms > 0 ? ms : null;
}
