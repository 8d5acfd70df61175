/** Problems (issue #19 point 1): the record, its list, edits and status moves. SQL lives here. */
import type { Queryable } from '../db/types';
import { conflict, forbidden, notFound, validationFailed } from '../errors';
import type { Principal } from '../auth/principal';
import { mayRead, mayWrite, problemReadDepartments } from './access';
import { TRANSITIONS, transitionErrors, type ProblemStatus } from './lifecycle';

export interface ProblemInput {
  departmentId: string;
  title: string;
  description?: string;
  serviceKey?: string | null;
  priority?: 'critical' | 'high' | 'medium' | 'low';
  ownerId?: string | null;
}

export interface ProblemUpdate {
  title?: string;
  description?: string;
  rootCause?: string;
  fiveWhys?: string[];
  workaround?: string;
  serviceKey?: string | null;
  priority?: 'critical' | 'high' | 'medium' | 'low';
  ownerId?: string | null;
}

export interface ProblemRow {
  id: string;
  department_id: string;
  reference: string;
  title: string;
  description: string;
  status: ProblemStatus;
  root_cause: string;
  five_whys: string[];
  workaround: string;
  service_key: string | null;
  priority: string;
  owner_id: string | null;
  owner_name: string | null;
  analysis_instance_id: string | null;
  change_instance_id: string | null;
  workaround_article_id: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  request_count: number;
}

const SELECT = `SELECT pr.*, u.name AS owner_name, (SELECT count(*)::int FROM problem_requests l WHERE l.problem_id = pr.id) AS request_count
  FROM problems pr LEFT JOIN users u ON u.id = pr.owner_id`;

/** The record as the API shows it; canEdit says whether this user may change it. */
export function problemView(row: ProblemRow, p: Principal) {
  return {
    id: row.id,
    reference: row.reference,
    departmentId: row.department_id,
    title: row.title,
    description: row.description,
    status: row.status,
    rootCause: row.root_cause,
    fiveWhys: row.five_whys,
    workaround: row.workaround,
    serviceKey: row.service_key,
    priority: row.priority,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name } : null,
    analysisInstanceId: row.analysis_instance_id,
    changeInstanceId: row.change_instance_id,
    workaroundArticleId: row.workaround_article_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    requestCount: row.request_count,
    canEdit: mayWrite(p, row.department_id),
    nextStatuses: mayWrite(p, row.department_id) ? TRANSITIONS[row.status] : [],
  };
}
export type ProblemView = ReturnType<typeof problemView>;

export interface ProblemFilter {
  departmentId?: string;
  status?: ProblemStatus;
  /** Title words, or a reference / id. */
  q?: string;
  limit: number;
  offset: number;
}

/** Problems of the departments the user may read, newest first. */
export async function listProblems(db: Queryable, p: Principal, f: ProblemFilter) {
  const params: unknown[] = [];
  const where: string[] = [];
  const depts = problemReadDepartments(p);
  if (depts) where.push(`pr.department_id = ANY($${params.push(depts)}::uuid[])`);
  if (f.departmentId) where.push(`pr.department_id = $${params.push(f.departmentId)}`);
  if (f.status) where.push(`pr.status = $${params.push(f.status)}`);
  if (f.q) {
    const n = params.push(f.q.trim());
    where.push(`(pr.title ILIKE '%' || $${n} || '%' OR pr.reference ILIKE $${n} || '%' OR pr.id::text = lower($${n}))`);
  }
  const r = await db.query<ProblemRow & { total: number }>(
    `${SELECT.replace('FROM problems', ', count(*) OVER ()::int AS total FROM problems')} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY pr.status = 'closed', pr.created_at DESC, pr.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return { total: r.rows[0]?.total ?? 0, items: r.rows.map((row) => problemView(row, p)) };
}

/** One problem row; 404 when it does not exist or belongs to a department the user may not read. */
export async function loadProblem(db: Queryable, p: Principal, id: string, forUpdate = false): Promise<ProblemRow> {
  const r = await db.query<ProblemRow>(`${SELECT} WHERE pr.id = $1${forUpdate ? ' FOR UPDATE OF pr' : ''}`, [id]);
  const row = r.rows[0];
  if (!row || !mayRead(p, row.department_id)) throw notFound('Problem');
  return row;
}

/** Like loadProblem, but analysts (read-only) and other departments are refused: 404 for the latter, 403 for readers. */
export async function loadWritable(db: Queryable, p: Principal, id: string): Promise<ProblemRow> {
  const row = await loadProblem(db, p, id, true);
  if (!mayWrite(p, row.department_id)) throw forbidden('Analysts read problems; agents and owners of the department change them');
  return row;
}

async function checkOwnerAndService(db: Queryable, input: { ownerId?: string | null; serviceKey?: string | null }) {
  const errors: { path: string; message: string }[] = [];
  if (input.ownerId) {
    const u = await db.query('SELECT 1 FROM users WHERE id = $1', [input.ownerId]);
    if (!u.rowCount) errors.push({ path: '/ownerId', message: 'no such user' });
  }
  if (input.serviceKey) {
    const d = await db.query('SELECT 1 FROM definitions WHERE key = $1 LIMIT 1', [input.serviceKey]);
    if (!d.rowCount) errors.push({ path: '/serviceKey', message: 'no deployed process has this key' });
  }
  if (errors.length) throw validationFailed(errors);
}

/** Creates a problem in a department the user works in (another department: 404). */
export async function createProblem(tx: Queryable, p: Principal, input: ProblemInput, now: Date): Promise<ProblemRow> {
  const dep = await tx.query<{ key: string }>('SELECT key FROM departments WHERE id = $1', [input.departmentId]);
  if (!dep.rows[0] || !mayWrite(p, input.departmentId)) throw notFound('Department');
  await checkOwnerAndService(tx, input);
  const prefix = `PRB-${dep.rows[0].key.toUpperCase()}-${now.getUTCFullYear()}`;
  const counter = await tx.query<{ last: number }>(
    `INSERT INTO reference_counters (prefix, last) VALUES ($1, 1) ON CONFLICT (prefix) DO UPDATE SET last = reference_counters.last + 1 RETURNING last`,
    [prefix],
  );
  const reference = `${prefix}-${String(counter.rows[0].last).padStart(4, '0')}`;
  const r = await tx.query<{ id: string }>(
    `INSERT INTO problems (department_id, reference, title, description, service_key, priority, owner_id, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [input.departmentId, reference, input.title.trim(), input.description ?? '', input.serviceKey ?? null, input.priority ?? 'medium', input.ownerId ?? null, p.id, now],
  );
  return loadProblem(tx, p, r.rows[0].id);
}

const COLUMNS: Record<keyof ProblemUpdate, string> = {
  title: 'title',
  description: 'description',
  rootCause: 'root_cause',
  fiveWhys: 'five_whys',
  workaround: 'workaround',
  serviceKey: 'service_key',
  priority: 'priority',
  ownerId: 'owner_id',
};

/** Changes fields of an open problem (a closed one is final: 409). */
export async function updateProblem(tx: Queryable, p: Principal, id: string, input: ProblemUpdate, now: Date): Promise<ProblemRow> {
  const row = await loadWritable(tx, p, id);
  if (row.status === 'closed') throw conflict('A closed problem cannot be changed', 'problem_closed');
  await checkOwnerAndService(tx, input);
  const params: unknown[] = [id, now];
  const sets = (Object.keys(input) as (keyof ProblemUpdate)[]).map((k) => {
    const v = k === 'fiveWhys' ? JSON.stringify(input[k]) : k === 'title' ? input.title!.trim() : input[k];
    return `${COLUMNS[k]} = $${params.push(v)}${k === 'fiveWhys' ? '::jsonb' : ''}`;
  });
  await tx.query(`UPDATE problems SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`, params);
  return loadProblem(tx, p, id);
}

/** Moves a problem along its lifecycle; refuses moves the lifecycle does not allow (409) and missing fields (422). */
export async function changeStatus(tx: Queryable, p: Principal, id: string, to: ProblemStatus, now: Date): Promise<{ before: ProblemRow; after: ProblemRow }> {
  const row = await loadWritable(tx, p, id);
  if (row.status === to) return { before: row, after: row };
  if (!TRANSITIONS[row.status].includes(to)) throw conflict(`A problem cannot move from ${row.status} to ${to}`, 'invalid_transition');
  const errors = transitionErrors(to, { workaround: row.workaround, rootCause: row.root_cause });
  if (errors.length) throw validationFailed(errors, `The problem is not ready to become ${to}`);
  await tx.query(
    `UPDATE problems SET status = $2, updated_at = $3,
       resolved_at = CASE WHEN $2 = 'resolved' THEN $3 WHEN $2 IN ('analysis', 'known_error') THEN NULL ELSE resolved_at END,
       closed_at = CASE WHEN $2 = 'closed' THEN $3 ELSE closed_at END
     WHERE id = $1`,
    [id, to, now],
  );
  return { before: row, after: await loadProblem(tx, p, id) };
}
