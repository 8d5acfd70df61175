/**
 * Absences (issue #20, point 3): approved vacation (the vacation template's `absence` service task)
 * and sick notes (HR records them with the filed note) become absences — person, first and last
 * day, kind, the request or document they came from. While one lasts, its substitute stands in for
 * the person: the engine's substitute look-up (absenceSubstituteOf, wired beside the person's own
 * setting) sends their new tasks there, and stops when the absence ends or is cancelled.
 *
 * The team calendar of a department shows the absences it recorded and those of its members
 * (group members, owners) and of the people whose files it keeps; agents and owners of the
 * department and admins see it, everyone else gets 404. The kind (vacation, sick) is shown only to
 * those who keep the files of the department that recorded it; colleagues see "absent".
 */
import type { Db, Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { notFound, validationFailed, type FieldError } from '../errors';
import type { ConnectorOutcome } from '../engine/connectors/outcome';
import { ConnectorError, field } from '../engine/connectors/registry';
import type { JobInput } from '../engine/runtime/ports';
import { fileAccess, keepsFilesOf } from './personnel';

export const ABSENCE_KINDS = ['vacation', 'sick', 'other'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];
/** Longest absence one record may cover (a longer leave is recorded in parts). */
export const MAX_ABSENCE_DAYS = 366;
/** Most absences one calendar month answers with. */
export const MAX_CALENDAR_ITEMS = 2000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: unknown): s is string => typeof s === 'string' && DATE.test(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

export interface AbsenceInput {
  employeeId: string;
  departmentId: string;
  kind: AbsenceKind;
  firstDay: string;
  lastDay: string;
  substituteId: string | null;
  instanceId?: string | null;
  documentId?: string | null;
  jobId?: string | null;
  createdBy?: string | null;
  note?: string | null;
}

/** Checks first and last day (dates, last ≥ first, at most MAX_ABSENCE_DAYS); errors under the given field paths. */
export function checkDays(firstDay: unknown, lastDay: unknown, errors: FieldError[], paths = { first: '/firstDay', last: '/lastDay' }) {
  if (!validDate(firstDay)) errors.push({ path: paths.first, message: 'must be a date YYYY-MM-DD', code: 'absence_date' });
  if (!validDate(lastDay)) errors.push({ path: paths.last, message: 'must be a date YYYY-MM-DD', code: 'absence_date' });
  else if (validDate(firstDay)) {
    const n = daysBetween(firstDay, lastDay);
    if (n < 0) errors.push({ path: paths.last, message: 'must not be before the first day', code: 'absence_before_first' });
    else if (n >= MAX_ABSENCE_DAYS) errors.push({ path: paths.last, message: `an absence covers at most ${MAX_ABSENCE_DAYS} days`, code: 'absence_too_long' });
  }
}

export async function insertAbsence(q: Queryable, a: AbsenceInput): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO absences (employee_id, department_id, kind, first_day, last_day, substitute_id, instance_id, document_id, source_job_id, created_by, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [a.employeeId, a.departmentId, a.kind, a.firstDay, a.lastDay, a.substituteId, a.instanceId ?? null, a.documentId ?? null, a.jobId ?? null, a.createdBy ?? null, a.note ?? null]);
  return r.rows[0].id;
}

export async function userByEmail(q: Queryable, email: string) {
  return (await q.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE lower(email) = lower($1)', [email.trim()])).rows[0] ?? null;
}

/** The colleague standing in for this person (lower-case e-mail) because of an absence at that time. */
export async function absenceSubstituteOf(tx: Queryable, email: string, at: Date): Promise<string | null> {
  const r = await tx.query<{ email: string }>(
    `SELECT lower(s.email) AS email FROM absences a JOIN users u ON u.id = a.employee_id JOIN users s ON s.id = a.substitute_id
     WHERE lower(u.email) = $1 AND a.cancelled_at IS NULL AND a.first_day <= $2::date AND a.last_day >= $2::date
     ORDER BY a.created_at DESC LIMIT 1`,
    [email.toLowerCase(), at.toISOString().slice(0, 10)]);
  return r.rows[0]?.email ?? null;
}

/**
 * The `absence` connector: records the absence of `employee` (default the requester) from
 * `firstDay` to `lastDay` (default the variables of those names), `kind` (default vacation), with
 * `substitute` (an e-mail; someone who is no user is left out) and `document` (the id of the filed
 * document, default `document.id`), for the process's department. A retried job finds its absence.
 */
export async function absenceConnector(db: Db, job: JobInput): Promise<ConnectorOutcome> {
  const fail = (message: string): ConnectorOutcome => ({ kind: 'fail', message: `absence: ${message}`, retryable: false });
  try {
    const done = await db.query<{ id: string }>('SELECT id FROM absences WHERE source_job_id = $1', [job.jobId]);
    if (done.rows[0]) return { kind: 'complete', variables: { absence: { id: done.rows[0].id } } };
    const email = String(field(job, 'employee') ?? job.variables.initiator ?? '');
    const person = await userByEmail(db, email);
    if (!person) return fail(`no user with the e-mail "${email}" (header "employee")`);
    const kind = String(field(job, 'kind') ?? 'vacation');
    if (!(ABSENCE_KINDS as readonly string[]).includes(kind)) return fail(`kind "${kind}" is not one of ${ABSENCE_KINDS.join(', ')}`);
    const firstDay = field(job, 'firstDay'), lastDay = field(job, 'lastDay');
    const errors: FieldError[] = [];
    checkDays(firstDay, lastDay, errors);
    if (errors.length) return fail(errors.map((e) => `${(e.path ?? '').slice(1)} ${e.message}`).join('; '));
    const sub = field(job, 'substitute');
    const substitute = typeof sub === 'string' && sub.trim() ? await userByEmail(db, sub) : null;
    const doc = job.headers.document !== undefined ? field(job, 'document') : (job.variables.document as { id?: unknown } | undefined)?.id;
    const documentId = typeof doc === 'string' && (await db.query('SELECT 1 FROM documents WHERE id::text = $1 AND employee_id = $2', [doc, person.id])).rows[0] ? doc : null;
    const inst = await db.query<{ department_id: string | null }>('SELECT department_id FROM process_instances WHERE id = $1', [job.instanceId]);
    const departmentId = inst.rows[0]?.department_id;
    if (!departmentId) return fail('the process belongs to no department');
    const id = await insertAbsence(db, {
      employeeId: person.id, departmentId, kind: kind as AbsenceKind, firstDay: firstDay as string, lastDay: lastDay as string,
      substituteId: substitute && substitute.id !== person.id ? substitute.id : null, instanceId: job.instanceId, documentId, jobId: job.jobId,
    });
    return { kind: 'complete', variables: { absence: { id, substitute: substitute && substitute.id !== person.id ? substitute.email.toLowerCase() : null } } };
  } catch (err) {
    if (err instanceof ConnectorError) return fail(err.message);
    if ((err as { code?: string }).code === '23505') {
      const again = await db.query<{ id: string }>('SELECT id FROM absences WHERE source_job_id = $1', [job.jobId]);
      if (again.rows[0]) return { kind: 'complete', variables: { absence: { id: again.rows[0].id } } };
    }
    return { kind: 'fail', message: `absence: ${(err as Error).message}`, retryable: true };
  }
}

/** Sees the team calendar of a department: its agents (group members), owners, admins. */
const seesCalendar = (p: Principal, departmentId: string) => keepsFilesOf(p, departmentId);

/** The departments whose calendar the caller sees. */
export async function calendarDepartments(q: Queryable, p: Principal) {
  const r = await q.query<{ id: string; name: string }>('SELECT id, name FROM departments ORDER BY name');
  return r.rows.filter((d) => seesCalendar(p, d.id));
}

export interface RecordBody { employeeEmail: string; departmentId: string; kind: AbsenceKind; firstDay: string; lastDay: string; substituteEmail?: string; documentId?: string; note?: string }

/**
 * HR records an absence (a sick note from the personnel file, a leave decided outside Lotse): the
 * caller keeps the files of departmentId and that department keeps the person's file; else 404.
 */
export async function recordAbsence(q: Queryable, p: Principal, b: RecordBody) {
  if (!keepsFilesOf(p, b.departmentId)) throw notFound('Department');
  const errors: FieldError[] = [];
  checkDays(b.firstDay, b.lastDay, errors);
  const person = await userByEmail(q, b.employeeEmail);
  const file = person ? (await q.query<{ department_id: string }>('SELECT department_id FROM personnel_files WHERE employee_id = $1', [person.id])).rows[0] : null;
  if (!person || file?.department_id !== b.departmentId) errors.push({ path: '/employeeEmail', message: 'no personnel file kept by this department' });
  let substituteId: string | null = null;
  if (b.substituteEmail?.trim()) {
    const s = await userByEmail(q, b.substituteEmail);
    if (!s) errors.push({ path: '/substituteEmail', message: 'no user with this e-mail' });
    else if (s.id === person?.id) errors.push({ path: '/substituteEmail', message: 'nobody stands in for themself' });
    else substituteId = s.id;
  }
  if (b.documentId && person && !(await q.query('SELECT 1 FROM documents WHERE id = $1 AND employee_id = $2', [b.documentId, person.id])).rows[0]) {
    errors.push({ path: '/documentId', message: 'is no document of this personnel file' });
  }
  if (errors.length) throw validationFailed(errors);
  const id = await insertAbsence(q, { employeeId: person!.id, departmentId: b.departmentId, kind: b.kind, firstDay: b.firstDay, lastDay: b.lastDay, substituteId, documentId: b.documentId ?? null, createdBy: p.id, note: b.note?.trim() || null });
  return { id };
}

/** Cancels an absence (its substitute stops standing in at once): keepers of its department. */
export async function cancelAbsence(q: Queryable, p: Principal, id: string, now: Date) {
  const a = (await q.query<{ department_id: string }>('SELECT department_id FROM absences WHERE id = $1 AND cancelled_at IS NULL', [id])).rows[0];
  if (!a || !keepsFilesOf(p, a.department_id)) throw notFound('Absence');
  await q.query('UPDATE absences SET cancelled_at = $2 WHERE id = $1', [id, now]);
}

interface CalendarRow {
  id: string; employee_id: string; name: string; email: string; department_id: string; kind: AbsenceKind; first_day: string; last_day: string;
  substitute_name: string | null; substitute_email: string | null; instance_id: string | null; document_id: string | null;
}

/** One month of a department's team calendar (month: YYYY-MM). 404 for a department the caller does not see. */
export async function teamCalendar(q: Queryable, p: Principal, departmentId: string, month: string) {
  if (!seesCalendar(p, departmentId)) throw notFound('Department');
  const from = `${month}-01`;
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
  const r = await q.query<CalendarRow>(
    `SELECT a.id, a.employee_id, u.name, u.email, a.department_id, a.kind, to_char(a.first_day, 'YYYY-MM-DD') AS first_day, to_char(a.last_day, 'YYYY-MM-DD') AS last_day,
            s.name AS substitute_name, s.email AS substitute_email, a.instance_id, a.document_id
       FROM absences a JOIN users u ON u.id = a.employee_id LEFT JOIN users s ON s.id = a.substitute_id
      WHERE a.cancelled_at IS NULL AND a.first_day < $3::date AND a.last_day >= $2::date
        AND (a.department_id = $1
             OR EXISTS (SELECT 1 FROM personnel_files f WHERE f.employee_id = a.employee_id AND f.department_id = $1)
             OR EXISTS (SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = a.employee_id AND g.department_id = $1)
             OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = a.employee_id AND ur.role = 'owner' AND ur.department_id = $1))
      ORDER BY u.name, a.first_day LIMIT ${MAX_CALENDAR_ITEMS}`,
    [departmentId, from, next]);
  return {
    departmentId,
    month,
    items: r.rows.map((a) => ({
      id: a.id,
      employee: { id: a.employee_id, name: a.name, email: a.email },
      kind: keepsFilesOf(p, a.department_id) ? a.kind : null,
      firstDay: a.first_day,
      lastDay: a.last_day,
      substitute: a.substitute_email ? { name: a.substitute_name, email: a.substitute_email } : null,
      instanceId: keepsFilesOf(p, a.department_id) ? a.instance_id : null,
      documentId: keepsFilesOf(p, a.department_id) ? a.document_id : null,
      cancellable: keepsFilesOf(p, a.department_id),
    })),
  };
}

/** The caller's own absences from a day on (newest first, at most 200). */
export async function myAbsences(q: Queryable, p: Principal) {
  const r = await q.query(
    `SELECT a.id, a.kind, to_char(a.first_day, 'YYYY-MM-DD') AS "firstDay", to_char(a.last_day, 'YYYY-MM-DD') AS "lastDay", s.email AS "substituteEmail", s.name AS "substituteName"
       FROM absences a LEFT JOIN users s ON s.id = a.substitute_id WHERE a.employee_id = $1 AND a.cancelled_at IS NULL ORDER BY a.first_day DESC LIMIT 200`, [p.id]);
  return r.rows;
}

/** Most absences one personnel file answers with (newest first). */
export const MAX_FILE_ABSENCES = 200;

interface FileAbsenceRow {
  id: string; department_id: string; kind: AbsenceKind; first_day: string; last_day: string; substitute_name: string | null; substitute_email: string | null;
  document_id: string | null; document_title: string | null; instance_id: string | null; reference: string | null;
}

/**
 * The absences of the person whose personnel file this is (not cancelled, newest first): for the
 * file's keepers (the kind, source and cancelling only where they keep the recording department's
 * files) and for the employee (their own, read-only). Everyone else 404, as for the file.
 */
export async function fileAbsences(q: Queryable, p: Principal, employeeId: string) {
  const { access } = await fileAccess(q, p, employeeId);
  const r = await q.query<FileAbsenceRow>(
    `SELECT a.id, a.department_id, a.kind, to_char(a.first_day, 'YYYY-MM-DD') AS first_day, to_char(a.last_day, 'YYYY-MM-DD') AS last_day,
            s.name AS substitute_name, s.email AS substitute_email, a.document_id, d.title AS document_title, a.instance_id, i.reference
       FROM absences a LEFT JOIN users s ON s.id = a.substitute_id LEFT JOIN documents d ON d.id = a.document_id LEFT JOIN process_instances i ON i.id = a.instance_id
      WHERE a.employee_id = $1 AND a.cancelled_at IS NULL ORDER BY a.first_day DESC, a.created_at DESC LIMIT ${MAX_FILE_ABSENCES}`, [employeeId]);
  return r.rows.map((a) => {
    const sees = access === 'self' || keepsFilesOf(p, a.department_id);
    return {
      id: a.id,
      kind: sees ? a.kind : null,
      firstDay: a.first_day,
      lastDay: a.last_day,
      substitute: a.substitute_email ? { name: a.substitute_name ?? a.substitute_email, email: a.substitute_email } : null,
      document: sees && a.document_id ? { id: a.document_id, title: a.document_title ?? '' } : null,
      request: sees && a.instance_id ? { id: a.instance_id, reference: a.reference } : null,
      cancellable: access !== 'self' && keepsFilesOf(p, a.department_id),
    };
  });
}
