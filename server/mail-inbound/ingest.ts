/**
 * One mail → a request, a comment, or a recorded "no". Every outcome is a row in inbound_mails,
 * unique per mailbox and Message-ID and written in the same transaction as the request or comment
 * it caused: the caller (IMAP poller, SMTP listener) marks the mail done only after this returns,
 * so a crash before the commit takes the mail in again, and one after it finds the row (no duplicate).
 */
import type { Queryable } from '../db/types';
import { HttpError } from '../errors';
import { loadPrincipals, type Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import type { MailInboundConfig } from '../config';
import { getRequest, startRequest } from '../requests/instances';
import { MAIL_FROM } from '../notify/mailer';
import { parseHeadersOnly, parseMail, withoutQuote, type InboundMail } from './parse';
import { storeAttachments } from './attachments';
import { answerRequesterWait } from './requester-wait';
import { noteToOwners, threadedMail } from './outgoing';
import { acknowledgement } from './texts';
import type { MailboxRow } from './mailboxes';
import { publicLink, requestPath } from '../../common/links';

export type Outcome = 'request' | 'comment' | 'ignored' | 'refused' | 'held';

export interface IngestResult {
  outcome: Outcome;
  reason: string | null;
  instanceId: string | null;
  /** The mail was taken in before (same mailbox and Message-ID): nothing new happened. */
  duplicate: boolean;
}

export interface IngestContext {
  engine: Engine;
  settings: MailInboundConfig;
  publicUrl: string;
  /** Test hook: runs inside the transaction right before the commit; a throw stands for a crash there. */
  beforeCommit?: () => void | Promise<void>;
}

class AlreadyTaken extends Error {}

const OWN_ADDRESS = /<([^>]+)>/.exec(MAIL_FROM)?.[1]?.toLowerCase() ?? '';

async function previous(q: Queryable, mailboxId: string, messageId: string): Promise<IngestResult | null> {
  const r = await q.query<{ outcome: Outcome; reason: string | null; instance_id: string | null }>(
    'SELECT outcome, reason, instance_id FROM inbound_mails WHERE mailbox_id = $1 AND message_id = $2',
    [mailboxId, messageId],
  );
  const row = r.rows[0];
  return row ? { outcome: row.outcome, reason: row.reason, instanceId: row.instance_id, duplicate: true } : null;
}

/** Writes the mail's record; false when another run took it in first. */
async function record(q: Queryable, mailbox: MailboxRow, mail: InboundMail, size: number, now: Date, outcome: Outcome, reason: string | null, instanceId: string | null) {
  const r = await q.query(
    `INSERT INTO inbound_mails (mailbox_id, message_id, sender, subject, received_at, outcome, reason, instance_id, headers, body, size)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (mailbox_id, message_id) DO NOTHING RETURNING id`,
    [mailbox.id, mail.messageId, mail.from || '(none)', mail.subject, now, outcome, reason, instanceId, JSON.stringify(mail.headers), mail.text, size],
  );
  return r.rows.length > 0;
}

async function history(q: Queryable, instanceId: string, kind: string, actor: string, now: Date, data: Record<string, unknown>) {
  await q.query(
    `INSERT INTO history (instance_id, definition_id, process_key, kind, time, actor, data)
     SELECT id, definition_id, process_key, $2, $3, $4, $5 FROM process_instances WHERE id = $1`,
    [instanceId, kind, now, actor, JSON.stringify(data)],
  );
}

/** The request a reply belongs to: a Lotse mail it answers (In-Reply-To/References), a mail of the same thread, or the request number in the subject. */
export async function findThread(q: Queryable, mail: InboundMail): Promise<string | null> {
  const refs = [...new Set([...mail.inReplyTo, ...mail.references])].slice(0, 100);
  const outboxIds = refs.map((r) => /^<([0-9a-f-]{36})@lotse>$/i.exec(r)?.[1]).filter((x): x is string => !!x);
  if (outboxIds.length) {
    const r = await q.query<{ instance_id: string }>('SELECT instance_id FROM mail_outbox WHERE id = ANY($1::uuid[]) AND instance_id IS NOT NULL LIMIT 1', [outboxIds]);
    if (r.rows[0]) return r.rows[0].instance_id;
  }
  if (refs.length) {
    const r = await q.query<{ instance_id: string }>('SELECT instance_id FROM inbound_mails WHERE message_id = ANY($1::text[]) AND instance_id IS NOT NULL ORDER BY received_at LIMIT 1', [refs]);
    if (r.rows[0]) return r.rows[0].instance_id;
  }
  const reference = /\b([A-Z][A-Z0-9-]{0,39}-\d{4}-\d{6})\b/.exec(mail.subject)?.[1];
  if (reference) {
    const r = await q.query<{ id: string }>('SELECT id FROM process_instances WHERE reference = $1', [reference]);
    if (r.rows[0]) return r.rows[0].id;
  }
  return null;
}

async function senderPrincipal(q: Queryable, email: string): Promise<Principal | null> {
  const r = await q.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = $1', [email]);
  return r.rows[0] ? ((await loadPrincipals(q, [r.rows[0].id]))[0] ?? null) : null;
}

/** A guest requester for an unknown sender: a user record that cannot sign in (no password) and holds no role. */
async function guestPrincipal(q: Queryable, mail: InboundMail): Promise<Principal> {
  await q.query(
    `INSERT INTO users (email, name, password_hash, locale) VALUES ($1, $2, '!mail-guest', $3) ON CONFLICT ((lower(email))) DO NOTHING`,
    [mail.from, (mail.fromName ?? mail.from).slice(0, 200), mail.language],
  );
  return (await senderPrincipal(q, mail.from))!;
}

/** Takes in one raw mail for a mailbox (see the module comment for the crash rule). */
export async function ingestMail(ctx: IngestContext, mailbox: MailboxRow, raw: Buffer, size = raw.length): Promise<IngestResult> {
  const { engine, settings } = ctx;
  const db = engine.db;
  const tooLarge = size > settings.maxBytes;
  const mail = tooLarge ? await parseHeadersOnly(raw) : await parseMail(raw);
  const seen = await previous(db, mailbox.id, mail.messageId);
  if (seen) return seen;
  const now = engine.now();

  /** A mail that starts nothing: its record (and for held ones the owners' note) in one transaction. */
  const settle = async (outcome: Outcome, reason: string, note?: { detail?: string }): Promise<IngestResult> => {
    await db.transaction(async (tx) => {
      if (!(await record(tx, mailbox, mail, size, now, outcome, reason, null))) throw new AlreadyTaken();
      if (note) await noteToOwners(tx, mailbox, mail, reason, now, note.detail);
      await ctx.beforeCommit?.();
    }).catch((err) => {
      if (!(err instanceof AlreadyTaken)) throw err;
    });
    return (await previous(db, mailbox.id, mail.messageId)) ?? { outcome, reason, instanceId: null, duplicate: false };
  };

  if (tooLarge) return settle('held', 'too_large', { detail: `${size} bytes.` });
  if (mail.automatic) return settle('ignored', mail.automatic);
  // Anyone can write any From: a mail the receiving server marked as forged is nobody's request.
  if (mail.spoofed) return settle('refused', 'spoofed_sender');
  const own = await db.query('SELECT 1 FROM mailboxes WHERE lower(address) = $1', [mail.from]);
  if (!mail.from || mail.from === OWN_ADDRESS || own.rows.length) return settle('ignored', mail.from ? 'own_address' : 'no_sender');
  const recent = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM inbound_mails WHERE lower(sender) = $1 AND received_at > $2 AND outcome IN ('request', 'comment')",
    [mail.from, new Date(now.getTime() - 3_600_000)],
  );
  if (recent.rows[0].n >= settings.ratePerHour) return settle('ignored', 'rate_limited');

  const thread = await findThread(db, mail);
  let sender = await senderPrincipal(db, mail.from);
  if (thread) {
    if (!sender) return settle('refused', 'unknown_sender');
    const visible = await getRequest(db, sender, thread).then(() => true, () => false);
    if (!visible) return settle('refused', 'not_on_request');
    return comment(ctx, mailbox, mail, size, sender, thread);
  }
  if (!sender) {
    if (mailbox.unknown_senders !== 'guest') return settle('refused', 'unknown_sender');
    sender = await guestPrincipal(db, mail);
  }
  return request(ctx, mailbox, mail, size, sender, settle);
}

async function request(ctx: IngestContext, mailbox: MailboxRow, mail: InboundMail, size: number, sender: Principal, settle: (o: Outcome, r: string, n?: { detail?: string }) => Promise<IngestResult>): Promise<IngestResult> {
  const { engine } = ctx;
  const now = engine.now();
  const variables: Record<string, unknown> = { ...mailbox.defaults };
  if (mailbox.summary_field) variables[mailbox.summary_field] = (mail.subject || mail.text.split('\n')[0] || '—').slice(0, 200);
  if (mailbox.description_field) variables[mailbox.description_field] = mail.text || mail.subject || '—';
  try {
    const started = await startRequest(engine, sender, { processKey: mailbox.process_key, variables: variables as never }, undefined, async (tx, s) => {
      if (!(await record(tx, mailbox, mail, size, now, 'request', null, s.id))) throw new AlreadyTaken();
      const left = await storeAttachments(tx, sender, mail.attachments, s.id);
      await history(tx, s.id, 'mail_received', mail.from, now, { from: mail.from, subject: mail.subject, messageId: mail.messageId, mailbox: mailbox.address, attachments: mail.attachments.length - left.length });
      const lang = sender.locale ?? mail.language ?? 'de';
      const ack = acknowledgement(lang, { reference: s.reference, subject: mail.subject || '—', link: publicLink(ctx.publicUrl, requestPath(s.id)) });
      await threadedMail(tx, { to: [mail.from], subject: ack.subject, body: ack.body, instanceId: s.id, inReplyTo: mail.messageId, replyTo: mailbox.address });
      if (left.length) await noteToOwners(tx, mailbox, mail, 'attachments', now, left.join(', '), s.reference);
      await ctx.beforeCommit?.();
    }, { channel: 'mail' });
    return { outcome: 'request', reason: null, instanceId: started.id, duplicate: false };
  } catch (err) {
    if (err instanceof AlreadyTaken || (err as { code?: string }).code === '23505') {
      const seen = await previous(engine.db, mailbox.id, mail.messageId);
      if (seen) return seen;
    }
    // The service refused the mail's values or this sender: kept for the owners, who fix the mapping.
    if (err instanceof HttpError && err.status !== 503) {
      const detail = [err.message, ...(err.errors ?? []).map((e) => `${e.path ?? e.elementId ?? ''} ${e.message}`.trim())].join('; ').slice(0, 1000);
      return settle('held', err.status === 403 ? 'not_allowed' : 'form', { detail });
    }
    throw err;
  }
}

/** A reply on a request: a comment by the sender; from the requester it also answers a step that waits for them. */
async function comment(ctx: IngestContext, mailbox: MailboxRow, mail: InboundMail, size: number, sender: Principal, instanceId: string): Promise<IngestResult> {
  const { engine } = ctx;
  const now = engine.now();
  const text = withoutQuote(mail.text) || mail.subject || '—';
  try {
    const result = await engine.db.transaction(async (tx) => {
      const answered = await answerRequesterWait(engine, tx, sender, instanceId, text);
      if (!(await record(tx, mailbox, mail, size, now, 'comment', answered.reason, instanceId))) throw new AlreadyTaken();
      const c = await tx.query<{ id: string }>('INSERT INTO comments (instance_id, author_id, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [instanceId, sender.id, text, now]);
      await history(tx, instanceId, 'comment_added', sender.email, now, { commentId: c.rows[0].id, channel: 'mail' });
      await history(tx, instanceId, 'mail_received', mail.from, now, { from: mail.from, subject: mail.subject, messageId: mail.messageId, mailbox: mailbox.address });
      const left = await storeAttachments(tx, sender, mail.attachments, instanceId);
      if (left.length) await noteToOwners(tx, mailbox, mail, 'attachments', now, left.join(', '));
      await answered.notify(tx);
      await engine.publishChanged(tx, [instanceId]);
      await ctx.beforeCommit?.();
      return answered;
    });
    if (result.unit) engine.afterCommit(result.unit);
    engine.events.emit('changed', [instanceId]);
    return { outcome: 'comment', reason: result.reason, instanceId, duplicate: false };
  } catch (err) {
    if (err instanceof AlreadyTaken || (err as { code?: string }).code === '23505') {
      const seen = await previous(engine.db, mailbox.id, mail.messageId);
      if (seen) return seen;
    }
    throw err;
  }
}
