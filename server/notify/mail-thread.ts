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
