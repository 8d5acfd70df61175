/**
 * Mails about a request that came in by mail stay in the requester's thread: In-Reply-To their
 * first mail, Reply-To the department mailbox (server/mail-inbound), so a reply comes back there
 * and becomes a comment on the request.
 */
import type { Queryable } from '../db/types';

export interface MailThread {
  inReplyTo: string;
  replyTo: string;
}

/** The thread's lookup as SQL over an instance id expression: in_reply_to and reply_to of its first request mail. */
const THREAD_JOIN = (instanceId: string) => `LEFT JOIN LATERAL (
    SELECT m.message_id AS in_reply_to, b.address AS reply_to
    FROM inbound_mails m JOIN mailboxes b ON b.id = m.mailbox_id JOIN process_instances p ON p.id = m.instance_id
    WHERE m.instance_id = ${instanceId} AND m.outcome = 'request' AND p.channel = 'mail'
    ORDER BY m.received_at LIMIT 1) th ON true`;

export interface OutboxMail {
  recipients: string[];
  subject: string;
  body: string;
  instance_id: string;
}

/**
 * Writes mails to the outbox in one statement, each in its request's mail thread when the request
 * came in by mail (the thread is looked up in the same statement). The mail worker sends them after commit.
 */
export async function insertOutbox(tx: Queryable, mails: OutboxMail[]): Promise<void> {
  if (mails.length === 0) return;
  await tx.query(
    `INSERT INTO mail_outbox (recipients, subject, body, instance_id, in_reply_to, reply_to)
     SELECT ARRAY(SELECT jsonb_array_elements_text(x.recipients)), x.subject, x.body, x.instance_id, th.in_reply_to, th.reply_to
     FROM jsonb_to_recordset($1::jsonb) AS x(recipients jsonb, subject text, body text, instance_id uuid)
     ${THREAD_JOIN('x.instance_id')}`,
    [JSON.stringify(mails)],
  );
}

/** The thread of each mail request among these instances (none for portal requests). */
export async function mailThreads(tx: Queryable, instanceIds: string[]): Promise<Map<string, MailThread>> {
  if (instanceIds.length === 0) return new Map();
  const r = await tx.query<{ instance_id: string; message_id: string; address: string }>(
    `SELECT DISTINCT ON (m.instance_id) m.instance_id, m.message_id, b.address
     FROM inbound_mails m JOIN mailboxes b ON b.id = m.mailbox_id JOIN process_instances p ON p.id = m.instance_id
     WHERE m.instance_id = ANY($1::uuid[]) AND m.outcome = 'request' AND p.channel = 'mail'
     ORDER BY m.instance_id, m.received_at`,
    [instanceIds],
  );
  return new Map(r.rows.map((x) => [x.instance_id, { inReplyTo: x.message_id, replyTo: x.address }]));
}
