/** Formatting of KPI values for tables and cards (CSV: ui/csv.ts). */

/** A duration in seconds as "3.2 d", "5.0 h", "12 min" or "40 s". */
export function formatDuration(seconds: number | null | undefined, locale = 'en'): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  const f = (v: number, digits = 1) => v.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  if (seconds >= 86400) return `${f(seconds / 86400)} d`;
  if (seconds >= 3600) return `${f(seconds / 3600)} h`;
  if (seconds >= 60) return `${f(seconds / 60, 0)} min`;
  return `${f(seconds, 0)} s`;
}

export function formatPercent(share: number | null | undefined, locale = 'en'): string {
  if (share === null || share === undefined) return '–';
  return share.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 1 });
}

export function formatNumber(v: number | null | undefined, locale = 'en', digits = 0): string {
  if (v === null || v === undefined) return '–';
  return v.toLocaleString(locale, { maximumFractionDigits: digits });
}
