/**
 * Notifications: in-app rows and mails (through the outbox) per recipient, honouring each user's
 * switches per kind, written in the same transaction as the change that caused them.
 */
import type { Queryable } from '../db/types';
import { notificationLinkLines, type MailAbout } from './mail-links';
import { insertOutbox } from './mail-thread';
import { PRINCIPAL_JSON_COLUMNS, principalOf, type PrincipalRow } from '../auth/principal';
import { langOf, NOTIFICATION_KINDS, renderNotification, REQUEST_TITLE_SQL, withLinkLine, type NotificationKind, type NotificationParams } from './messages';

export interface NotificationIntent {
  kind: NotificationKind;
  instanceId: string;
  /** Recipients by user id, e-mail or group key; the actor who caused it is left out. */
  userIds?: string[];
  emails?: string[];
  groupKeys?: string[];
  /** Name of the task the notification is about, and its German name (esm:nameDe) if it has one. */
  task?: string;
  taskDe?: string;
  /** Id of that task, so the notification can open it (when the reader may still see it). */
  taskId?: string;
  author?: string;
  text?: string;
  excludeUserId?: string | null;
}

export type NotificationSettings = Partial<Record<NotificationKind, { inApp: boolean; email: boolean }>>;

/** Every kind on, in-app and mail, unless the user switched it off. */
export function effectiveSettings(stored: NotificationSettings | null | undefined): Record<NotificationKind, { inApp: boolean; email: boolean }> {
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, { inApp: stored?.[k]?.inApp ?? true, email: stored?.[k]?.email ?? true }])) as Record<
    NotificationKind,
    { inApp: boolean; email: boolean }
  >;
}

/**
 * Resolves recipients and writes notifications and outbox mails: a handful of queries per call, none per recipient.
 * With publicUrl (PUBLIC_URL) each mail ends with the absolute link to its task or request.
 * In-app rows keep kind + params and are written in the reader's language when read (inbox.ts);
 * mails are written now in the recipient's language setting.
 */
export async function notify(tx: Queryable, intents: NotificationIntent[], now: Date, publicUrl: string | null = null): Promise<void> {
  if (intents.length === 0) return;
  const instances = await tx.query<{ id: string; reference: string | null; title: string; title_de: string | null }>(
    `SELECT p.id, p.reference, ${REQUEST_TITLE_SQL} FROM process_instances p JOIN definitions d ON d.id = p.definition_id
     WHERE p.id = ANY($1::uuid[])`,
    [[...new Set(intents.map((i) => i.instanceId))]],
  );
  const byInstance = new Map(instances.rows.map((r) => [r.id, r]));
  const rows: { user_id: string; kind: string; title: string; body: string; params: NotificationParams; instance_id: string; task_id: string | null; created_at: string }[] = [];
  const mails: { recipients: string[]; subject: string; body: string; instance_id: string }[] = [];
  const mailsAbout: MailAbout[] = [];
  // Every recipient of every intent in one statement, with roles and groups for the mail links.
  const users = await tx.query<PrincipalRow & { notifications: NotificationSettings | null; group_keys: string[] }>(
    `SELECT u.id, u.email, u.name, u.locale, s.notifications, ${PRINCIPAL_JSON_COLUMNS}
     FROM users u LEFT JOIN user_settings s ON s.user_id = u.id
     WHERE u.id = ANY($1::uuid[]) OR lower(u.email) = ANY($2::text[])
        OR u.id IN (SELECT m.user_id FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.key = ANY($3::text[]))
     ORDER BY u.id`,
    [
      [...new Set(intents.flatMap((i) => i.userIds ?? []))],
      [...new Set(intents.flatMap((i) => (i.emails ?? []).map((e) => e.toLowerCase())))],
      [...new Set(intents.flatMap((i) => i.groupKeys ?? []))],
    ],
  );
  const principals = new Map(users.rows.map((u) => [u.id, principalOf(u)]));
  for (const intent of intents) {
    const emails = new Set((intent.emails ?? []).map((e) => e.toLowerCase()));
    const recipients = users.rows.filter(
      (u) => intent.userIds?.includes(u.id) || emails.has(u.email.toLowerCase()) || u.groups.some((g) => intent.groupKeys?.includes(g.key)),
    );
    const inst = byInstance.get(intent.instanceId);
    if (!inst) continue;
    for (const u of recipients) {
      if (u.id === intent.excludeUserId) continue;
      const settings = effectiveSettings(u.notifications)[intent.kind];
      const params: NotificationParams = { task: intent.task, taskDe: intent.taskDe, author: intent.author, text: intent.text };
      // Written in the recipient's language setting: the mail as sent, the in-app row's fallback text.
      const text = renderNotification(intent.kind, langOf(u.locale), params, { reference: inst.reference ?? inst.id.slice(0, 8), title: inst.title, titleDe: inst.title_de });
      if (settings.inApp) rows.push({ user_id: u.id, kind: intent.kind, title: text.title, body: text.body, params, instance_id: inst.id, task_id: intent.taskId ?? null, created_at: now.toISOString() });
      if (settings.email) {
        mails.push({ recipients: [u.email], subject: text.title, body: text.body, instance_id: inst.id });
        mailsAbout.push({ userId: u.id, locale: u.locale, instanceId: inst.id, taskId: intent.taskId ?? null });
      }
    }
  }
  if (mails.length && publicUrl) {
    const lines = await notificationLinkLines(tx, mailsAbout, publicUrl, principals);
    mails.forEach((m, i) => (m.body = withLinkLine(m.body, lines[i])));
  }
  if (rows.length) {
    await tx.query(
      `INSERT INTO notifications (user_id, kind, title, body, params, instance_id, task_id, created_at)
       SELECT user_id, kind, title, body, params, instance_id, task_id, created_at FROM jsonb_to_recordset($1::jsonb)
         AS x(user_id uuid, kind text, title text, body text, params jsonb, instance_id uuid, task_id uuid, created_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }
  // Requests that came in by mail: their mails answer in the requester's thread (looked up in the insert).
  if (mails.length) await insertOutbox(tx, mails);
}
