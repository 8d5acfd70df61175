/**
 * Retention of request data (issue #20, point 4): per department and service, the personal data of
 * closed requests is kept `years` after the request ended; then the retention job anonymises it
 * (anonymise.ts) in batches, unless a legal hold on the request or on its requester is active.
 * Each anonymised request is written to the hash-chained deletion log (ids, service, end date, what
 * was replaced — never the content). Cycle times, SLA results and the insights roll-ups stay exact.
 */
import type { Db, Queryable } from '../db/types';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { notFound, validationFailed } from '../errors';
import { anonymiseRequests } from './anonymise';
import { appendDeletionLog, lockDeletionLog } from './deletion-log';

export interface RequestRetentionRule { processKey: string; years: number }

const manages = (p: Principal, departmentId: string) => isAdmin(p) || (ownedDepartments(p) ?? []).includes(departmentId);

export async function listRequestRules(q: Queryable, p: Principal, departmentId: string): Promise<RequestRetentionRule[]> {
  if (!manages(p, departmentId)) throw notFound('Department');
  const r = await q.query<RequestRetentionRule>('SELECT process_key AS "processKey", years FROM request_retention_rules WHERE department_id = $1 ORDER BY process_key', [departmentId]);
  return r.rows;
}

/** Replaces the department's request rules; a service must be one of the department's (422 otherwise). */
export async function replaceRequestRules(db: Db, p: Principal, departmentId: string, rules: RequestRetentionRule[]): Promise<RequestRetentionRule[]> {
  if (!manages(p, departmentId)) throw notFound('Department');
  const own = new Set((await db.query<{ key: string }>('SELECT DISTINCT key FROM definitions WHERE department_id = $1', [departmentId])).rows.map((r) => r.key));
  const seen = new Set<string>();
  const errors = rules.flatMap((r, i) => {
    if (seen.has(r.processKey)) return [{ path: `/rules/${i}/processKey`, message: 'appears twice' }];
    seen.add(r.processKey);
    return own.has(r.processKey) ? [] : [{ path: `/rules/${i}/processKey`, message: 'is not a service of this department' }];
  });
  if (errors.length) throw validationFailed(errors);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM request_retention_rules WHERE department_id = $1', [departmentId]);
    for (const r of rules) {
      await tx.query('INSERT INTO request_retention_rules (department_id, process_key, years, updated_by) VALUES ($1, $2, $3, $4)', [departmentId, r.processKey, r.years, p.id]);
    }
  });
  return listRequestRules(db, p, departmentId);
}

/** Requests the job must not anonymise: held themselves, or raised by a person under a legal hold. */
export const NOT_HELD = `NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL
  AND (h.instance_id = i.id OR (h.employee_id IS NOT NULL AND h.employee_id = i.started_by)))`;

/**
 * Anonymises up to `batch` closed requests whose rule expired; returns how many. Run again until it
 * returns less than the batch (startRetentionWorker does).
 */
export async function runRequestRetention(db: Db, now: Date, batch = 100): Promise<number> {
  return db.transaction(async (tx) => {
    await lockDeletionLog(tx);
    const due = await tx.query<{ id: string; department_id: string; process_key: string; ended_at: Date | string; years: number }>(
      `SELECT i.id, i.department_id, i.process_key, i.ended_at, r.years
       FROM process_instances i JOIN request_retention_rules r ON r.department_id = i.department_id AND r.process_key = i.process_key
       WHERE i.anonymised_at IS NULL AND i.ended_at IS NOT NULL AND i.status IN ('completed', 'terminated', 'failed')
         AND i.ended_at + make_interval(years => r.years) <= $1::timestamptz
         AND ${NOT_HELD}
       ORDER BY i.ended_at, i.id LIMIT $2`,
      [now, batch]);
    if (!due.rows.length) return 0;
    await anonymiseRequests(tx, due.rows.map((d) => d.id), now);
    await appendDeletionLog(tx, now, due.rows.map((d) => ({
      departmentId: d.department_id,
      entry: { kind: 'request', instanceId: d.id, processKey: d.process_key, endedAt: new Date(d.ended_at).toISOString(), rule: { years: d.years } },
    })));
    return due.rows.length;
  });
}
