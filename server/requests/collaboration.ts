/** Comments, ratings and the diagram of a request — all behind the request's visibility rule (task drafts: tasks/drafts.ts). */
import type { Queryable } from '../db/types';
import { conflict, forbidden, validationFailed } from '../errors';
import type { Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import { notify } from '../notify/notifications';
import { firstResponse } from '../sla/clocks';
import { getRequest } from './instances';
import type { CommentAttachment, CommentView } from './comments';
export { listComments } from './comments';

async function historyEvent(tx: Queryable, instanceId: string, kind: string, actor: string, now: Date, data: Record<string, unknown>) {
  await tx.query(
    `INSERT INTO history (instance_id, definition_id, process_key, kind, time, actor, data)
     SELECT id, definition_id, process_key, $2, $3, $4, $5 FROM process_instances WHERE id = $1`,
    [instanceId, kind, now, actor, JSON.stringify(data)],
  );
}

/** At most this many files travel with one comment. */
export const MAX_COMMENT_FILES = 10;

export interface NewComment {
  text: string;
  /** An internal note: only agents, owners and admins read it, never the requester. */
  internal?: boolean;
  /** Ids of the caller's own uploads (POST /api/files), not yet linked to anything. */
  attachments?: string[];
}

/**
 * Adds a comment (a public reply or an internal note) with its files. A public reply reaches the
 * requester and the assignees of open tasks (not the author); an internal note only those assignees
 * who are not the requester. 403 for an internal note from someone who may not write one, 422 for
 * an empty comment or a file that is not the caller's fresh upload.
 */
export async function addComment(engine: Engine, p: Principal, instanceId: string, input: NewComment): Promise<CommentView> {
  const req = await getRequest(engine.db, p, instanceId);
  const internal = input.internal === true;
  if (internal && !req.internalNotes) throw forbidden('Only agents working on this request may write internal notes');
  const text = input.text.trim();
  const files = [...new Set(input.attachments ?? [])];
  if (!text && !files.length) throw validationFailed([{ path: '/text', message: 'write a text or attach a file' }]);
  const now = engine.now();
  const comment = await engine.db.transaction(async (tx) => {
    const r = await tx.query<{ id: string }>('INSERT INTO comments (instance_id, author_id, text, created_at, internal) VALUES ($1, $2, $3, $4, $5) RETURNING id', [instanceId, p.id, text, now, internal]);
    const commentId = r.rows[0].id;
    const attachments = await attachFiles(tx, files, instanceId, commentId, p.id);
    await historyEvent(tx, instanceId, 'comment_added', p.email, now, { commentId, ...(internal ? { internal: true } : {}), ...(attachments.length ? { files: attachments.length } : {}) });
    await firstResponse(tx, instanceId, p.id, now);
    const requester = { startedById: req.startedBy?.id ?? null, initiator: (req.variables as { initiator?: string })?.initiator ?? null };
    const requesterEmails = [req.startedBy?.email, requester.initiator].filter(Boolean).map((e) => e!.toLowerCase());
    const assignees = req.tasks.filter((t) => t.status === 'open' && t.assignee).map((t) => t.assignee!)
      .filter((e) => !internal || (!requesterEmails.includes(e.toLowerCase()) && e.toLowerCase() !== p.email.toLowerCase()));
    const summary = (text || attachments.map((a) => a.name).join(', ')).slice(0, 500);
    await notify(tx, [{
      kind: 'comment_added', instanceId, userIds: !internal && req.startedBy ? [req.startedBy.id] : [], emails: assignees, author: p.name, text: summary,
      excludeUserId: internal && req.startedBy ? req.startedBy.id : p.id,
    }], now, engine.publicUrl);
    await engine.publishChanged(tx, [instanceId], { staff: internal });
    return { id: commentId, text, internal, createdAt: now.toISOString(), author: { id: p.id, name: p.name }, attachments };
  });
  // An internal note is news only to those who read internal notes: the requester's live view does not hear of it.
  engine.events.emit('changed', [instanceId], { staff: internal });
  return comment;
}

/** Links the caller's fresh uploads to the request and the comment; 422 naming each file that is not. */
async function attachFiles(tx: Queryable, ids: string[], instanceId: string, commentId: string, userId: string): Promise<CommentAttachment[]> {
  if (!ids.length) return [];
  const linked = await tx.query<{ id: string; filename: string; size: number; content_type: string }>(
    `UPDATE files SET instance_id = $1, comment_id = $2 WHERE id = ANY($3::uuid[]) AND uploaded_by = $4 AND instance_id IS NULL AND comment_id IS NULL
     RETURNING id, filename, size, content_type, created_at`,
    [instanceId, commentId, ids, userId],
  );
  const ok = new Map(linked.rows.map((f) => [f.id, f]));
  const missing = ids.map((id, i) => ({ id, i })).filter((x) => !ok.has(x.id));
  if (missing.length) throw validationFailed(missing.map((x) => ({ path: `/attachments/${x.i}`, message: 'unknown file (upload it again)' })));
  return ids.map((id) => ok.get(id)!).map((f) => ({ id: f.id, name: f.filename, size: f.size, contentType: f.content_type }));
}

/** The requester rates a completed request once (1–5); stored as a history event for the KPIs. */
export async function rateRequest(engine: Engine, p: Principal, instanceId: string, score: number, comment?: string) {
  // Only what the checks need (not the whole request detail): the requester sees their own request.
  const own = await engine.db.query<{ status: string; rated: boolean }>(
    "SELECT p.status, EXISTS (SELECT 1 FROM history h WHERE h.instance_id = p.id AND h.kind = 'satisfaction') AS rated FROM process_instances p WHERE p.id = $1 AND p.started_by = $2",
    [instanceId, p.id],
  );
  const req = own.rows[0];
  if (!req) {
    // Not theirs: not found unless they may see it, then forbidden (as the detail's checks answer).
    await getRequest(engine.db, p, instanceId);
    throw forbidden('Only the requester may rate this request');
  }
  if (req.status !== 'completed') throw conflict('Only completed requests can be rated', 'not_completed');
  if (req.rated) throw conflict('This request is already rated', 'already_rated');
  await historyEvent(engine.db, instanceId, 'satisfaction', p.email, engine.now(), { score, comment: comment ?? null });
  return { score, comment: comment ?? null };
}

export async function requestDiagram(db: Queryable, p: Principal, instanceId: string) {
  const req = await getRequest(db, p, instanceId);
  const r = await db.query<{ xml: string }>('SELECT xml FROM definitions WHERE id = $1', [req.definitionId]);
  return { xml: r.rows[0].xml, activeElementIds: req.activeElementIds };
}
