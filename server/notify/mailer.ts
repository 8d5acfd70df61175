/**
 * Delivers the mail outbox through SMTP (nodemailer) with retries and backoff. Without SMTP_URL
 * each mail is written to the log once and marked sent, so nothing piles up and nothing is lost silently.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/types';
import type { Logger } from '../log';

export const MAX_MAIL_ATTEMPTS = 5;
export const MAIL_FROM = 'Lotse <lotse@localhost>';

export function createTransport(smtpUrl: string | null): Transporter | null {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
}

/** Sends due outbox mails, each claimed in its own short transaction; returns how many were handled. */
export async function deliverOutbox(db: Db, transport: Transporter | null, log: Logger, now: () => Date = () => new Date(), limit = 50): Promise<number> {
  const due = await db.query<{ id: string; recipients: string[]; subject: string; body: string; attempts: number; in_reply_to: string | null; reply_to: string | null }>(
    `UPDATE mail_outbox SET next_attempt_at = $2 WHERE id IN (
       SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, recipients, subject, body, attempts, in_reply_to, reply_to`,
    [now(), new Date(now().getTime() + 5 * 60_000), limit], // claimed for 5 minutes against a parallel worker
  );
  for (const mail of due.rows) {
    if (!transport) {
      log.info('mail (no SMTP_URL, logged only)', { to: mail.recipients, subject: mail.subject, body: mail.body });
      await db.query("UPDATE mail_outbox SET status = 'sent', sent_at = $2, last_error = 'no SMTP_URL: logged only' WHERE id = $1", [mail.id, now()]);
      continue;
    }
    try {
      // A mail about a mail request answers in its thread (server/notify/mail-thread.ts).
      const thread = mail.in_reply_to ? { inReplyTo: mail.in_reply_to, references: [mail.in_reply_to] } : {};
      await transport.sendMail({ from: MAIL_FROM, to: mail.recipients, subject: mail.subject, text: mail.body, messageId: `<${mail.id}@lotse>`, ...thread, ...(mail.reply_to ? { replyTo: mail.reply_to } : {}) });
      await db.query("UPDATE mail_outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1", [mail.id, now()]);
    } catch (err) {
      const attempts = mail.attempts + 1;
      const failed = attempts >= MAX_MAIL_ATTEMPTS;
      await db.query('UPDATE mail_outbox SET attempts = $2, status = $3, next_attempt_at = $4, last_error = $5 WHERE id = $1', [
        mail.id,
        attempts,
        failed ? 'failed' : 'pending',
        new Date(now().getTime() + 2 ** attempts * 30_000),
        (err as Error).message,
      ]);
      log.warn('mail delivery failed', { id: mail.id, attempts, error: (err as Error).message });
    }
  }
  return due.rows.length;
}

/** Polls the outbox every intervalMs; returns a stop function. */
export function startMailWorker(db: Db, smtpUrl: string | null, log: Logger, intervalMs = 2000): () => Promise<void> {
  const transport = createTransport(smtpUrl);
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverOutbox(db, transport, log)
      .catch((err) => log.error('mail worker failed', { error: String(err) }))
      .finally(() => (running = null));
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
    transport?.close();
  };
}
