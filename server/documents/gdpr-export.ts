/**
 * GDPR export (issue #20, point 5): everything Lotse holds about a person, as ZIP entries — JSON
 * files plus the documents of their personnel file and the attachments of their requests. Read one
 * after another while the ZIP is streamed out (zip-stream.ts); contents through content.ts only.
 */
import type { Queryable } from '../db/types';
import { readContent } from './content';
import { absencesColumn, personOf } from './gdpr';
import { json, type ZipEntry } from './zip-stream';

/** Budgets: one export reads at most this many rows of a kind (the README in the ZIP says when cut). */
const MAX_ROWS = 10_000;
const safeName = (s: string) => s.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100) || 'file';
const COMPRESSED = /^(application\/pdf|image\/(png|jpeg|gif|webp)|application\/zip)/;

export async function* exportEntries(q: Queryable, personId: string, now: Date): AsyncGenerator<ZipEntry> {
  const person = await personOf(q, personId);
  const rows = async (sql: string, params: unknown[] = [personId]) => (await q.query(`${sql} LIMIT ${MAX_ROWS}`, params)).rows as Record<string, unknown>[];
  const cut: string[] = [];
  const checked = (name: string, list: Record<string, unknown>[]) => {
    if (list.length >= MAX_ROWS) cut.push(name);
    return list;
  };

  const roles = await rows('SELECT role, department_id AS "departmentId" FROM user_roles WHERE user_id = $1');
  const groups = await rows('SELECT g.key, g.name, m.lead FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1');
  const settings = await rows('SELECT notifications, substitute_id AS "substituteId", substitute_from AS "substituteFrom", substitute_until AS "substituteUntil" FROM user_settings WHERE user_id = $1');
  yield { name: 'person.json', data: json({ id: person.id, name: person.name, email: person.email, locale: person.locale, createdAt: person.created_at, roles, groups, settings: settings[0] ?? null, exportedAt: now.toISOString() }) };

  const requests = checked('requests', await rows(
    `SELECT i.id, i.reference, i.process_key AS "processKey", d.name AS service, i.status, i.priority, i.channel, i.started_at AS "startedAt", i.ended_at AS "endedAt",
       i.anonymised_at AS "anonymisedAt", i.variables AS "formData"
     FROM process_instances i JOIN definitions d ON d.id = i.definition_id WHERE i.started_by = $1 ORDER BY i.started_at`));
  const ids = requests.map((r) => r.id as string);
  const onTheirs = async (sql: string) => (await q.query(`${sql} LIMIT ${MAX_ROWS}`, [ids])).rows as Record<string, unknown>[];
  const theirComments = await onTheirs('SELECT c.id, c.instance_id AS "requestId", u.name AS author, c.text, c.internal, c.created_at AS "createdAt" FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.instance_id = ANY($1::uuid[]) ORDER BY c.created_at');
  const theirHistory = await onTheirs('SELECT instance_id AS "requestId", kind, element_id AS "elementId", time, actor, data FROM history WHERE instance_id = ANY($1::uuid[]) ORDER BY id');
  const files = await onTheirs('SELECT id, instance_id AS "requestId", filename, content_type AS "contentType", size, sha256, created_at AS "createdAt" FROM files WHERE instance_id = ANY($1::uuid[]) ORDER BY created_at');
  yield {
    name: 'requests.json',
    data: json(requests.map((r) => ({
      ...r,
      comments: theirComments.filter((c) => c.requestId === r.id),
      history: theirHistory.filter((h) => h.requestId === r.id),
      attachments: files.filter((f) => f.requestId === r.id).map((f) => ({ ...f, path: `attachments/${f.requestId}/${f.id}-${safeName(String(f.filename))}` })),
    }))),
  };
  for (const f of files) {
    const content = await q.query<{ content: Uint8Array }>('SELECT content FROM files WHERE id = $1', [f.id]);
    yield { name: `attachments/${f.requestId}/${f.id}-${safeName(String(f.filename))}`, data: new Uint8Array(content.rows[0]?.content ?? []), compress: !COMPRESSED.test(String(f.contentType)) };
  }

  const email = person.email;
  yield { name: 'comments.json', data: json(checked('comments', await rows('SELECT c.id, c.instance_id AS "requestId", p.reference, c.text, c.internal, c.created_at AS "createdAt" FROM comments c JOIN process_instances p ON p.id = c.instance_id WHERE c.author_id = $1 ORDER BY c.created_at'))) };
  yield { name: 'history.json', data: json(checked('history', await rows('SELECT h.instance_id AS "requestId", p.reference, h.kind, h.element_id AS "elementId", h.time, h.data FROM history h LEFT JOIN process_instances p ON p.id = h.instance_id WHERE h.actor = $1 ORDER BY h.id', [email]))) };
  yield { name: 'tasks.json', data: json(checked('tasks', await rows('SELECT t.id, t.instance_id AS "requestId", p.reference, t.name, t.status, t.created_at AS "createdAt", t.completed_at AS "completedAt" FROM tasks t JOIN process_instances p ON p.id = t.instance_id WHERE t.assignee = $2 OR t.completed_by = $1 ORDER BY t.created_at', [personId, email]))) };
  yield { name: 'notifications.json', data: json(checked('notifications', await rows('SELECT kind, title, body, instance_id AS "requestId", created_at AS "createdAt", read_at AS "readAt" FROM notifications WHERE user_id = $1 ORDER BY created_at'))) };
  yield { name: 'mails.json', data: json({
    received: checked('inbound mails', await rows('SELECT subject, received_at AS "receivedAt", outcome, instance_id AS "requestId", headers, body FROM inbound_mails WHERE lower(sender) = lower($1) ORDER BY received_at', [email])),
    sent: checked('mails', await rows('SELECT subject, body, instance_id AS "requestId", status, created_at AS "createdAt" FROM mail_outbox WHERE $1 = ANY(recipients) ORDER BY created_at', [email])),
  }) };

  const absences = await absencesColumn(q);
  yield { name: 'absences.json', data: json(absences ? await rows(`SELECT * FROM absences WHERE ${absences} = $1`) : []) };

  const docs = await rows(
    `SELECT d.id, d.type, d.title, to_char(d.document_date, 'YYYY-MM-DD') AS date, d.source, d.instance_id AS "requestId", d.created_at AS "createdAt",
       v.version, v.filename, v.content_type AS "contentType", v.size, v.sha256, v.content_id AS "contentId"
     FROM documents d JOIN document_versions v ON v.document_id = d.id WHERE d.employee_id = $1 ORDER BY d.document_date, v.version`);
  const path = (d: Record<string, unknown>) => `documents/${d.id}/v${d.version}-${safeName(String(d.filename))}`;
  const accessLog = await rows('SELECT at, actor_name AS actor, action, document_id AS "documentId", version FROM document_access_log WHERE employee_id = $1 OR actor_id = $1 ORDER BY id');
  yield { name: 'personnel-file.json', data: json({ documents: docs.map(({ contentId: _c, ...d }) => ({ ...d, path: path(d) })), accessLog }) };
  for (const d of docs) {
    yield { name: path(d), data: readContent(q, String(d.contentId), String(d.sha256)), compress: !COMPRESSED.test(String(d.contentType)) };
  }
  yield { name: 'README.txt', data: new TextEncoder().encode(readme(now, cut)) };
}

function readme(now: Date, cut: string[]): string {
  return [
    `Lotse — Auskunft nach Art. 15 DSGVO / GDPR data export, ${now.toISOString()}`,
    '',
    'person.json: Konto, Rollen, Gruppen, Einstellungen / account, roles, groups, settings',
    'requests.json: eigene Anfragen mit Formulardaten, Kommentaren, Verlauf, Anhängen / own requests with form data, comments, history, attachments',
    'comments.json, history.json, tasks.json: Einträge, in denen die Person handelte / entries where the person acted',
    'notifications.json, mails.json, absences.json, personnel-file.json (+ documents/): Benachrichtigungen, Mails, Abwesenheiten, Personalakte / notifications, mails, absences, personnel file',
    ...(cut.length ? ['', `Gekürzt auf ${MAX_ROWS} Einträge / cut at ${MAX_ROWS} entries: ${cut.join(', ')}`] : []),
    '',
  ].join('\n');
}
