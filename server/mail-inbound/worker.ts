/**
 * The inbound-mail worker (main.ts): one watcher per enabled mailbox with an IMAP account, which
 * keeps its connection open, takes in the unseen mails, and does so again when IDLE reports a new
 * one (or every MAIL_INBOUND_POLL_SECONDS). The mailbox list is re-read on the same beat, so new,
 * changed and removed mailboxes take effect without a restart. Several servers on one database may
 * all watch: the Message-ID record lets only one of them take a mail in. Optionally an SMTP
 * listener (MAIL_INBOUND_SMTP_PORT) takes mails a relay delivers to a mailbox's address.
 */
import type { ImapFlow } from 'imapflow';
import type { Engine } from '../engine/runtime/runtime';
import type { Logger } from '../log';
import type { MailInboundConfig } from '../config';
import { imapClient, takeUnseen } from './imap';
import type { IngestContext } from './ingest';
import { loadMailbox, type MailboxRow } from './mailboxes';
import { startSmtpListener } from './smtp';

interface Watcher {
  fingerprint: string;
  stop(): Promise<void>;
}

const fingerprintOf = (m: MailboxRow) => JSON.stringify([m.imap_host, m.imap_port, m.imap_user, m.imap_password_enc, m.imap_folder, m.enabled]);

function watch(ctx: IngestContext, mailbox: MailboxRow, log: Logger, pollMs: number): Watcher {
  let stopped = false;
  let client: ImapFlow | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const db = ctx.engine.db;
  const note = (error: string | null) => db.query('UPDATE mailboxes SET last_poll_at = now(), last_error = $2 WHERE id = $1', [mailbox.id, error]).catch(() => {});

  const check = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        if (!client) await connect();
        // The mapping (service, defaults) as it is now; the account is the watcher's own.
        await takeUnseen(client!, ctx, await loadMailbox(db, mailbox.id), log);
        await note(null);
      } while (again && !stopped);
    })()
      .catch(async (err) => {
        log.warn('mailbox check failed', { mailbox: mailbox.address, error: String((err as Error)?.message ?? err) });
        await note(String((err as Error)?.message ?? err).slice(0, 1000));
        const c = client;
        client = null;
        await c?.logout().catch(() => c.close());
      })
      .finally(() => (running = null));
  };

  const connect = async () => {
    const c = imapClient(mailbox, ctx.settings.key, ctx.settings.ca);
    c.on('error', (err) => log.warn('mailbox connection error', { mailbox: mailbox.address, error: String(err?.message ?? err) }));
    // IDLE (or imapflow's polling without it) reports new mails on the open folder.
    c.on('exists', () => check());
    c.on('close', () => {
      if (client === c) client = null;
    });
    await c.connect();
    await c.mailboxOpen(mailbox.imap_folder);
    client = c;
  };

  const tick = () => {
    if (stopped) return;
    check();
    timer = setTimeout(tick, pollMs);
  };
  tick();
  return {
    fingerprint: fingerprintOf(mailbox),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      const c = client;
      client = null;
      await c?.logout().catch(() => c.close());
    },
  };
}

/** Starts watching every enabled mailbox (and the SMTP listener when configured); returns a stop function. */
export function startMailInbound(engine: Engine, settings: MailInboundConfig, publicUrl: string, log: Logger): () => Promise<void> {
  if (settings.disabled) return async () => {};
  const ctx: IngestContext = { engine, settings, publicUrl };
  const watchers = new Map<string, Watcher>();
  const pollMs = settings.pollSeconds * 1000;
  let stopped = false;
  const sync = async () => {
    const r = await engine.db.query<MailboxRow>('SELECT * FROM mailboxes WHERE enabled AND imap_host IS NOT NULL AND imap_password_enc IS NOT NULL');
    const wanted = new Map(r.rows.map((m) => [m.id, m]));
    for (const [id, w] of watchers) {
      const m = wanted.get(id);
      if (!m || fingerprintOf(m) !== w.fingerprint) {
        watchers.delete(id);
        await w.stop();
      }
    }
    for (const [id, m] of wanted) if (!watchers.has(id) && !stopped) watchers.set(id, watch(ctx, m, log, pollMs));
  };
  let syncing: Promise<void> | null = null;
  const beat = () => {
    if (syncing || stopped) return;
    syncing = sync().catch((err) => log.error('mailbox list failed', { error: String(err) })).finally(() => (syncing = null));
  };
  beat();
  const timer = setInterval(beat, pollMs);
  const stopSmtp = settings.smtpPort ? startSmtpListener(ctx, settings.smtpPort, settings.smtpHost, log) : async () => {};
  return async () => {
    stopped = true;
    clearInterval(timer);
    await syncing;
    await Promise.all([...watchers.values()].map((w) => w.stop()));
    await stopSmtp();
  };
}
