/**
 * Reading department mailboxes over IMAP with TLS (imapflow). Unseen mails are fetched one by one,
 * taken in (ingest.ts), and flagged \Seen only after ingestMail returned, i.e. after the request's
 * transaction committed: a crash in between leaves the mail unseen, and taking it in again finds
 * its Message-ID (one request). A watcher per mailbox keeps its connection open and listens with
 * IDLE where the server offers it (imapflow falls back to polling otherwise); every
 * MAIL_INBOUND_POLL_SECONDS it checks anyway.
 */
import { ImapFlow } from 'imapflow';
import type { Logger } from '../log';
import type { Queryable } from '../db/types';
import { decryptSecret } from './crypto';
import { ingestMail, type IngestContext, type IngestResult } from './ingest';
import type { MailboxRow } from './mailboxes';

/** A client for one mailbox (not yet connected); 409-style error when the mailbox has no account. */
export function imapClient(mailbox: MailboxRow, key: Buffer | null, ca: string | null): ImapFlow {
  if (!mailbox.imap_host || !mailbox.imap_user || !mailbox.imap_password_enc) throw new Error('the mailbox has no IMAP host, user or password');
  return new ImapFlow({
    host: mailbox.imap_host,
    port: mailbox.imap_port ?? 993,
    secure: true,
    auth: { user: mailbox.imap_user, pass: decryptSecret(key, mailbox.imap_password_enc, mailbox.id) },
    tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
    logger: false,
    // Without IDLE (or between its restarts) the folder is polled this often.
    maxIdleTime: 5 * 60_000,
    missingIdleCommand: 'STATUS',
  });
}

/** Takes in every unseen mail of the open folder; each is flagged \Seen after its commit. */
export async function takeUnseen(client: ImapFlow, ctx: IngestContext, mailbox: MailboxRow, log?: Logger): Promise<IngestResult[]> {
  const lock = await client.getMailboxLock(mailbox.imap_folder);
  const results: IngestResult[] = [];
  try {
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      const head = await client.fetchOne(String(uid), { size: true }, { uid: true });
      if (!head) continue;
      const size = head.size ?? 0;
      // A mail over the limit is not downloaded whole: its headers make the note to the owners.
      const message = size > ctx.settings.maxBytes
        ? await client.fetchOne(String(uid), { headers: true }, { uid: true })
        : await client.fetchOne(String(uid), { source: true }, { uid: true });
      const raw = message && (size > ctx.settings.maxBytes ? message.headers : message.source);
      if (!raw) continue;
      try {
        results.push(await ingestMail(ctx, mailbox, raw, size));
      } catch (err) {
        // Left unseen: the next check tries again (the error shows on the mailbox).
        log?.warn('inbound mail not taken in', { mailbox: mailbox.address, uid, error: String((err as Error)?.message ?? err) });
        throw err;
      }
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  } finally {
    lock.release();
  }
  return results;
}

async function noteCheck(q: Queryable, mailboxId: string, error: string | null) {
  await q.query('UPDATE mailboxes SET last_poll_at = now(), last_error = $2 WHERE id = $1', [mailboxId, error?.slice(0, 1000) ?? null]);
}

/** One check of one mailbox: connect, take in the unseen mails, log out. */
export async function checkMailboxOnce(ctx: IngestContext, mailbox: MailboxRow, log?: Logger): Promise<IngestResult[]> {
  const client = imapClient(mailbox, ctx.settings.key, ctx.settings.ca);
  try {
    await client.connect();
    const results = await takeUnseen(client, ctx, mailbox, log);
    await noteCheck(ctx.engine.db, mailbox.id, null);
    return results;
  } catch (err) {
    await noteCheck(ctx.engine.db, mailbox.id, String((err as Error)?.message ?? err));
    throw err;
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** "Test connection" in the admin screen: sign in, look at the folder, say whether IDLE is offered. */
export async function testMailbox(mailbox: MailboxRow, key: Buffer | null, ca: string | null) {
  let client: ImapFlow;
  try {
    client = imapClient(mailbox, key, ca);
  } catch (err) {
    return { ok: false as const, error: String((err as Error).message) };
  }
  try {
    await client.connect();
    const status = await client.status(mailbox.imap_folder, { messages: true, unseen: true });
    if (!status) return { ok: false as const, error: `no folder "${mailbox.imap_folder}"` };
    return { ok: true as const, messages: status.messages ?? 0, unseen: status.unseen ?? 0, idle: client.capabilities.has('IDLE') };
  } catch (err) {
    const e = err as Error & { responseText?: string; authenticationFailed?: boolean };
    return { ok: false as const, error: e.authenticationFailed ? 'authentication failed' : (e.responseText ?? e.message ?? String(err)) };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
