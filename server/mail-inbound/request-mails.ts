/** The original mails of a request, for its timeline: shown headers and the safe text (never HTML). */
import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { getRequest } from '../requests/instances';

/** The mails taken in on a request the caller may see (404 otherwise, as the request itself). */
export async function requestMails(q: Queryable, p: Principal, instanceId: string) {
  await getRequest(q, p, instanceId);
  const r = await q.query<any>(
    `SELECT m.id, m.sender, m.subject, m.received_at, m.outcome, m.reason, m.headers, m.body, b.address AS mailbox
     FROM inbound_mails m JOIN mailboxes b ON b.id = m.mailbox_id WHERE m.instance_id = $1 ORDER BY m.received_at, m.id LIMIT 200`,
    [instanceId],
  );
  return r.rows.map((m) => ({
    id: m.id as string, sender: m.sender as string, subject: m.subject as string, receivedAt: m.received_at as string, outcome: m.outcome as string,
    reason: m.reason as string | null, headers: m.headers as Record<string, string>, text: m.body as string, mailbox: m.mailbox as string,
  }));
}
