/**
 * Reads an XES event log (IEEE 1849-2016) into the same plain events as a CSV import, with a
 * report of every problem by line, trace and event. sax (strict mode) reads the XML as a stream
 * of tags, piece by piece (`XesReader.write`), so neither the document nor a DOM of it is held:
 * a trace's events are handed out when the trace closes, and memory stays bounded by the largest
 * trace, not by the log. It refuses documents that are not well-formed with the line where they break.
 *
 * Rule: a trace is a case (its concept:name), an event is an activity (concept:name) at
 * time:timestamp by org:resource. Only events whose lifecycle:transition is `complete` (or who
 * have none) become events of the dataset; a `start` of the same activity earlier in the trace
 * is paired with the next complete (first in, first out) and kept as its attribute
 * `lifecycle:start`; other transitions (schedule, assign, suspend, abort, …) are counted and left out.
 * An identical event twice in one trace is reported as a warning (and kept).
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

/** What a finished read found: counts for the dataset row and the report. */
export interface XesSummary {
  errors: RowProblem[];
  warnings: RowProblem[];
  traces: number;
  events: number;
  cases: number;
  activities: number;
  firstEvent: number;
  lastEvent: number;
}

/**
 * An incremental XES reader: feed it text with `write`, take the complete events of closed traces
 * with `drain`, and call `end` once the document is through. Once `failed` is true no more events
 * come out (an import that stores as it reads must then throw away what it stored).
 */
export class XesReader {
  readonly errors: RowProblem[] = [];
  readonly warnings: RowProblem[] = [];
  traces = 0;
  private errorCount = 0;
  private eventElements = 0;
  private emitted = 0;
  private ready: LogEvent[] = [];
  private readonly parser = sax.parser(true, { position: true });
  private readonly stack: string[] = [];
  private readonly caseTrace = new Map<string, number>();
  private readonly activitySet = new Set<string>();
  private readonly skipped = new Map<string, number>();
  private trace: OpenTrace | null = null;
  private event: OpenEvent | null = null;
  private broken = false;
  private tooLarge = false;
  private started = false;
  private endLine = 1;
  private first = Infinity;
  private last = -Infinity;

  constructor() {
    const p = this.parser;
    p.onerror = (e) => {
      if (!this.broken) this.fail({ line: this.line(), message: `the XML is not well-formed: ${e.message.split('\n')[0]}` });
      this.broken = true;
    };
    p.onopentag = (tag) => this.open(tag.name.toLowerCase(), tag.attributes as Record<string, string | undefined>, tag.name);
    p.onclosetag = () => this.close();
  }

  /** True once a problem makes the log unusable (further input only adds to the report). */
  get failed(): boolean {
    return this.errorCount > 0;
  }
  /** True when reading further is of no use (not well-formed, or over the event budget). */
  get stopped(): boolean {
    return this.broken || this.tooLarge;
  }

  /** Feeds the next piece of the document. */
  write(text: string): void {
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    try {
      for (let i = 0; i < text.length && !this.stopped; i += CHUNK) this.parser.write(i === 0 && text.length <= CHUNK ? text : text.slice(i, i + CHUNK));
    } catch {
      // sax throws the error it has already reported through onerror
    }
  }

  /** The complete events of the traces closed since the last call. */
  drain(): LogEvent[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** Ends the document and returns the counts and the report. */
  end(): XesSummary {
    if (!this.stopped) {
      try {
        this.parser.close();
      } catch {
        // reported through onerror
      }
    }
    if (!this.stopped && !this.errorCount) {
      if (!this.traces) this.fail({ line: this.endLine, message: 'the log has no traces' });
      else if (!this.emitted) this.fail({ line: this.endLine, message: `the log has no complete events (lifecycle:transition "complete" or none) in its ${this.traces} traces` });
    }
    if (this.skipped.size) this.warnings.unshift({ message: `left out events with lifecycle:transition ${[...this.skipped].map(([k, v]) => `"${k}" (${v})`).join(', ')}` });
    if (this.errorCount > this.errors.length) this.errors.push({ message: `${this.errorCount - this.errors.length} more problems not listed` });
    const ok = !this.errorCount;
    return {
      errors: this.errors, warnings: this.warnings, traces: this.traces,
      events: ok ? this.emitted : 0, cases: ok ? this.caseTrace.size : 0, activities: ok ? this.activitySet.size : 0,
      firstEvent: this.first, lastEvent: this.last,
    };
  }

  private line() {
    return this.parser.line + 1;
  }
  private fail(p: RowProblem) {
    this.errorCount++;
    this.ready = [];
    if (this.errors.length < MAX_REPORTED) this.errors.push(p);
  }
  private warn(p: RowProblem) {
    if (this.warnings.length < MAX_REPORTED) this.warnings.push(p);
  }

  private open(name: string, attributes: Record<string, string | undefined>, rawName: string) {
    if (this.stopped) return;
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(name);
    if (!parent) {
      if (name !== 'log') this.fail({ line: this.line(), message: `the root element is <${rawName}>, not <log>: this is not an XES log` });
      return;
    }
    if (name === 'trace' && parent === 'log') {
      this.trace = { line: this.line(), index: ++this.traces, attrs: {}, events: [], positions: [], eventCount: 0, starts: new Map() };
    } else if (name === 'event') {
      if (!this.trace || parent !== 'trace') this.fail({ line: this.line(), message: 'an <event> outside a <trace>' });
      else if (++this.eventElements > MAX_EVENTS) {
        this.fail({ line: this.line(), message: `the log has more than ${MAX_EVENTS} events; at most ${MAX_EVENTS} can be imported` });
        this.tooLarge = true;
      } else this.event = { line: this.line(), attrs: {} };
    } else if (ATTRIBUTE_TAGS.has(name)) {
      // Only the attributes of a trace or an event itself; values nested in lists or containers are left out.
      const { key, value } = attributes;
      if (key === undefined || value === undefined) return; // a list or container itself
      if (parent === 'event' && this.event) this.event.attrs[key] = value;
      else if (parent === 'trace' && this.trace) this.trace.attrs[key] = value;
    }
  }

  private close() {
    if (this.stopped) return;
    const name = this.stack.pop();
    if (!this.stack.length) this.endLine = this.line();
    if (name === 'event' && this.event && this.trace) this.closeEvent(this.trace, this.event);
    if (name === 'event') this.event = null;
    if (name === 'trace' && this.trace && this.stack.length === 1) {
      this.closeTrace(this.trace);
      this.trace = null;
    }
  }

  private closeEvent(t: OpenTrace, e: OpenEvent) {
    const at = { line: e.line, trace: t.index, event: ++t.eventCount };
    const activity = (e.attrs['concept:name'] ?? '').trim();
    const stamp = e.attrs['time:timestamp'];
    if (!activity) this.fail({ ...at, column: 'concept:name', message: 'the event has no concept:name (activity)' });
    let time = NaN;
    if (stamp === undefined) this.fail({ ...at, column: 'time:timestamp', message: 'the event has no time:timestamp' });
    else if (Number.isNaN((time = parseTimestamp(stamp, 'iso')))) this.fail({ ...at, column: 'time:timestamp', message: `"${stamp.slice(0, 40)}" is not an xs:dateTime` });
    if (!activity || Number.isNaN(time) || this.errorCount) return;
    const transition = (e.attrs['lifecycle:transition'] ?? 'complete').trim().toLowerCase();
    if (transition === 'start') {
      const starts = t.starts.get(activity);
      if (starts) starts.push(stamp!);
      else t.starts.set(activity, [stamp!]);
      return;
    }
    if (transition !== 'complete') {
      this.skipped.set(transition, (this.skipped.get(transition) ?? 0) + 1);
      return;
    }
    let attributes: Record<string, string> | null = null;
    for (const k in e.attrs) if (!STANDARD.has(k)) (attributes ??= {})[k] = e.attrs[k];
    const start = t.starts.get(activity)?.shift();
    if (start !== undefined) (attributes ??= {})['lifecycle:start'] = start;
    t.events.push({ caseId: '', activity, time, resource: e.attrs['org:resource']?.trim() || null, attributes });
    t.positions.push(at.event);
  }

  private closeTrace(t: OpenTrace) {
    const caseId = (t.attrs['concept:name'] ?? '').trim();
    if (!caseId) {
      this.fail({ line: t.line, trace: t.index, column: 'concept:name', message: 'the trace has no concept:name (case id)' });
      return;
    }
    if (this.errorCount) return; // only the report is still of use
    const first = this.caseTrace.get(caseId);
    if (first !== undefined) this.warn({ line: t.line, trace: t.index, message: `the case "${caseId.slice(0, 40)}" is also trace ${first}; their events form one case` });
    else this.caseTrace.set(caseId, t.index);
    const caseAttrs = Object.entries(t.attrs).filter(([k]) => k !== 'concept:name').map(([k, v]) => [`case:${k}`, v] as const);
    const caseAttributes = caseAttrs.length ? Object.fromEntries(caseAttrs) : null;
    const seen = new Set<string>();
    t.events.forEach((e, i) => {
      e.caseId = caseId;
      if (caseAttributes) e.attributes = { ...caseAttributes, ...e.attributes };
      const key = JSON.stringify([e.activity, e.time, e.resource, e.attributes]);
      if (seen.has(key)) this.warn({ trace: t.index, event: t.positions[i], message: 'the same event is already in this case (kept)' });
      else seen.add(key);
      this.activitySet.add(e.activity);
      if (e.time < this.first) this.first = e.time;
      if (e.time > this.last) this.last = e.time;
      this.ready.push(e);
    });
    this.emitted += t.events.length;
  }
}

/** Parses a whole XES document held in memory; `errors` empty means every event is usable. */
export function parseXesLog(text: string): ParsedLog {
  const reader = new XesReader();
  const events: LogEvent[] = [];
  reader.write(text);
  events.push(...reader.drain());
  const s = reader.end();
  const ok = !s.errors.length;
  return { columns: [], dateFormat: ok ? 'iso' : null, events: ok ? events : [], errors: s.errors, warnings: s.warnings, cases: s.cases, activities: s.activities };
}
