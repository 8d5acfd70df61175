/**
 * Working-time durations as people type them ("4h", "2 Tage", "1d 4h", "30 min", "1,5 Std.")
 * and as SLA targets store them (ISO-8601: PT4H, P2D, P1DT4H, PT30M). A day counts 8 working
 * hours and a week 5 such days (server/sla/durations.ts); years and months are refused.
 */

export interface WorkDuration {
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
}

const ISO = /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Unit words in German and English (lower case, without a trailing dot). */
const UNITS: Record<string, keyof WorkDuration> = {};
for (const [unit, words] of Object.entries({
  weeks: ['w', 'wk', 'wks', 'week', 'weeks', 'wo', 'woche', 'wochen'],
  days: ['d', 'day', 'days', 't', 'tag', 'tage', 'tagen', 'arbeitstag', 'arbeitstage', 'wt'],
  hours: ['h', 'hr', 'hrs', 'hour', 'hours', 'std', 'stunde', 'stunden', 'arbeitsstunde', 'arbeitsstunden'],
  minutes: ['m', 'min', 'mins', 'minute', 'minutes', 'minuten'],
}) as [keyof WorkDuration, string[]][]) {
  for (const w of words) UNITS[w] = unit;
}

/** Longest budget a typed target may have (characters), so a pasted essay is refused quickly. */
export const MAX_DURATION_INPUT = 64;

const num = (s: string) => Number(s.replace(',', '.'));

/**
 * Reads a typed duration: ISO-8601 ("PT4H", "p2d") or number + unit pairs in German or English,
 * separated by spaces, commas or "und"/"and". Null when the text is not understood or is zero.
 */
export function parseWorkDuration(text: string): WorkDuration | null {
  const raw = text.trim();
  if (!raw || raw.length > MAX_DURATION_INPUT) return null;
  const upper = raw.toUpperCase();
  const iso = ISO.exec(upper);
  if (iso) {
    if (upper === 'P' || upper.endsWith('T')) return null;
    const [w, d, h, m, s] = iso.slice(1).map((x) => (x === undefined ? 0 : num(x)));
    return nonZero({ weeks: w, days: d, hours: h, minutes: m + s / 60 });
  }
  const out: WorkDuration = { weeks: 0, days: 0, hours: 0, minutes: 0 };
  const seen = new Set<keyof WorkDuration>();
  const rest = raw
    .toLowerCase()
    .replace(/(\d+(?:[.,]\d+)?)\s*([a-zäöü]+)\.?/g, (whole, n: string, word: string) => {
      const unit = UNITS[word];
      if (!unit || seen.has(unit)) return '\u0000';
      seen.add(unit);
      out[unit] = num(n);
      return ' ';
    });
  // Only separators may be left; anything else (an unknown word, a bare number) is not understood.
  if (rest.includes('\u0000') || rest.replace(/\b(und|and)\b|[\s,+]/g, '') !== '') return null;
  return seen.size ? nonZero(out) : null;
}

function nonZero(d: WorkDuration): WorkDuration | null {
  return d.weeks + d.days + d.hours + d.minutes > 0 ? d : null;
}

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** The ISO-8601 form the server stores ("1d 4h" → "P1DT4H"). */
export function toIsoDuration(d: WorkDuration): string {
  const date = `${d.weeks ? `${fmt(d.weeks)}W` : ''}${d.days ? `${fmt(d.days)}D` : ''}`;
  const time = `${d.hours ? `${fmt(d.hours)}H` : ''}${d.minutes ? `${fmt(d.minutes)}M` : ''}`;
  return `P${date}${time ? `T${time}` : ''}`;
}

/** A typed target as ISO-8601, or null when it is not understood. */
export function workDurationToIso(text: string): string | null {
  const d = parseWorkDuration(text);
  return d ? toIsoDuration(d) : null;
}

/** Working minutes of a duration (day = 8 h, week = 5 days). */
export function workMinutes(d: WorkDuration): number {
  return ((d.weeks * 5 + d.days) * 8 + d.hours) * 60 + d.minutes;
}

const SHORT = {
  de: { weeks: ['Woche', 'Wochen'], days: ['Tag', 'Tage'], hours: ['Std.', 'Std.'], minutes: ['Min.', 'Min.'] },
  en: { weeks: ['week', 'weeks'], days: ['day', 'days'], hours: ['h', 'h'], minutes: ['min', 'min'] },
} as const;

/** The short form a person types, in their language ("P1DT4H" → "1 Tag 4 Std." / "1 day 4 h"); the text unchanged when it is no duration. */
export function formatWorkDuration(iso: string, locale: string): string {
  const d = parseWorkDuration(iso);
  if (!d) return iso;
  const words = SHORT[locale.startsWith('de') ? 'de' : 'en'];
  const decimal = (n: number) => (locale.startsWith('de') ? fmt(n).replace('.', ',') : fmt(n));
  return (['weeks', 'days', 'hours', 'minutes'] as const)
    .filter((u) => d[u])
    .map((u) => `${decimal(d[u])} ${words[u][d[u] === 1 ? 0 : 1]}`)
    .join(' ');
}
