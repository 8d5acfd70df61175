/**
 * Master data of a personnel file (issue #20, point 2): what generated documents need beyond name
 * and e-mail — entry date and job title — and the person's language for documents written to them.
 * The keeping department's agents and owners change it; the employee reads their own. The
 * `personnel-data` connector hands it to a process (with the list of what is missing), so a model
 * can send a request to HR instead of printing a gap.
 */
import type { Db, Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { notFound, validationFailed, type FieldError } from '../errors';
import type { ConnectorOutcome } from '../engine/connectors/outcome';
import { ConnectorError, field } from '../engine/connectors/registry';
import type { JobInput } from '../engine/runtime/ports';
import { fileAccess } from './personnel';

export interface MasterData {
  name: string;
  email: string;
  language: 'de' | 'en';
  entryDate: string | null;
  jobTitle: string | null;
}

/** The master data fields a certificate needs; the connector reports those without a value. */
export const REQUIRED_FOR_CERTIFICATE = ['entryDate', 'jobTitle'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function load(q: Queryable, employeeId: string): Promise<MasterData | null> {
  const r = await q.query<{ name: string; email: string; locale: string | null; entry_date: string | null; job_title: string | null }>(
    `SELECT u.name, u.email, u.locale, to_char(f.entry_date, 'YYYY-MM-DD') AS entry_date, f.job_title
       FROM users u LEFT JOIN personnel_files f ON f.employee_id = u.id WHERE u.id = $1`, [employeeId]);
  const row = r.rows[0];
  if (!row) return null;
  return { name: row.name, email: row.email, language: row.locale === 'en' ? 'en' : 'de', entryDate: row.entry_date, jobTitle: row.job_title };
}

export async function readMasterData(q: Queryable, p: Principal, employeeId: string) {
  const { access } = await fileAccess(q, p, employeeId);
  return { ...(await load(q, employeeId))!, access };
}

/** Sets entry date and job title (null clears); keepers only — the employee gets 404 as for any change. */
export async function updateMasterData(q: Queryable, p: Principal, employeeId: string, body: { entryDate?: string | null; jobTitle?: string | null }) {
  const { access } = await fileAccess(q, p, employeeId);
  if (access === 'self') throw notFound('Personnel file');
  const errors: FieldError[] = [];
  if (body.entryDate != null && (!DATE.test(body.entryDate) || Number.isNaN(Date.parse(body.entryDate)))) errors.push({ path: '/entryDate', message: 'must be a date YYYY-MM-DD' });
  if (body.jobTitle != null && (!body.jobTitle.trim() || body.jobTitle.length > 200)) errors.push({ path: '/jobTitle', message: 'must be 1 to 200 characters' });
  if (errors.length) throw validationFailed(errors);
  await q.query(
    `UPDATE personnel_files SET
       entry_date = CASE WHEN $2::boolean THEN $3::date ELSE entry_date END,
       job_title = CASE WHEN $4::boolean THEN $5 ELSE job_title END
     WHERE employee_id = $1`,
    [employeeId, body.entryDate !== undefined, body.entryDate ?? null, body.jobTitle !== undefined, body.jobTitle?.trim() ?? null]);
  return readMasterData(q, p, employeeId);
}

const MONTHS_DE = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date as a reader of that language writes it in a letter: "1. April 2021", "1 April 2021". */
export function dateText(iso: string | null, lang: 'de' | 'en'): string | null {
  if (!iso || !DATE.test(iso)) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return lang === 'de' ? `${d}. ${MONTHS_DE[m - 1]} ${y}` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** Master data as a template sees it: `person.*` with the dates also written out (`entryDateText`). */
export async function personForTemplate(q: Queryable, employeeId: string, lang?: 'de' | 'en') {
  const m = await load(q, employeeId);
  if (!m) return null;
  const language = lang ?? m.language;
  const person: Record<string, unknown> = { name: m.name, email: m.email, language };
  // Only values that exist: a template using a missing one fails naming it (never an empty gap).
  if (m.entryDate) Object.assign(person, { entryDate: m.entryDate, entryDateText: dateText(m.entryDate, language) });
  if (m.jobTitle) person.jobTitle = m.jobTitle;
  return person;
}

/**
 * The `personnel-data` connector: reads the master data of `employee` (e-mail; default the
 * requester) into `person` and lists the fields a certificate needs that have no value in
 * `missingData`. With `entryDate` / `jobTitle` headers (FEEL) it first stores those values —
 * the step after HR completed the missing data.
 */
export async function personnelDataConnector(db: Db, job: JobInput): Promise<ConnectorOutcome> {
  try {
    const email = String(field(job, 'employee') ?? job.variables.initiator ?? '').trim().toLowerCase();
    const user = (await db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = $1', [email])).rows[0];
    if (!user) return { kind: 'fail', message: `personnel-data: no user with the e-mail "${email}" (header "employee")`, retryable: false };
    const updates: Record<string, string> = {};
    for (const [name, column] of [['entryDate', 'entry_date'], ['jobTitle', 'job_title']] as const) {
      if (job.headers[name] === undefined) continue;
      const v = field(job, name);
      if (v === null || v === undefined || v === '') continue;
      const s = String(v).trim();
      if (name === 'entryDate' && (!DATE.test(s) || Number.isNaN(Date.parse(s)))) return { kind: 'fail', message: `personnel-data: entryDate "${s}" is not a date YYYY-MM-DD`, retryable: false };
      if (name === 'jobTitle' && (s.length < 1 || s.length > 200)) return { kind: 'fail', message: 'personnel-data: jobTitle must be 1 to 200 characters', retryable: false };
      updates[column] = s;
    }
    if (Object.keys(updates).length) {
      // Opened for the process's department when there is none yet (as the document connector does).
      await db.query(`INSERT INTO personnel_files (employee_id, department_id) SELECT $1, department_id FROM process_instances WHERE id = $2 AND department_id IS NOT NULL
                      ON CONFLICT (employee_id) DO NOTHING`, [user.id, job.instanceId]);
      const r = await db.query(
        `UPDATE personnel_files SET entry_date = coalesce($2::date, entry_date), job_title = coalesce($3, job_title) WHERE employee_id = $1`,
        [user.id, updates.entry_date ?? null, updates.job_title ?? null]);
      if (!r.rowCount) return { kind: 'fail', message: `personnel-data: ${email} has no personnel file (open one first)`, retryable: false };
    }
    const m = (await load(db, user.id))!;
    const missingData = REQUIRED_FOR_CERTIFICATE.filter((k) => !m[k]);
    return { kind: 'complete', variables: { person: { name: m.name, email: m.email, language: m.language, entryDate: m.entryDate, jobTitle: m.jobTitle }, missingData } };
  } catch (err) {
    if (err instanceof ConnectorError) return { kind: 'fail', message: err.message, retryable: false };
    throw err;
  }
}
