/**
 * GDPR erasure (issue #20, point 5): a privacy officer or an admin erases a person. Their requests
 * are anonymised (anonymise.ts), their personnel-file documents deleted, and every trace of them in
 * other people's requests (history, tasks, comments, mails, access logs) is replaced — except what a
 * legal hold or a retention rule still requires keeping, which the answer lists with the reason.
 * Every erasure is written to the privacy log (who, when, whom) and to the deletion log (ids only).
 */
import type { Db, Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { conflict, notFound, validationFailed } from '../errors';
import { ANONYMISED, anonymiseRequests } from './anonymise';
import { removeContent } from './content';
import type { StorageKind } from './storage';
import { appendDeletionLog, lockDeletionLog } from './deletion-log';
import { NOT_HELD } from './request-retention';

export type KeptReason =
  | { code: 'legal_hold'; reason: string }
  | { code: 'retention_rule'; documentType: string; years: number; anchor: string; until: string }
  | { code: 'open_request' }
  | { code: 'kept_documents' };

export interface KeptItem { kind: 'document' | 'request' | 'account'; id: string; label: string; reason: KeptReason }

export interface ErasurePlan {
  person: { id: string; name: string; email: string };
  erase: { requests: string[]; documents: string[] };
  kept: KeptItem[];
}

export async function personOf(q: Queryable, id: string) {
  const u = await q.query<{ id: string; name: string; email: string; locale: string | null; created_at: Date }>('SELECT id, name, email, locale, created_at FROM users WHERE id = $1', [id]);
  if (!u.rows[0]) throw notFound('Person');
  return u.rows[0];
}

/** People by name or e-mail (at most 20), for the privacy page's search. */
export async function searchPeople(q: Queryable, text: string) {
  const term = text.trim().slice(0, 100);
  if (term.length < 2) throw validationFailed([{ path: '/q', message: 'must be at least 2 characters' }]);
  const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const r = await q.query('SELECT id, name, email FROM users WHERE name ILIKE $1 OR email ILIKE $1 ORDER BY name LIMIT 20', [like]);
  return r.rows;
}

/** What an erasure of the person would anonymise or delete, and what it must keep (and why). */
export async function planErasure(q: Queryable, personId: string, now: Date): Promise<ErasurePlan> {
  const person = await personOf(q, personId);
  const hold = (await q.query<{ reason: string }>('SELECT reason FROM legal_holds WHERE employee_id = $1 AND released_at IS NULL ORDER BY created_at LIMIT 1', [personId])).rows[0];
  const kept: KeptItem[] = [];
  const docs = await q.query<{ id: string; title: string; document_date: string; type: string; years: number | null; anchor: string | null; until: string | null }>(
    `SELECT d.id, d.title, to_char(d.document_date, 'YYYY-MM-DD') AS document_date, d.type, r.years, r.anchor,
       to_char((CASE WHEN r.anchor = 'end_of_year' THEN (date_trunc('year', d.document_date) + interval '1 year')::date ELSE d.document_date END) + make_interval(years => r.years), 'YYYY-MM-DD') AS until
     FROM documents d LEFT JOIN retention_rules r ON r.department_id = d.department_id AND r.document_type = d.type
     WHERE d.employee_id = $1 ORDER BY d.document_date`, [personId]);
  const eraseDocs: string[] = [];
  for (const d of docs.rows) {
    const label = `${d.title} (${d.document_date})`;
    if (hold) kept.push({ kind: 'document', id: d.id, label, reason: { code: 'legal_hold', reason: hold.reason } });
    else if (d.years !== null && d.until && Date.parse(`${d.until}T00:00:00Z`) > now.getTime()) {
      kept.push({ kind: 'document', id: d.id, label, reason: { code: 'retention_rule', documentType: d.type, years: d.years, anchor: d.anchor!, until: d.until } });
    } else eraseDocs.push(d.id);
  }
  const requests = await q.query<{ id: string; reference: string | null; process_key: string; status: string; held: boolean; hold_reason: string | null }>(
    `SELECT i.id, i.reference, i.process_key, i.status, NOT (${NOT_HELD}) AS held,
       (SELECT h.reason FROM legal_holds h WHERE h.released_at IS NULL AND (h.instance_id = i.id OR h.employee_id = i.started_by) LIMIT 1) AS hold_reason
     FROM process_instances i WHERE i.started_by = $1 AND i.anonymised_at IS NULL ORDER BY i.started_at LIMIT 10000`, [personId]);
  const eraseRequests: string[] = [];
  for (const r of requests.rows) {
    const label = r.reference ?? r.process_key;
    if (r.held) kept.push({ kind: 'request', id: r.id, label, reason: { code: 'legal_hold', reason: r.hold_reason ?? '' } });
    else if (r.status === 'active') kept.push({ kind: 'request', id: r.id, label, reason: { code: 'open_request' } });
    else eraseRequests.push(r.id);
  }
  // Whose kept document or held data it is must stay readable: then the name and e-mail stay too.
  if (hold) kept.push({ kind: 'account', id: personId, label: person.email, reason: { code: 'legal_hold', reason: hold.reason } });
  else if (kept.some((k) => k.kind === 'document' || k.kind === 'request')) kept.push({ kind: 'account', id: personId, label: person.email, reason: { code: 'kept_documents' } });
  return { person: { id: person.id, name: person.name, email: person.email }, erase: { requests: eraseRequests, documents: eraseDocs }, kept };
}

/**
 * Erases the person (see the module comment). 409 for one's own account; 422 when the confirmation
 * is not the person's e-mail or the person is an admin (remove the role first).
 */
export async function erasePerson(db: Db, actor: Principal, personId: string, confirm: string, now: Date) {
  if (personId === actor.id) throw conflict('You cannot erase your own account', 'self_erase');
  return db.transaction(async (tx) => {
    await lockDeletionLog(tx);
    const plan = await planErasure(tx, personId, now);
    if (confirm.trim().toLowerCase() !== plan.person.email.toLowerCase()) throw validationFailed([{ path: '/confirm', message: "must be the person's e-mail address" }]);
    const admin = await tx.query("SELECT 1 FROM user_roles WHERE user_id = $1 AND role = 'admin'", [personId]);
    if (admin.rows[0]) throw validationFailed([{ path: '/confirm', message: 'this person is an admin: remove the role first' }]);
    const email = plan.person.email;
    const keptRequests = plan.kept.filter((k) => k.kind === 'request').map((k) => k.id);
    const keepAccount = plan.kept.some((k) => k.kind === 'account');

    const anonymised = await anonymiseRequests(tx, plan.erase.requests, now);
    const docs = await tx.query<{ id: string; department_id: string; type: string; document_date: string }>(
      "SELECT id, department_id, type, to_char(document_date, 'YYYY-MM-DD') AS document_date FROM documents WHERE id = ANY($1::uuid[])", [plan.erase.documents]);
    // Contents through content.ts (the store may be the database or an S3 bucket).
    const contents = await tx.query<{ content_id: string; storage: StorageKind }>('SELECT content_id, storage FROM document_versions WHERE document_id = ANY($1::uuid[])', [plan.erase.documents]);
    for (const c of contents.rows) await removeContent(tx, c.content_id, c.storage);
    await tx.query('DELETE FROM documents WHERE id = ANY($1::uuid[])', [plan.erase.documents]);
    if (!keepAccount) await tx.query('DELETE FROM personnel_files WHERE employee_id = $1', [personId]);

    // Their traces in other people's requests (the kept ones stay as they are).
    const notKept = '(instance_id IS NULL OR NOT (instance_id = ANY($2::uuid[])))';
    const history = (await tx.query(`UPDATE history SET actor = $3 WHERE actor = $1 AND ${notKept}`, [email, keptRequests, ANONYMISED])).rowCount ?? 0;
    await tx.query(`UPDATE tasks SET assignee = CASE WHEN status = 'open' THEN NULL ELSE $3 END WHERE assignee = $1 AND ${notKept}`, [email, keptRequests, ANONYMISED]);
    await tx.query('UPDATE tasks SET candidate_users = array_remove(candidate_users, $1) WHERE $1 = ANY(candidate_users)', [email]);
    await tx.query(`UPDATE tasks SET completed_by = NULL WHERE completed_by = $1 AND ${notKept}`, [personId, keptRequests]);
    const comments = (await tx.query(`UPDATE comments SET author_id = NULL WHERE author_id = $1 AND ${notKept}`, [personId, keptRequests])).rowCount ?? 0;
    await tx.query(`UPDATE files SET uploaded_by = NULL WHERE uploaded_by = $1 AND ${notKept}`, [personId, keptRequests]);
    await tx.query(`UPDATE inbound_mails SET sender = $3, subject = $3, headers = '{}', body = '' WHERE lower(sender) = lower($1) AND ${notKept}`, [email, keptRequests, ANONYMISED]);
    await tx.query(`UPDATE mail_outbox SET recipients = array_replace(recipients, $1, $3) WHERE $1 = ANY(recipients) AND ${notKept}`, [email, keptRequests, ANONYMISED]);
    await tx.query('UPDATE document_access_log SET actor_id = NULL, actor_name = $2 WHERE actor_id = $1', [personId, ANONYMISED]);
    await tx.query('UPDATE deflection_sessions SET user_id = NULL WHERE user_id = $1', [personId]);
    await tx.query('UPDATE user_settings SET substitute_id = NULL WHERE substitute_id = $1', [personId]);
    const notifications = (await tx.query('DELETE FROM notifications WHERE user_id = $1', [personId])).rowCount ?? 0;
    for (const table of ['task_drafts', 'sessions', 'user_settings', 'guide_tours_seen', 'group_members', 'user_roles']) {
      await tx.query(`DELETE FROM ${table} WHERE user_id = $1`, [personId]);
    }
    await eraseAbsences(tx, personId);
    await tx.query("UPDATE users SET password_hash = 'erased' WHERE id = $1", [personId]);
    if (!keepAccount) {
      await tx.query('UPDATE users SET name = $2, email = $3, locale = NULL WHERE id = $1', [personId, ANONYMISED, `erased-${personId}@erased.invalid`]);
    }

    await appendDeletionLog(tx, now, [
      ...docs.rows.map((d) => ({ departmentId: d.department_id, entry: { kind: 'document', documentId: d.id, documentType: d.type, documentDate: d.document_date, employeeId: personId, erasure: true } })),
      ...plan.erase.requests.map((id) => ({ departmentId: null, entry: { kind: 'request', instanceId: id, erasure: true } })),
      { departmentId: null, entry: { kind: 'erasure', personId, requests: plan.erase.requests.length, documents: docs.rows.length, kept: plan.kept.length } },
    ]);
    const erased = { requests: anonymised.requests, documents: docs.rows.length, comments: anonymised.comments + comments, attachments: anonymised.attachments, historyEntries: anonymised.historyEntries + history, notifications: anonymised.notifications + notifications, account: !keepAccount };
    await logPrivacy(tx, actor, 'erase', personId, now, { erased, kept: plan.kept.map((k) => ({ kind: k.kind, id: k.id, reason: k.reason.code })) });
    return { person: { id: personId }, erased, kept: plan.kept };
  });
}

/**
 * Absences (issue #20, point 3) arrive with migration 028 on another branch. When its table is
 * there, an erasure removes the person's absences; the export reads them in gdpr-export.ts.
 */
async function eraseAbsences(tx: Queryable, personId: string): Promise<void> {
  const column = await absencesColumn(tx);
  if (column) await tx.query(`DELETE FROM absences WHERE ${column} = $1`, [personId]);
}

/** The column of the absences table naming the person, or null while there is no such table. */
export async function absencesColumn(q: Queryable): Promise<string | null> {
  const r = await q.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'absences' AND column_name IN ('employee_id', 'user_id', 'person_id') ORDER BY column_name LIMIT 1");
  return r.rows[0]?.column_name ?? null;
}

export async function logPrivacy(q: Queryable, actor: Principal, action: 'export' | 'erase', subjectId: string, now: Date, summary: Record<string, unknown>) {
  await q.query('INSERT INTO privacy_log (at, actor_id, actor_name, action, subject_id, summary) VALUES ($1, $2, $3, $4, $5, $6)',
    [now, actor.id, actor.name, action, subjectId, JSON.stringify(summary)]);
}

export async function privacyLog(q: Queryable) {
  const r = await q.query(
    `SELECT l.id::int AS id, l.at, l.actor_name AS actor, l.action, l.subject_id AS "subjectId", u.name AS "subjectName", l.summary
     FROM privacy_log l LEFT JOIN users u ON u.id = l.subject_id ORDER BY l.id DESC LIMIT 200`);
  return r.rows;
}
