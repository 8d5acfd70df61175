/** Comments, ratings and the diagram of a request — all behind the request's visibility rule (task drafts: tasks/drafts.ts). */
import type { Queryable } from '../db/types';
import { conflict, forbidden } from '../errors';
import type { Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import { notify } from '../notify/notifications';
import { firstResponse } from '../sla/clocks';
import { getRequest } from './instances';
export { listComments } from './comments';

async function historyEvent(tx: Queryable, instanceId: string, kind: string, actor: string, now: Date, data: Record<string, unknown>) {
  await tx.query(
    `INSERT INTO history (instance_id, definition_id, process_key, kind, time, actor, data)
     SELECT id, definition_id, process_key, $2, $3, $4, $5 FROM process_instances WHERE id = $1`,
    [instanceId, kind, now, actor, JSON.stringify(data)],
  );
}

/** Adds a comment; the requester and the assignees of open tasks hear of it (not the author). */
export async function addComment(engine: Engine, p: Principal, instanceId: string, text: string) {
  const req = await getRequest(engine.db, p, instanceId);
  const now = engine.now();
  const comment = await engine.db.transaction(async (tx) => {
    const r = await tx.query<{ id: string }>('INSERT INTO comments (instance_id, author_id, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [instanceId, p.id, text, now]);
    await historyEvent(tx, instanceId, 'comment_added', p.email, now, { commentId: r.rows[0].id });
    await firstResponse(tx, instanceId, p.id, now);
    const assignees = req.tasks.filter((t) => t.status === 'open' && t.assignee).map((t) => t.assignee!);
    await notify(tx, [{ kind: 'comment_added', instanceId, userIds: req.startedBy ? [req.startedBy.id] : [], emails: assignees, author: p.name, text: text.slice(0, 500), excludeUserId: p.id }], now, engine.publicUrl);
    await engine.publishChanged(tx, [instanceId]);
    return { id: r.rows[0].id, text, createdAt: now, author: { id: p.id, name: p.name } };
  });
  engine.events.emit('changed', [instanceId]);
  return comment;
}

/** The requester rates a completed request once (1–5); stored as a history event for the KPIs. */
export async function rateRequest(engine: Engine, p: Principal, instanceId: string, score: number, comment?: string) {
  const req = await getRequest(engine.db, p, instanceId);
  if (req.startedBy?.id !== p.id) throw forbidden('Only the requester may rate this request');
  if (req.status !== 'completed') throw conflict('Only completed requests can be rated', 'not_completed');
  if (req.history.some((h) => h.kind === 'satisfaction')) throw conflict('This request is already rated', 'already_rated');
  await historyEvent(engine.db, instanceId, 'satisfaction', p.email, engine.now(), { score, comment: comment ?? null });
  return { score, comment: comment ?? null };
}

export async function requestDiagram(db: Queryable, p: Principal, instanceId: string) {
  const req = await getRequest(db, p, instanceId);
  const r = await db.query<{ xml: string }>('SELECT xml FROM definitions WHERE id = $1', [req.definitionId]);
  return { xml: r.rows[0].xml, activeElementIds: req.activeElementIds };
}
