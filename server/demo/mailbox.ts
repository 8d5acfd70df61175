/**
 * The demo's facility mailbox (requests by e-mail, issue #21): facility@lotse.demo mapped to the
 * repair service, and the simulated repair requests split between portal and mail with the share by
 * mail falling from about two thirds when the portal opened (the first request) to under a tenth
 * three months later — what Insights → "Requests by channel" and every KPI filtered by channel show. Applied after the history is
 * simulated or loaded (boot.ts), in SQL, idempotent: which request came by mail follows from its id
 * and start time alone. Not part of the snapshot's fingerprint: it runs on every first start.
 */
import type { Db } from '../db/types';

export const DEMO_MAILBOX = 'facility@lotse.demo';
const SERVICE = 'facility-repair-request';
/** The share by mail when the portal opened, and how much it falls over FALL_DAYS. */
const START_SHARE = 0.65;
const FALL = 0.57;
const FALL_DAYS = 90;

/** Creates the mailbox (no IMAP account: nothing is read) and marks the mail requests; returns how many were marked now. */
export async function demoMailRequests(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const box = await tx.query<{ id: string }>(
      `INSERT INTO mailboxes (department_id, name, address, process_key, defaults, summary_field, description_field, unknown_senders)
       SELECT d.id, 'Facility', $1, $2, $3, NULL, 'description', 'refuse' FROM departments d
       WHERE d.key = 'facility' AND EXISTS (SELECT 1 FROM definitions WHERE key = $2)
       ON CONFLICT ((lower(address))) DO NOTHING`,
      [DEMO_MAILBOX, SERVICE, JSON.stringify({ building: 'HQ', location: 'siehe Mail / see mail', category: 'other', urgency: 'normal' })],
    ).then(() => tx.query<{ id: string }>('SELECT id FROM mailboxes WHERE lower(address) = $1', [DEMO_MAILBOX]));
    const mailboxId = box.rows[0]?.id;
    if (!mailboxId) return 0;
    // A fixed pseudo-random number per request (from its id) against the share at its start time.
    const picked = await tx.query<{ id: string }>(
      `WITH opened AS (SELECT min(started_at) AS at FROM process_instances WHERE process_key = $1 AND parent_id IS NULL)
       UPDATE process_instances p SET channel = 'mail' FROM opened
       WHERE p.process_key = $1 AND p.parent_id IS NULL AND p.channel = 'portal' AND p.started_by IS NOT NULL
         AND ('x' || substr(md5(p.id::text), 1, 7))::bit(28)::int / 268435456.0
             < $2 - $3 * least(1, extract(epoch FROM p.started_at - opened.at) / ($4 * 86400.0))
         AND NOT EXISTS (SELECT 1 FROM inbound_mails m WHERE m.instance_id = p.id)
       RETURNING p.id`,
      [SERVICE, START_SHARE, FALL, FALL_DAYS],
    );
    const ids = picked.rows.map((r) => r.id);
    if (ids.length === 0) return 0;
    // The mail each of them came as: its record (mailbox counts, the request's original mail) and the timeline entry.
    await tx.query(
      `INSERT INTO inbound_mails (mailbox_id, message_id, sender, subject, received_at, outcome, instance_id, headers, body, size)
       SELECT $1, '<demo-' || p.id || '@mail.lotse.demo>', u.email, s.subject, p.started_at, 'request', p.id,
              jsonb_build_object('from', u.name || ' <' || u.email || '>', 'to', $3::text, 'subject', s.subject, 'message-id', '<demo-' || p.id || '@mail.lotse.demo>'),
              coalesce(p.variables ->> 'description', ''), 2048
       FROM process_instances p JOIN users u ON u.id = p.started_by
       CROSS JOIN LATERAL (SELECT 'Reparatur / repair: ' || coalesce(p.variables ->> 'building', '') || ' ' || coalesce(p.variables ->> 'location', '') AS subject) s
       WHERE p.id = ANY($2::uuid[])
       ON CONFLICT (mailbox_id, message_id) DO NOTHING`,
      [mailboxId, ids, DEMO_MAILBOX],
    );
    await tx.query(
      `INSERT INTO history (instance_id, definition_id, process_key, kind, time, actor, data)
       SELECT m.instance_id, p.definition_id, p.process_key, 'mail_received', m.received_at, m.sender,
              jsonb_build_object('from', m.sender, 'subject', m.subject, 'messageId', m.message_id, 'mailbox', $2::text, 'attachments', 0)
       FROM inbound_mails m JOIN process_instances p ON p.id = m.instance_id WHERE m.instance_id = ANY($1::uuid[])`,
      [ids, DEMO_MAILBOX],
    );
    // Their history was rolled up as the portal's: the roll-ups of their process versions are
    // computed again, now by channel (migration 031).
    await tx.query('SELECT insights_rebuild(array_agg(DISTINCT definition_id)) FROM process_instances WHERE id = ANY($1::uuid[])', [ids]);
    return ids.length;
  });
}
