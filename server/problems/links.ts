/**
 * Links between problems and requests (issue #19 point 1): any number of requests of any department
 * link to one problem; each side shows the link to people who may see both. When a problem is
 * resolved, the open linked requests hear of it; the agent may close them in bulk.
 */
import type { Queryable } from '../db/types';
import { conflict, notFound, validationFailed } from '../errors';
import type { Principal } from '../auth/principal';
import { instanceVisibility } from '../auth/visibility';
import type { Engine } from '../engine/runtime/runtime';
import { notify, type NotificationIntent } from '../notify/notifications';
import { mayRead } from './access';
import { loadProblem, loadWritable, type ProblemRow } from './problems';

/** What a request is about, for lists and similarity: the start form's summary (or title/subject). */
export const REQUEST_TEXT = `coalesce(p.variables ->> 'summary', p.variables ->> 'title', p.variables ->> 'subject', '')`;

/** Requests the user may see among ids, as a set. */
async function visibleIds(db: Queryable, p: Principal, ids: string[]): Promise<Set<string>> {
  const vis = instanceVisibility(p, 2);
  const r = await db.query<{ id: string }>(`SELECT p.id FROM process_instances p WHERE p.id = ANY($1::uuid[]) AND ${vis.sql}`, [ids, ...vis.params]);
  return new Set(r.rows.map((x) => x.id));
}

/** Links requests to a problem. Each must be visible to the user (else 422 naming it) and not linked to another problem (409). */
export async function linkRequests(tx: Queryable, p: Principal, problemId: string, requestIds: string[], now: Date) {
  const problem = await loadWritable(tx, p, problemId);
  if (problem.status === 'closed') throw conflict('A closed problem takes no more requests', 'problem_closed');
  const visible = await visibleIds(tx, p, requestIds);
  const unseen = requestIds.map((id, i) => ({ id, i })).filter((x) => !visible.has(x.id));
  if (unseen.length) throw validationFailed(unseen.map((x) => ({ path: `/requestIds/${x.i}`, message: 'no such request that you may see' })));
  const taken = await tx.query<{ instance_id: string; reference: string }>(
    `SELECT l.instance_id, pr.reference FROM problem_requests l JOIN problems pr ON pr.id = l.problem_id
     WHERE l.instance_id = ANY($1::uuid[]) AND l.problem_id <> $2`,
    [requestIds, problemId],
  );
  if (taken.rows.length) throw conflict(`Request already linked to problem ${taken.rows[0].reference}; unlink it there first`, 'already_linked');
  await tx.query(
    `INSERT INTO problem_requests (instance_id, problem_id, linked_by, linked_at) SELECT x, $2, $3, $4 FROM unnest($1::uuid[]) AS x
     ON CONFLICT (instance_id) DO NOTHING`,
    [requestIds, problemId, p.id, now],
  );
  await tx.query('UPDATE problems SET updated_at = $2 WHERE id = $1', [problemId, now]);
}

/** Removes one request's link (404 when it is not linked to this problem or the user may not see the request). */
export async function unlinkRequest(tx: Queryable, p: Principal, problemId: string, requestId: string) {
  await loadWritable(tx, p, problemId);
  if (!(await visibleIds(tx, p, [requestId])).has(requestId)) throw notFound('Linked request');
  const r = await tx.query('DELETE FROM problem_requests WHERE problem_id = $1 AND instance_id = $2', [problemId, requestId]);
  if (!r.rowCount) throw notFound('Linked request');
}

export interface LinkedRequest {
  id: string;
  reference: string | null;
  processKey: string;
  serviceTitle: string | null;
  serviceTitleDe: string | null;
  departmentId: string | null;
  summary: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  /** Hours from start to end (or to now while open). */
  cycleHours: number;
}

/** The linked requests the user may see, and how many more are linked that they may not. */
export async function linkedRequests(db: Queryable, p: Principal, problemId: string, now: Date): Promise<{ items: LinkedRequest[]; hidden: number }> {
  const vis = instanceVisibility(p, 3);
  const r = await db.query<any>(
    `SELECT p.id, p.reference, p.process_key, d.catalog ->> 'title' AS service_title, d.catalog ->> 'titleDe' AS service_title_de, p.department_id,
            ${REQUEST_TEXT} AS summary, p.status, p.started_at, p.ended_at,
            extract(epoch FROM coalesce(p.ended_at, $2) - p.started_at) / 3600 AS cycle_hours, (${vis.sql}) AS visible
     FROM problem_requests l JOIN process_instances p ON p.id = l.instance_id JOIN definitions d ON d.id = p.definition_id
     WHERE l.problem_id = $1 ORDER BY p.started_at DESC`,
    [problemId, now, ...vis.params],
  );
  const items = r.rows.filter((x) => x.visible).map((x) => ({
    id: x.id,
    reference: x.reference,
    processKey: x.process_key,
    serviceTitle: x.service_title,
    serviceTitleDe: x.service_title_de,
    departmentId: x.department_id,
    summary: String(x.summary).slice(0, 300),
    status: x.status,
    startedAt: x.started_at,
    endedAt: x.ended_at,
    cycleHours: Math.round(Number(x.cycle_hours) * 10) / 10,
  }));
  return { items, hidden: r.rows.length - items.length };
}

/** The problem a request is linked to, when the user may see both; otherwise null (the request's own 404 stays the request route's). */
export async function problemOfRequest(db: Queryable, p: Principal, requestId: string) {
  if (!(await visibleIds(db, p, [requestId])).has(requestId)) throw notFound('Process instance');
  const r = await db.query<{ id: string; department_id: string }>(
    'SELECT pr.id, pr.department_id FROM problem_requests l JOIN problems pr ON pr.id = l.problem_id WHERE l.instance_id = $1',
    [requestId],
  );
  const row = r.rows[0];
  if (!row || !mayRead(p, row.department_id)) return null;
  return loadProblem(db, p, row.id);
}

/** Who hears that the problem behind open requests is resolved: the requesters and the requests' agents (assignees, else the queues). */
export async function resolvedIntents(tx: Queryable, problem: ProblemRow, actorId: string): Promise<NotificationIntent[]> {
  const r = await tx.query<{ id: string; started_by: string | null; assignees: string[]; groups: string[] }>(
    `SELECT p.id, p.started_by,
            coalesce(array_agg(DISTINCT t.assignee) FILTER (WHERE t.assignee IS NOT NULL), '{}') AS assignees,
            coalesce(array_agg(DISTINCT g) FILTER (WHERE t.assignee IS NULL AND g IS NOT NULL), '{}') AS groups
     FROM problem_requests l JOIN process_instances p ON p.id = l.instance_id
     LEFT JOIN tasks t ON t.instance_id = p.id AND t.status = 'open'
     LEFT JOIN LATERAL unnest(t.candidate_groups) AS g ON true
     WHERE l.problem_id = $1 AND p.status = 'active' GROUP BY p.id, p.started_by`,
    [problem.id],
  );
  return r.rows.map((x) => ({
    kind: 'problem_resolved' as const,
    instanceId: x.id,
    userIds: x.started_by ? [x.started_by] : [],
    emails: x.assignees,
    groupKeys: x.groups,
    text: `${problem.reference}: ${problem.title}`,
    excludeUserId: actorId,
  }));
}

/** Sends the resolved notices in the status change's transaction. */
export async function notifyResolved(tx: Queryable, engine: Engine, problem: ProblemRow, actorId: string, now: Date) {
  await notify(tx, await resolvedIntents(tx, problem, actorId), now, engine.publicUrl);
}

/** The comment a bulk-closed request gets, in both languages (the readers' languages are not known here). */
const closingComment = (problem: ProblemRow) =>
  `Geschlossen: Die Ursache wurde mit Problem ${problem.reference} („${problem.title}“) behoben.\nClosed: the cause was removed in problem ${problem.reference} ("${problem.title}").`;

/**
 * Closes the open linked requests in bulk (all, or the ids given): each is cancelled as its owner
 * would, with a comment that names the problem. Only requests the user may see; 409 while the
 * problem is not resolved yet.
 */
export async function closeLinkedRequests(engine: Engine, p: Principal, problemId: string, only: string[] | undefined) {
  const problem = await loadWritable(engine.db, p, problemId);
  if (problem.status !== 'resolved' && problem.status !== 'closed') throw conflict('Close the linked requests once the problem is resolved', 'problem_not_resolved');
  const vis = instanceVisibility(p, 3);
  const r = await engine.db.query<{ id: string }>(
    `SELECT p.id FROM problem_requests l JOIN process_instances p ON p.id = l.instance_id
     WHERE l.problem_id = $1 AND p.status = 'active' AND ($2::uuid[] IS NULL OR p.id = ANY($2::uuid[])) AND ${vis.sql}`,
    [problemId, only ?? null, ...vis.params],
  );
  const ids = r.rows.map((x) => x.id);
  if (!ids.length) return { closed: [] as string[] };
  const now = engine.now();
  await engine.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO comments (instance_id, author_id, text, created_at) SELECT x, $2, $3, $4 FROM unnest($1::uuid[]) AS x`,
      [ids, p.id, closingComment(problem), now],
    );
  });
  await engine.run(ids.map((id) => ({ kind: 'trigger' as const, instanceId: id, trigger: { type: 'cancel' as const } })), p.email);
  return { closed: ids };
}
