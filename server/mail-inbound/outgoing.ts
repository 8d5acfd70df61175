/**
 * What inbound mail sends: mails in the thread of the requester's mail (In-Reply-To, Reply-To the
 * mailbox's address, through the outbox) and notes to the mailbox's owners (the department's
 * process owners, else the admins) about mails kept for them, in the bell and by mail.
 */
import type { Queryable } from '../db/types';
import type { InboundMail } from './parse';
import type { MailboxRow } from './mailboxes';
import { ownerNote } from './texts';

export async function threadedMail(tx: Queryable, m: { to: string[]; subject: string; body: string; instanceId: string | null; inReplyTo: string | null; replyTo: string | null }) {
  await tx.query('INSERT INTO mail_outbox (recipients, subject, body, instance_id, in_reply_to, reply_to) VALUES ($1, $2, $3, $4, $5, $6)', [m.to, m.subject, m.body, m.instanceId, m.inReplyTo, m.replyTo]);
}

export async function noteToOwners(tx: Queryable, mailbox: MailboxRow, mail: InboundMail, reason: string, now: Date, detail?: string, reference?: string | null) {
  let owners = await tx.query<{ id: string; email: string; locale: 'de' | 'en' | null }>(
    "SELECT DISTINCT u.id, u.email, u.locale FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'owner' AND r.department_id = $1",
    [mailbox.department_id],
  );
  if (owners.rows.length === 0) owners = await tx.query("SELECT DISTINCT u.id, u.email, u.locale FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin'");
  for (const o of owners.rows) {
    const text = ownerNote(o.locale ?? 'de', { mailbox: mailbox.address, from: mail.from || '?', subject: mail.subject || '—', reason, detail, reference });
    await tx.query('INSERT INTO notifications (user_id, kind, title, body, instance_id, created_at) VALUES ($1, $2, $3, $4, NULL, $5)', [o.id, 'mail_held', text.title, text.body, now]);
    await threadedMail(tx, { to: [o.email], subject: text.title, body: text.body, instanceId: null, inReplyTo: null, replyTo: null });
  }
}
