/**
 * The history of the filtered requests as an event log for process-mining tools: CSV, XES
 * (IEEE 1849-2016) and OCEL 2.0 JSON. Requests are selected by their start day; their events
 * are read in pages of requests, so memory stays flat for CSV and XES.
 */
import type { Queryable } from '../db/types';
import { HttpError } from '../errors';
import type { Scope } from './scope';

export interface LogRow {
  id: string;
  instance_id: string;
  process_key: string;
  version: number;
  element_id: string | null;
  element_type: string | null;
  kind: string;
  time: Date;
  actor: string | null;
  data: Record<string, unknown> | null;
}

const PAGE = 500;
/** OCEL 2.0 JSON needs its type lists before the events, so it is built in memory up to this size. */
export const OCEL_MAX_EVENTS = 500_000;
const ACTIVITY_KINDS = ['element_started', 'element_completed', 'element_cancelled', 'task_created', 'task_claimed', 'task_completed', 'process_started', 'process_completed', 'process_terminated'];

const lifecycle: Record<string, string> = {
  element_started: 'start', element_completed: 'complete', element_cancelled: 'ate_abort', process_started: 'start',
  process_completed: 'complete', process_terminated: 'pi_abort', task_created: 'schedule', task_claimed: 'assign', task_completed: 'complete',
};

/** Reads the events of the requests in scope, a page of requests at a time. */
export async function* eventPages(db: Queryable, s: Scope): AsyncGenerator<LogRow[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = await db.query<{ id: string }>(
      `SELECT id FROM process_instances WHERE definition_id = ANY ($1::uuid[]) AND started_at >= $2::date AND started_at < $3::date + 1 AND id > $4
         AND ($5::text IS NULL OR channel = $5)
       ORDER BY id LIMIT ${PAGE}`, [s.ids, s.filter.from, s.filter.to, after, s.filter.channel ?? null]);
    if (!ids.rows.length) return;
    after = ids.rows[ids.rows.length - 1].id;
    const r = await db.query<LogRow>(
      `SELECT h.id::text AS id, h.instance_id, h.process_key, d.version, h.element_id, h.element_type, h.kind, h.time, h.actor, h.data
       FROM history h JOIN definitions d ON d.id = h.definition_id
       WHERE h.instance_id = ANY ($1::uuid[]) AND h.kind = ANY ($2::text[]) ORDER BY h.instance_id, h.id`,
      [ids.rows.map((x) => x.id), ACTIVITY_KINDS]);
    yield r.rows;
  }
}

/** Element names of the versions in scope (latest name wins), for readable activity labels. */
export async function activityNames(db: Queryable, s: Scope): Promise<Map<string, string>> {
  const r = await db.query<{ key: string; name: string | null }>(
    `SELECT DISTINCT ON (e.key) e.key, e.value ->> 'name' AS name FROM definitions d CROSS JOIN LATERAL jsonb_each(d.model -> 'elements') e
     WHERE d.id = ANY ($1::uuid[]) ORDER BY e.key, d.version DESC`, [s.ids]);
  return new Map(r.rows.filter((x) => x.name).map((x) => [x.key, x.name!]));
}

const activityOf = (r: LogRow, names: Map<string, string>) =>
  r.kind.startsWith('process_') ? r.kind : (r.element_id && names.get(r.element_id)) || r.element_id || r.kind;
const iso = (d: Date | string) => new Date(d).toISOString();

const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const CSV_HEADER = 'case_id,process_key,version,activity,lifecycle,timestamp,resource,element_id,element_type,kind\r\n';
export function csvLines(rows: LogRow[], names: Map<string, string>): string {
  return rows
    .map((r) => [r.instance_id, r.process_key, r.version, activityOf(r, names), lifecycle[r.kind], iso(r.time), r.actor, r.element_id, r.element_type, r.kind].map(csvCell).join(',') + '\r\n')
    .join('');
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
export const XES_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace"><string key="concept:name" value=""/></global>
  <global scope="event"><string key="concept:name" value=""/><date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/><string key="lifecycle:transition" value="complete"/></global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="Lotse history"/>
`;
export const XES_TAIL = '</log>\n';

/** One <trace> per request, its events in order. */
export function xesTraces(rows: LogRow[], names: Map<string, string>): string {
  let out = '';
  let current: string | null = null;
  for (const r of rows) {
    if (r.instance_id !== current) {
      if (current) out += '  </trace>\n';
      current = r.instance_id;
      out += `  <trace>\n    <string key="concept:name" value="${xml(r.instance_id)}"/>\n    <string key="lotse:process" value="${xml(r.process_key)}"/>\n    <int key="lotse:version" value="${r.version}"/>\n`;
    }
    out += `    <event><string key="concept:name" value="${xml(activityOf(r, names))}"/><string key="lifecycle:transition" value="${lifecycle[r.kind]}"/>`
      + `<date key="time:timestamp" value="${iso(r.time)}"/>${r.actor ? `<string key="org:resource" value="${xml(r.actor)}"/>` : ''}`
      + `<string key="lotse:kind" value="${r.kind}"/>${r.element_id ? `<string key="lotse:elementId" value="${xml(r.element_id)}"/>` : ''}</event>\n`;
  }
  if (current) out += '  </trace>\n';
  return out;
}

/** OCEL 2.0 (JSON): requests, tasks and users as objects; each event relates to its request, task and actor. */
export async function ocelLog(db: Queryable, s: Scope) {
  const names = await activityNames(db, s);
  const objects = new Map<string, { id: string; type: string; attributes: { name: string; time: string; value: string | number }[]; relationships: { objectId: string; qualifier: string }[] }>();
  const events: { id: string; type: string; time: string; attributes: { name: string; value: string }[]; relationships: { objectId: string; qualifier: string }[] }[] = [];
  const eventTypes = new Set<string>();
  for await (const page of eventPages(db, s)) {
    for (const r of page) {
      if (events.length >= OCEL_MAX_EVENTS) throw new HttpError(413, 'too_large', `More than ${OCEL_MAX_EVENTS} events: narrow the filter (period, process) for OCEL, or use XES or CSV`);
      const req = `request:${r.instance_id}`;
      if (!objects.has(req)) {
        objects.set(req, { id: req, type: 'request', attributes: [{ name: 'process', time: iso(r.time), value: r.process_key }, { name: 'version', time: iso(r.time), value: r.version }], relationships: [] });
      }
      const rel = [{ objectId: req, qualifier: 'request' }];
      const taskId = typeof r.data?.taskId === 'string' ? r.data.taskId : null;
      if (taskId) {
        const task = `task:${taskId}`;
        if (!objects.has(task)) {
          objects.set(task, { id: task, type: 'task', attributes: [{ name: 'step', time: iso(r.time), value: r.element_id ?? '' }], relationships: [{ objectId: req, qualifier: 'part of' }] });
        }
        rel.push({ objectId: task, qualifier: 'task' });
      }
      if (r.actor) {
        const user = `user:${r.actor}`;
        if (!objects.has(user)) objects.set(user, { id: user, type: 'user', attributes: [], relationships: [] });
        rel.push({ objectId: user, qualifier: 'resource' });
      }
      const type = `${activityOf(r, names)} (${lifecycle[r.kind]})`;
      eventTypes.add(type);
      events.push({ id: `e${r.id}`, type, time: iso(r.time), attributes: [{ name: 'kind', value: r.kind }, { name: 'elementId', value: r.element_id ?? '' }], relationships: rel });
    }
  }
  return {
    objectTypes: [
      { name: 'request', attributes: [{ name: 'process', type: 'string' }, { name: 'version', type: 'integer' }] },
      { name: 'task', attributes: [{ name: 'step', type: 'string' }] },
      { name: 'user', attributes: [] },
    ],
    eventTypes: [...eventTypes].sort().map((name) => ({ name, attributes: [{ name: 'kind', type: 'string' }, { name: 'elementId', type: 'string' }] })),
    objects: [...objects.values()],
    events,
  };
}
