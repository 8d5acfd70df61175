/**
 * Reads an event log exported from another ticket system (CSV, a column mapping, timestamps in
 * one of the common formats) into plain events, with a report of every bad row. Pure: shared by
 * the server (import) and the app (column preview). papaparse handles quoting, embedded line
 * breaks and delimiter detection.
 */
import Papa from 'papaparse';

export const DATE_FORMATS = ['iso', 'ymd-slash', 'dmy-dot', 'dmy-slash', 'mdy-slash'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface ColumnMapping {
  case: string;
  activity: string;
  timestamp: string;
  resource?: string | null;
  attributes?: string[];
  /** 'auto' picks the first format that reads every sampled value. */
  dateFormat?: DateFormat | 'auto';
  /** Identical rows: kept (reported as warnings), skipped, or a reason to refuse the file. */
  duplicates?: 'keep' | 'skip' | 'reject';
}

export interface LogEvent {
  caseId: string;
  activity: string;
  /** Epoch milliseconds; timestamps without a zone are read as UTC. */
  time: number;
  resource: string | null;
  attributes: Record<string, string> | null;
}

export interface RowProblem {
  /** CSV: 1-based record number in the file; the header is row 1 (0: the file as a whole). */
  row?: number;
  /** XES: 1-based line of the document, and the 1-based trace and event (among the trace's events). */
  line?: number;
  trace?: number;
  event?: number;
  /** CSV: the column; XES: the attribute key. */
  column?: string;
  message: string;
}

export interface ParsedLog {
  columns: string[];
  dateFormat: DateFormat | null;
  events: LogEvent[];
  errors: RowProblem[];
  warnings: RowProblem[];
  cases: number;
  activities: number;
}

export const MAX_EVENTS = 2_000_000;
const MAX_REPORTED = 200;

type Parser = (v: string) => number;
const num = (s: string | undefined) => (s ? Number(s) : 0);
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return new Date(t).getUTCDate() === d ? t : NaN; // 31 February is not a date
}
const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(?:\s*([AaPp][Mm]))?)?`;
const frac = (f: string | undefined) => (f ? Math.round(Number(`0.${f}`) * 1000) : 0);
function hour(h: string | undefined, ampm: string | undefined) {
  let v = num(h);
  if (ampm) v = (v % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  return v;
}
function dateParser(re: RegExp, order: [number, number, number]): Parser {
  return (v) => {
    const m = re.exec(v.trim());
    if (!m) return NaN;
    return utc(num(m[order[0]]), num(m[order[1]]), num(m[order[2]]), hour(m[4], m[8]), num(m[5]), num(m[6]), frac(m[7]));
  };
}
const PARSERS: Record<DateFormat, Parser> = {
  iso: (v) => {
    const t = v.trim();
    if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) return NaN;
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(t) && t.length > 10;
    return Date.parse(zoned ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}${t.length === 10 ? 'T00:00:00' : ''}Z`);
  },
  'ymd-slash': dateParser(new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`), [1, 2, 3]),
  'dmy-dot': dateParser(new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`), [3, 2, 1]),
  'dmy-slash': dateParser(new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`), [3, 2, 1]),
  'mdy-slash': dateParser(new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`), [3, 1, 2]),
};

/** Reads one timestamp in the given format (epoch ms, NaN when it does not fit). */
export const parseTimestamp = (value: string, format: DateFormat) => PARSERS[format](value);

/** The first format that reads all of the sampled values; null if none does. */
export function detectDateFormat(samples: string[]): DateFormat | null {
  const values = samples.map((s) => s.trim()).filter(Boolean).slice(0, 2000);
  if (!values.length) return null;
  return DATE_FORMATS.find((f) => values.every((v) => !Number.isNaN(PARSERS[f](v)))) ?? null;
}

/** Proposes case, activity, timestamp and resource columns from their names. */
export function guessMapping(columns: string[]): Partial<ColumnMapping> {
  const find = (...patterns: RegExp[]) => {
    for (const p of patterns) {
      const c = columns.find((x) => p.test(x));
      if (c) return c;
    }
    return undefined;
  };
  const mapping: Partial<ColumnMapping> = {
    case: find(/^case[ _:-]?(id|key)?$/i, /case|ticket|request|vorgang|fall/i),
    activity: find(/^(activity|concept:name|event)$/i, /activit|aktivit|event|step|task|status/i),
    timestamp: find(/complete.*time|end.*time|time:timestamp/i, /time|date|zeit|datum/i),
    resource: find(/^(resource|org:resource)$/i, /resource|user|agent|bearbeiter|owner/i),
  };
  mapping.attributes = columns.filter((c, i) => columns.indexOf(c) === i && !Object.values(mapping).includes(c));
  return mapping;
}

/** The header row and the first records, for the column-mapping dialog. */
export function previewCsv(text: string, rows = 5): { columns: string[]; rows: string[][] } {
  const r = Papa.parse<string[]>(text, { preview: rows + 1, skipEmptyLines: 'greedy' });
  return { columns: (r.data[0] ?? []).map((c) => c.trim()), rows: r.data.slice(1) };
}

/** Parses a whole CSV log with a mapping; `errors` empty means every row is usable. */
export function parseCsvLog(text: string, mapping: ColumnMapping): ParsedLog {
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  let errorCount = 0;
  const fail = (p: RowProblem) => {
    errorCount++;
    if (errors.length < MAX_REPORTED) errors.push(p);
  };
  const result = (events: LogEvent[], columns: string[], dateFormat: DateFormat | null): ParsedLog => {
    if (errorCount > errors.length) errors.push({ row: 0, message: `${errorCount - errors.length} more problems not listed` });
    const cases = new Set(events.map((e) => e.caseId)).size;
    return { columns, dateFormat, events: errorCount ? [] : events, errors, warnings, cases: errorCount ? 0 : cases, activities: errorCount ? 0 : new Set(events.map((e) => e.activity)).size };
  };

  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // The header and a sample for the date format first; then the rows one at a time (step), so
  // that no array of all records is held while the events are built.
  const head = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy', preview: 2001 });
  const columns = (head.data[0] ?? []).map((c) => c.trim());
  if (!columns.length) {
    fail({ row: 1, message: 'the file has no header row' });
    return result([], columns, null);
  }
  const index = (name: string | null | undefined, role: string, required: boolean) => {
    if (!name) {
      if (required) fail({ row: 1, column: role, message: `no column chosen for ${role}` });
      return -1;
    }
    const i = columns.indexOf(name);
    if (i < 0) fail({ row: 1, column: name, message: `column "${name}" (${role}) is not in the header` });
    return i;
  };
  const ci = index(mapping.case, 'case', true);
  const ai = index(mapping.activity, 'activity', true);
  const ti = index(mapping.timestamp, 'timestamp', true);
  const ri = index(mapping.resource, 'resource', false);
  const attrs = (mapping.attributes ?? []).map((a) => [a, index(a, 'attribute', false)] as const).filter(([, i]) => i >= 0);
  if (errorCount) return result([], columns, null);
  if (head.data.length <= 1) {
    fail({ row: 2, message: 'the file has no events' });
    return result([], columns, null);
  }

  const format = !mapping.dateFormat || mapping.dateFormat === 'auto' ? detectDateFormat(head.data.slice(1).map((r) => r[ti] ?? '')) : mapping.dateFormat;
  if (!format) {
    fail({ row: 2, column: mapping.timestamp, message: 'no known date format reads the timestamps; choose one (iso, ymd-slash, dmy-dot, dmy-slash, mdy-slash)' });
    return result([], columns, null);
  }
  const parseTime = PARSERS[format];

  const seen = new Map<string, number>();
  const events: LogEvent[] = [];
  let i = 0;
  Papa.parse<string[]>(body, {
    skipEmptyLines: 'greedy',
    step: (r, parser) => {
      if (i++ === 0) return; // header
      const row = i;
      if (i - 1 > MAX_EVENTS) {
        fail({ row: 0, message: `the file has more than ${MAX_EVENTS} rows; at most ${MAX_EVENTS} can be imported` });
        parser.abort();
        return;
      }
      const rec = r.data;
      const problem = r.errors.find((e) => e.code !== 'UndetectableDelimiter');
      if (problem || rec.length !== columns.length) {
        fail({ row, message: problem?.message ?? `has ${rec.length} fields, the header has ${columns.length}` });
        return;
      }
      const caseId = rec[ci].trim();
      const activity = rec[ai].trim();
      if (!caseId) fail({ row, column: mapping.case, message: 'the case id is empty' });
      if (!activity) fail({ row, column: mapping.activity, message: 'the activity is empty' });
      const time = parseTime(rec[ti]);
      if (Number.isNaN(time)) fail({ row, column: mapping.timestamp, message: `"${rec[ti].slice(0, 40)}" is not a ${format} timestamp` });
      if (!caseId || !activity || Number.isNaN(time)) return;
      const key = rec.join('\u001f');
      const first = seen.get(key);
      if (first !== undefined) {
        const p = { row, message: `duplicate of row ${first}` };
        if (mapping.duplicates === 'reject') fail(p);
        else if (warnings.length < MAX_REPORTED) warnings.push({ ...p, message: `${p.message}${mapping.duplicates === 'skip' ? ' (skipped)' : ' (kept)'}` });
        if (mapping.duplicates === 'skip' || mapping.duplicates === 'reject') return;
      } else seen.set(key, row);
      if (errorCount) return; // only the report is still of use
      const resource = ri >= 0 ? rec[ri].trim() || null : null;
      let attributes: Record<string, string> | null = null;
      for (const [name, j] of attrs) {
        if (rec[j] !== '') (attributes ??= {})[name] = rec[j];
      }
      events.push({ caseId, activity, time, resource, attributes });
    },
  });
  return result(events, columns, format);
}
