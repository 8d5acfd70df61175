/**
 * The optional SMTP listener (MAIL_INBOUND_SMTP_PORT) for a relay that delivers department mail
 * to Lotse instead of an IMAP mailbox (smtp-server). Only recipients that are a mailbox's address
 * are accepted; the relay gets "250" only after the mail was taken in (committed), so a crash makes
 * the relay deliver again, and the Message-ID record keeps that from making a second request.
 * Meant for a relay on the same host or network: bind it to an internal address.
 */
import { SMTPServer } from 'smtp-server';
import type { Logger } from '../log';
import { ingestMail, type IngestContext } from './ingest';
import type { MailboxRow } from './mailboxes';

export function startSmtpListener(ctx: IngestContext, port: number, host: string, log: Logger): () => Promise<void> {
  const db = ctx.engine.db;
  const mailboxByAddress = async (address: string) =>
    (await db.query<MailboxRow>('SELECT * FROM mailboxes WHERE lower(address) = lower($1) AND enabled', [address])).rows[0] ?? null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: ctx.settings.maxBytes,
    logger: false,
    async onRcptTo(address, _session, callback) {
      callback((await mailboxByAddress(address.address)) ? undefined : Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (d: Buffer) => {
        size += d.length;
        if (size <= ctx.settings.maxBytes + 64 * 1024) chunks.push(d);
      });
      stream.on('end', async () => {
        try {
          const raw = Buffer.concat(chunks);
          for (const rcpt of session.envelope.rcptTo) {
            const mailbox = await mailboxByAddress(rcpt.address);
            if (mailbox) await ingestMail(ctx, mailbox, raw, size);
          }
          callback();
        } catch (err) {
          log.warn('SMTP mail not taken in', { error: String((err as Error)?.message ?? err) });
          callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
        }
      });
    },
  });
  server.on('error', (err) => log.error('inbound SMTP listener error', { error: String(err) }));
  server.listen(port, host, () => log.info('inbound SMTP listener', { host, port }));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
