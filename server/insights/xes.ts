/**
 * Reads an XES event log (IEEE 1849-2016) into the same plain events as a CSV import, with a
 * report of every problem by line, trace and event. sax (strict mode) reads the XML as a stream
 * of tags, so no DOM of the whole log is built, and it refuses documents that are not
 * well-formed with the line where they break.
 *
 * Rule: a trace is a case (its concept:name), an event is an activity (concept:name) at
 * time:timestamp by org:resource. Only events whose lifecycle:transition is `complete` (or who
 * have none) become events of the dataset; a `start` of the same activity earlier in the trace
 * is paired with the next complete (first in, first out) and kept as its attribute
 * `lifecycle:start`; other transitions (schedule, assign, suspend, abort, …) are counted and left out.
 */
import sax from 'sax';
import { MAX_EVENTS, parseTimestamp, type LogEvent, type ParsedLog, type RowProblem } from '../../common/eventlog';

const MAX_REPORTED = 200;
const CHUNK = 1 << 16;
const ATTRIBUTE_TAGS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);
/** Attributes that become the event's own fields rather than entries of `attributes`. */
const STANDARD = new Set(['concept:name', 'time:timestamp', 'org:resource', 'lifecycle:transition']);

interface OpenEvent {
  line: number;
  attrs: Record<string, string>;
}
interface OpenTrace {
  line: number;
  index: number;
  attrs: Record<string, string>;
  /** Its complete events, and each one's 1-based position among the trace's <event> elements. */
  events: LogEvent[];
  positions: number[];
  eventCount: number;
  starts: Map<string, string[]>;
}

/** Parses a whole XES document; `errors` empty means every event is usable. */
export function parseXesLog(text: string): ParsedLog {
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  let errorCount = 0;
  const fail = (p: RowProblem) => {
    errorCount++;
    if (errors.length < MAX_REPORTED) errors.push(p);
  };
  const warn = (p: RowProblem) => warnings.length < MAX_REPORTED && warnings.push(p);

  const parser = sax.parser(true, { position: true });
  const line = () => parser.line + 1;
  const stack: string[] = [];
  const events: LogEvent[] = [];
  const caseTrace = new Map<string, number>();
  const seen = new Set<string>();
  const skipped = new Map<string, number>();
  let traces = 0;
  let eventElements = 0;
  let trace: OpenTrace | null = null;
  let event: OpenEvent | null = null;
  let broken = false;
  let tooLarge = false;

  parser.onerror = (e) => {
    if (!broken) fail({ line: line(), message: `the XML is not well-formed: ${e.message.split('\n')[0]}` });
    broken = true;
  };
  parser.onopentag = (tag) => {
    if (broken || tooLarge) return;
    const name = tag.name.toLowerCase();
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (!parent) {
      if (name !== 'log') fail({ line: line(), message: `the root element is <${tag.name}>, not <log>: this is not an XES log` });
      return;
    }
    if (name === 'trace' && parent === 'log') {
      trace = { line: line(), index: ++traces, attrs: {}, events: [], positions: [], eventCount: 0, starts: new Map() };
    } else if (name === 'event') {
      if (!trace || parent !== 'trace') fail({ line: line(), message: 'an <event> outside a <trace>' });
      else if (++eventElements > MAX_EVENTS) {
        fail({ line: line(), message: `the log has more than ${MAX_EVENTS} events; at most ${MAX_EVENTS} can be imported` });
        tooLarge = true;
      } else event = { line: line(), attrs: {} };
    } else if (ATTRIBUTE_TAGS.has(name)) {
      // Only the attributes of a trace or an event itself; values nested in lists or containers are left out.
      const { key, value } = tag.attributes as Record<string, string | undefined>;
      if (key === undefined || value === undefined) return; // a list or container itself
      if (parent === 'event' && event) event.attrs[key] = value;
      else if (parent === 'trace' && trace) trace.attrs[key] = value;
    }
  };
  let endLine = 1;
  parser.onclosetag = () => {
    if (broken || tooLarge) return;
    const name = stack.pop();
    if (!stack.length) endLine = line();
    if (name === 'event' && event && trace) closeEvent(trace, event);
    if (name === 'event') event = null;
    if (name === 'trace' && trace && stack.length === 1) {
      closeTrace(trace);
      trace = null;
    }
  };

  function closeEvent(t: OpenTrace, e: OpenEvent) {
    const at = { line: e.line, trace: t.index, event: ++t.eventCount };
    const activity = (e.attrs['concept:name'] ?? '').trim();
    const stamp = e.attrs['time:timestamp'];
    if (!activity) fail({ ...at, column: 'concept:name', message: 'the event has no concept:name (activity)' });
    let time = NaN;
    if (stamp === undefined) fail({ ...at, column: 'time:timestamp', message: 'the event has no time:timestamp' });
    else if (Number.isNaN((time = parseTimestamp(stamp, 'iso')))) fail({ ...at, column: 'time:timestamp', message: `"${stamp.slice(0, 40)}" is not an xs:dateTime` });
    if (!activity || Number.isNaN(time) || errorCount) return;
    const transition = (e.attrs['lifecycle:transition'] ?? 'complete').trim().toLowerCase();
    if (transition === 'start') {
      t.starts.set(activity, [...(t.starts.get(activity) ?? []), stamp!]);
      return;
    }
    if (transition !== 'complete') {
      skipped.set(transition, (skipped.get(transition) ?? 0) + 1);
      return;
    }
    let attributes: Record<string, string> | null = null;
    for (const [k, v] of Object.entries(e.attrs)) if (!STANDARD.has(k)) (attributes ??= {})[k] = v;
    const start = t.starts.get(activity)?.shift();
    if (start !== undefined) (attributes ??= {})['lifecycle:start'] = start;
    t.events.push({ caseId: '', activity, time, resource: e.attrs['org:resource']?.trim() || null, attributes });
    t.positions.push(at.event);
  }

  function closeTrace(t: OpenTrace) {
    const caseId = (t.attrs['concept:name'] ?? '').trim();
    if (!caseId) {
      fail({ line: t.line, trace: t.index, column: 'concept:name', message: 'the trace has no concept:name (case id)' });
      return;
    }
    if (errorCount) return; // only the report is still of use
    const first = caseTrace.get(caseId);
    if (first !== undefined) warn({ line: t.line, trace: t.index, message: `the case "${caseId.slice(0, 40)}" is also trace ${first}; their events form one case` });
    else caseTrace.set(caseId, t.index);
    const caseAttrs = Object.entries(t.attrs).filter(([k]) => k !== 'concept:name').map(([k, v]) => [`case:${k}`, v] as const);
    t.events.forEach((e, i) => {
      e.caseId = caseId;
      if (caseAttrs.length) e.attributes = { ...Object.fromEntries(caseAttrs), ...e.attributes };
      const key = JSON.stringify([caseId, e.activity, e.time, e.resource, e.attributes]);
      if (seen.has(key)) warn({ trace: t.index, event: t.positions[i], message: 'the same event is already in this case (kept)' });
      else seen.add(key);
      events.push(e);
    });
  }

  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    for (let i = 0; i < body.length && !broken && !tooLarge; i += CHUNK) parser.write(body.slice(i, i + CHUNK));
    if (!broken && !tooLarge) parser.close();
  } catch {
    // sax throws the error it has already reported through onerror
  }
  if (!broken && !tooLarge && !errorCount) {
    if (!traces) fail({ line: endLine, message: 'the log has no traces' });
    else if (!events.length) fail({ line: endLine, message: `the log has no complete events (lifecycle:transition "complete" or none) in its ${traces} traces` });
  }
  if (skipped.size) warnings.unshift({ message: `left out events with lifecycle:transition ${[...skipped].map(([k, v]) => `"${k}" (${v})`).join(', ')}` });
  if (errorCount > errors.length) errors.push({ message: `${errorCount - errors.length} more problems not listed` });
  const ok = !errorCount;
  return {
    columns: [],
    dateFormat: ok ? 'iso' : null,
    events: ok ? events : [],
    errors,
    warnings,
    cases: ok ? new Set(events.map((e) => e.caseId)).size : 0,
    activities: ok ? new Set(events.map((e) => e.activity)).size : 0,
  };
}
