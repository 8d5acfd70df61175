/**
 * Retention (issue #20, point 4): per department and document type, documents are kept `years`
 * after their date (or after the end of their year) and then deleted by a daily job, in batches,
 * unless a legal hold on the person is active. Every deletion is written to a hash-chained log:
 * what (document id, type, date, person id, rule) and when — never the content or the title.
 */
import type { Db, Queryable } from '../db/types';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { notFound, validationFailed } from '../errors';
import type { Logger } from '../log';
import { removeContents } from './content';
import { appendDeletionLog, lockDeletionLog } from './deletion-log';
import { runRequestRetention } from './request-retention';
import type { StorageKind } from './storage';

export { deletionLog } from './deletion-log';

export interface RetentionRule { documentType: string; years: number; anchor: 'document_date' | 'end_of_year' }

const manages = (p: Principal, departmentId: string) => isAdmin(p) || (ownedDepartments(p) ?? []).includes(departmentId);

export async function listRules(q: Queryable, p: Principal, departmentId: string): Promise<RetentionRule[]> {
  if (!manages(p, departmentId)) throw notFound('Department');
  const r = await q.query<RetentionRule>('SELECT document_type AS "documentType", years, anchor FROM retention_rules WHERE department_id = $1 ORDER BY document_type', [departmentId]);
  return r.rows;
}

/** Replaces the department's rules (a type without a rule is kept until someone deletes it). */
export async function replaceRules(db: Db, p: Principal, departmentId: string, rules: RetentionRule[]): Promise<RetentionRule[]> {
  if (!manages(p, departmentId)) throw notFound('Department');
  const seen = new Set<string>();
  const errors = rules.flatMap((r, i) => (seen.has(r.documentType) ? [{ path: `/rules/${i}/documentType`, message: 'appears twice' }] : (seen.add(r.documentType), [])));
  if (errors.length) throw validationFailed(errors);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM retention_rules WHERE department_id = $1', [departmentId]);
    for (const r of rules) {
      await tx.query('INSERT INTO retention_rules (department_id, document_type, years, anchor, updated_by) VALUES ($1, $2, $3, $4, $5)', [departmentId, r.documentType, r.years, r.anchor, p.id]);
    }
  });
  return listRules(db, p, departmentId);
}

/** A legal hold on a person (employeeEmail) or on one request of the department (instanceId, or its reference). */
export async function placeHold(q: Queryable, p: Principal, input: { employeeEmail?: string; instanceId?: string; reference?: string; departmentId: string; reason: string }) {
  if (!manages(p, input.departmentId)) throw notFound('Department');
  const named = [input.employeeEmail, input.instanceId, input.reference].filter((v) => v !== undefined).length;
  if (named !== 1) throw validationFailed([{ path: '/employeeEmail', message: 'name either a person (employeeEmail) or a request (instanceId or reference)' }]);
  let employeeId: string | null = null;
  let instanceId: string | null = null;
  if (input.employeeEmail) {
    const u = await q.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [input.employeeEmail.trim()]);
    if (!u.rows[0]) throw validationFailed([{ path: '/employeeEmail', message: 'no user with this e-mail' }]);
    employeeId = u.rows[0].id;
  } else {
    const [match, value, path] = input.instanceId ? ['id = $1', input.instanceId, '/instanceId'] : ['lower(reference) = lower($1)', input.reference!.trim(), '/reference'];
    const i = await q.query<{ id: string }>(`SELECT id FROM process_instances WHERE ${match} AND department_id = $2`, [value, input.departmentId]);
    if (!i.rows[0]) throw validationFailed([{ path, message: 'no request of this department' }]);
    instanceId = i.rows[0].id;
  }
  const r = await q.query('INSERT INTO legal_holds (employee_id, instance_id, department_id, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, employee_id AS "employeeId", instance_id AS "instanceId", reason, created_at AS "createdAt"',
    [employeeId, instanceId, input.departmentId, input.reason.trim(), p.id]);
  return r.rows[0];
}

export async function listHolds(q: Queryable, p: Principal) {
  const r = await q.query<{ id: string; department_id: string }>(
    `SELECT h.id, h.department_id, h.employee_id AS "employeeId", h.instance_id AS "instanceId", i.reference, u.name, u.email, h.reason, h.created_at AS "createdAt"
     FROM legal_holds h LEFT JOIN users u ON u.id = h.employee_id LEFT JOIN process_instances i ON i.id = h.instance_id
     WHERE h.released_at IS NULL ORDER BY h.created_at DESC LIMIT 500`);
  return r.rows.filter((h) => manages(p, h.department_id)).map(({ department_id, ...h }) => ({ ...h, departmentId: department_id }));
}

export async function releaseHold(q: Queryable, p: Principal, id: string, now: Date): Promise<void> {
  const h = await q.query<{ department_id: string }>('SELECT department_id FROM legal_holds WHERE id = $1 AND released_at IS NULL', [id]);
  if (!h.rows[0] || !manages(p, h.rows[0].department_id)) throw notFound('Legal hold');
  await q.query('UPDATE legal_holds SET released_at = $2 WHERE id = $1', [id, now]);
}

/**
 * Deletes up to `batch` expired documents (their versions and contents) and logs each; returns how
 * many went. Run again until it returns less than the batch.
 */
export async function runRetention(db: Db, now: Date, batch = 200): Promise<number> {
  // Contents in an S3 bucket go after the rows' deletion is committed (an object left over by a
  // crash in between is unreferenced; a row pointing at a deleted object would be worse).
  const { count, contents } = await db.transaction(async (tx) => {
    // One retention run at a time writes the chain (and a second server waits, then finds nothing).
    await lockDeletionLog(tx);
    const due = await tx.query<{ id: string; department_id: string; employee_id: string; type: string; document_date: string; years: number; anchor: string }>(
      `SELECT d.id, d.department_id, d.employee_id, d.type, to_char(d.document_date, 'YYYY-MM-DD') AS document_date, r.years, r.anchor
       FROM documents d JOIN retention_rules r ON r.department_id = d.department_id AND r.document_type = d.type
       WHERE (CASE WHEN r.anchor = 'end_of_year' THEN (date_trunc('year', d.document_date) + interval '1 year')::date ELSE d.document_date END)
             + make_interval(years => r.years) <= $1::timestamptz
         AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.employee_id IS NOT NULL AND h.employee_id = d.employee_id AND h.released_at IS NULL)
         AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.instance_id IS NOT NULL AND h.instance_id = d.instance_id AND h.released_at IS NULL)
       ORDER BY d.document_date, d.id LIMIT $2`,
      [now, batch]);
    if (!due.rows.length) return { count: 0, contents: [] };
    const ids = due.rows.map((d) => d.id);
    const contents = (await tx.query<{ contentId: string; storage: StorageKind }>('SELECT content_id AS "contentId", storage FROM document_versions WHERE document_id = ANY($1::uuid[])', [ids])).rows;
    await removeContents(tx, contents.filter((c) => c.storage === 'db'));
    await tx.query('DELETE FROM documents WHERE id = ANY($1::uuid[])', [ids]);
    await appendDeletionLog(tx, now, due.rows.map((d) => ({
      departmentId: d.department_id,
      entry: { kind: 'document', documentId: d.id, documentType: d.type, documentDate: d.document_date, employeeId: d.employee_id, rule: { years: d.years, anchor: d.anchor } },
    })));
    return { count: due.rows.length, contents: contents.filter((c) => c.storage !== 'db') };
  });
  await removeContents(db, contents);
  return count;
}

/** Runs retention every hour (a daily rule acts within an hour of its day): documents, then request data; batches until done. */
export function startRetentionWorker(db: Db, log: Logger, now: () => Date = () => new Date(), intervalMs = 3_600_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      let total = 0;
      for (let n = await runRetention(db, now()); n > 0; n = await runRetention(db, now())) total += n;
      let requests = 0;
      for (let n = await runRequestRetention(db, now()); n > 0; n = await runRequestRetention(db, now())) requests += n;
      if (total || requests) log.info('retention deleted expired documents and anonymised expired requests', { documents: total, requests });
    } catch (err) {
      log.error('retention run failed', { error: String((err as Error).message) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref?.();
  setTimeout(() => void tick(), 30_000).unref?.();
  return () => clearInterval(timer);
}
