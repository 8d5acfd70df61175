/** Formatting of KPI values for tables, cards and CSV. */

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

export interface CsvColumn<T> {
  label: string;
  value: (row: T) => string | number | null | undefined;
}

/** RFC 4180 CSV (quoted where needed, CRLF); spreadsheet formulas are neutralised. */
export function toCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map((c) => cell(c.label)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))].join('\r\n') + '\r\n';
}

/** Offers a text as a file download. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
