/**
 * Department mailboxes (admin CRUD): an address mapped to a service (process key) with default
 * start values, and the IMAP account Lotse reads. The password is stored encrypted (crypto.ts) and
 * never leaves the server: the API only says whether one is set.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types';
import { notFound, validationFailed } from '../errors';
import { encryptSecret } from './crypto';

export interface MailboxInput {
  departmentId?: string;
  name?: string;
  address?: string;
  processKey?: string;
  defaults?: Record<string, string | number | boolean | null>;
  summaryField?: string | null;
  descriptionField?: string | null;
  unknownSenders?: 'refuse' | 'guest';
  imapHost?: string | null;
  imapPort?: number | null;
  imapUser?: string | null;
  /** Write-only: a new password; null removes it; left out keeps it. */
  imapPassword?: string | null;
  imapFolder?: string;
  enabled?: boolean;
}

/** A mailbox row as the domain uses it (with the encrypted password; never sent to a client). */
export interface MailboxRow {
  id: string;
  department_id: string;
  name: string;
  address: string;
  process_key: string;
  defaults: Record<string, unknown>;
  summary_field: string | null;
  description_field: string | null;
  unknown_senders: 'refuse' | 'guest';
  imap_host: string | null;
  imap_port: number | null;
  imap_user: string | null;
  imap_password_enc: string | null;
  imap_folder: string;
  enabled: boolean;
  last_poll_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

/** What the API answers for a mailbox: everything but the password, and how many mails it took in. */
export function mailboxView(row: MailboxRow, counts?: { requests: number; comments: number; held: number; ignored: number }) {
  return {
    id: row.id,
    departmentId: row.department_id,
    name: row.name,
    address: row.address,
    processKey: row.process_key,
    defaults: row.defaults,
    summaryField: row.summary_field,
    descriptionField: row.description_field,
    unknownSenders: row.unknown_senders,
    imapHost: row.imap_host,
    imapPort: row.imap_port,
    imapUser: row.imap_user,
    imapFolder: row.imap_folder,
    hasPassword: !!row.imap_password_enc,
    enabled: row.enabled,
    lastPollAt: row.last_poll_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    counts: counts ?? { requests: 0, comments: 0, held: 0, ignored: 0 },
  };
}
export type MailboxView = ReturnType<typeof mailboxView>;

export async function loadMailbox(q: Queryable, id: string): Promise<MailboxRow> {
  const r = await q.query<MailboxRow>('SELECT * FROM mailboxes WHERE id = $1', [id]);
  if (!r.rows[0]) throw notFound('Mailbox');
  return r.rows[0];
}

export async function listMailboxes(q: Queryable): Promise<MailboxView[]> {
  const r = await q.query<MailboxRow>('SELECT * FROM mailboxes ORDER BY name, id');
  const counts = await q.query<{ mailbox_id: string; outcome: string; n: number }>(
    'SELECT mailbox_id, outcome, count(*)::int AS n FROM inbound_mails GROUP BY mailbox_id, outcome',
  );
  return r.rows.map((row) => {
    const of = (o: string) => counts.rows.find((c) => c.mailbox_id === row.id && c.outcome === o)?.n ?? 0;
    return mailboxView(row, { requests: of('request'), comments: of('comment'), held: of('held'), ignored: of('ignored') + of('refused') });
  });
}

/** The process must be deployed; the mailbox belongs to the department given (the service's own by default). */
async function checkInput(q: Queryable, input: MailboxInput) {
  if (input.processKey !== undefined) {
    const d = await q.query('SELECT 1 FROM definitions WHERE key = $1 LIMIT 1', [input.processKey]);
    if (!d.rows[0]) throw validationFailed([{ path: '/processKey', message: `no deployed process "${input.processKey}"` }]);
  }
  if (input.departmentId !== undefined) {
    const d = await q.query('SELECT 1 FROM departments WHERE id = $1', [input.departmentId]);
    if (!d.rows[0]) throw validationFailed([{ path: '/departmentId', message: 'no such department' }]);
  }
}

export async function createMailbox(q: Queryable, key: Buffer | null, input: MailboxInput): Promise<MailboxView> {
  const missing = (['departmentId', 'name', 'address', 'processKey'] as const).filter((f) => input[f] === undefined);
  if (missing.length) throw validationFailed(missing.map((f) => ({ path: `/${f}`, message: 'is required' })));
  await checkInput(q, input);
  const id = randomUUID();
  const password = input.imapPassword ? encryptSecret(key, input.imapPassword, id) : null;
  const r = await q.query<MailboxRow>(
    `INSERT INTO mailboxes (id, department_id, name, address, process_key, defaults, summary_field, description_field, unknown_senders,
       imap_host, imap_port, imap_user, imap_password_enc, imap_folder, enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
    [id, input.departmentId, input.name, input.address!.toLowerCase(), input.processKey, JSON.stringify(input.defaults ?? {}), input.summaryField ?? null,
      input.descriptionField ?? null, input.unknownSenders ?? 'refuse', input.imapHost ?? null, input.imapPort ?? null, input.imapUser ?? null,
      password, input.imapFolder ?? 'INBOX', input.enabled ?? true],
  );
  return mailboxView(r.rows[0]);
}

const COLUMNS: [keyof MailboxInput, string][] = [
  ['departmentId', 'department_id'], ['name', 'name'], ['address', 'address'], ['processKey', 'process_key'], ['defaults', 'defaults'],
  ['summaryField', 'summary_field'], ['descriptionField', 'description_field'], ['unknownSenders', 'unknown_senders'], ['imapHost', 'imap_host'],
  ['imapPort', 'imap_port'], ['imapUser', 'imap_user'], ['imapFolder', 'imap_folder'], ['enabled', 'enabled'],
];

/** Changes what the body names; a new password replaces the stored one, null removes it. */
export async function updateMailbox(q: Queryable, key: Buffer | null, id: string, input: MailboxInput): Promise<MailboxView> {
  await loadMailbox(q, id);
  await checkInput(q, input);
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [field, column] of COLUMNS) {
    if (input[field] === undefined) continue;
    const value = field === 'defaults' ? JSON.stringify(input.defaults) : field === 'address' ? input.address!.toLowerCase() : input[field];
    sets.push(`${column} = $${params.push(value)}`);
  }
  if (input.imapPassword !== undefined) sets.push(`imap_password_enc = $${params.push(input.imapPassword === null ? null : encryptSecret(key, input.imapPassword, id))}`);
  // A changed account is tried afresh: the last error belonged to the old one.
  if (sets.length) sets.push('last_error = NULL');
  const r = sets.length ? await q.query<MailboxRow>(`UPDATE mailboxes SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params) : { rows: [await loadMailbox(q, id)] };
  return mailboxView(r.rows[0]);
}

export async function deleteMailbox(q: Queryable, id: string): Promise<void> {
  const r = await q.query('DELETE FROM mailboxes WHERE id = $1 RETURNING id', [id]);
  if (!r.rows[0]) throw notFound('Mailbox');
}

/** The mails a mailbox took in, newest first (what the admin screen lists, e.g. held ones). */
export async function listInboundMails(q: Queryable, mailboxId: string, limit = 100) {
  await loadMailbox(q, mailboxId);
  const r = await q.query<any>(
    `SELECT m.id, m.message_id, m.sender, m.subject, m.received_at, m.outcome, m.reason, m.instance_id, m.size, p.reference
     FROM inbound_mails m LEFT JOIN process_instances p ON p.id = m.instance_id WHERE m.mailbox_id = $1 ORDER BY m.received_at DESC, m.id LIMIT $2`,
    [mailboxId, limit],
  );
  return r.rows.map((m) => ({
    id: m.id, messageId: m.message_id, sender: m.sender, subject: m.subject, receivedAt: m.received_at, outcome: m.outcome, reason: m.reason,
    instanceId: m.instance_id, reference: m.reference, size: m.size,
  }));
}
