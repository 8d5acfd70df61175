/**
 * Anonymising a closed request (issue #20, points 4 and 5): its personal data — requester, form
 * data, comments, attachments, inbound mails and their headers, mails sent, people named in its
 * history and tasks, notifications — is replaced or removed; what the KPIs rest on stays: times,
 * statuses, element ids, SLA clocks, and the insights roll-up tables (which never held personal
 * data and are not touched here). Called by the retention job and by a GDPR erasure, inside their
 * transaction.
 */
import type { Queryable } from '../db/types';

export const ANONYMISED = '[anonymised]';

/** History data keys that carry no personal data and that views of a request need. */
const SAFE_HISTORY_KEYS = ['taskId', 'elementId', 'target', 'state', 'from', 'to', 'level', 'action', 'kind', 'version', 'jobId', 'incidentId', 'clockId', 'outcome', 'approved', 'channel', 'priority', 'internal'];

/** Form data: the keys stay (a view of the request still lists its fields), every value goes. */
export function scrubVariables(vars: unknown): Record<string, null> {
  if (!vars || typeof vars !== 'object' || Array.isArray(vars)) return {};
  return Object.fromEntries(Object.keys(vars).map((k) => [k, null]));
}

/** The engine state of an ended request: local variables of every scope go, the structure stays. */
export function scrubState(state: unknown): unknown {
  if (Array.isArray(state)) return state.map(scrubState);
  if (!state || typeof state !== 'object') return state;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) {
    if (k === 'vars' || k === 'variables') continue;
    if (k === 'items' || k === 'outputs') out[k] = Array.isArray(v) ? v.map(() => null) : null;
    else out[k] = scrubState(v);
  }
  return out;
}

export interface AnonymisedCounts {
  requests: number;
  comments: number;
  attachments: number;
  inboundMails: number;
  mails: number;
  historyEntries: number;
  notifications: number;
}

/**
 * Anonymises the given requests (their status must be final; the caller chose them). Returns what
 * was replaced or removed, by kind, for the deletion log — never the content itself.
 */
export async function anonymiseRequests(tx: Queryable, ids: string[], now: Date): Promise<AnonymisedCounts> {
  if (!ids.length) return { requests: 0, comments: 0, attachments: 0, inboundMails: 0, mails: 0, historyEntries: 0, notifications: 0 };
  const rows = await tx.query<{ id: string; variables: unknown; state: unknown }>('SELECT id, variables, state FROM process_instances WHERE id = ANY($1::uuid[])', [ids]);
  for (const r of rows.rows) {
    // The search trigger rebuilds the request's search text from the scrubbed data (no requester, no values).
    await tx.query(
      `UPDATE process_instances SET variables = $2, state = $3, started_by = NULL, business_key = NULL, idempotency_key = NULL, idempotency_hash = NULL, anonymised_at = $4
       WHERE id = $1`,
      [r.id, JSON.stringify(scrubVariables(r.variables)), JSON.stringify(scrubState(r.state)), now]);
  }
  const count = async (sql: string, params: unknown[] = [ids]) => (await tx.query(sql, params)).rowCount ?? 0;
  const comments = await count('UPDATE comments SET text = $2, author_id = NULL WHERE instance_id = ANY($1::uuid[])', [ids, ANONYMISED]);
  const attachments = await count('DELETE FROM files WHERE instance_id = ANY($1::uuid[])');
  const inboundMails = await count("UPDATE inbound_mails SET sender = $2, subject = $2, headers = '{}', body = '' WHERE instance_id = ANY($1::uuid[])", [ids, ANONYMISED]);
  const mails = await count("UPDATE mail_outbox SET recipients = '{}', subject = $2, body = '', reply_to = NULL, in_reply_to = NULL WHERE instance_id = ANY($1::uuid[])", [ids, ANONYMISED]);
  const historyEntries = await count(
    `UPDATE history SET
       actor = CASE WHEN actor LIKE '%@%' THEN $2 ELSE actor END,
       data = CASE WHEN jsonb_typeof(data) = 'object'
         THEN (SELECT coalesce(jsonb_object_agg(k, CASE WHEN k = ANY($3::text[]) THEN v ELSE to_jsonb($2::text) END), '{}'::jsonb) FROM jsonb_each(data) AS e(k, v))
         ELSE NULL END
     WHERE instance_id = ANY($1::uuid[])`,
    [ids, ANONYMISED, SAFE_HISTORY_KEYS]);
  await tx.query(
    `UPDATE tasks SET assignee = CASE WHEN assignee IS NULL THEN NULL ELSE $2 END, candidate_users = '{}', completed_by = NULL
     WHERE instance_id = ANY($1::uuid[])`, [ids, ANONYMISED]);
  await tx.query('DELETE FROM task_drafts WHERE task_id IN (SELECT id FROM tasks WHERE instance_id = ANY($1::uuid[]))', [ids]);
  await tx.query("UPDATE jobs SET variables = '{}' WHERE instance_id = ANY($1::uuid[])", [ids]);
  const notifications = await count('DELETE FROM notifications WHERE instance_id = ANY($1::uuid[])');
  return { requests: rows.rows.length, comments, attachments, inboundMails, mails, historyEntries, notifications };
}
