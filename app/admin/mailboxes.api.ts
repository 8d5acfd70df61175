import { api } from '../api/client';
import type { MailboxInput, MailboxView } from '../api/contract';
import type { ItemList } from '../api/types';

const id = (value: string) => encodeURIComponent(value);

/** A mailbox as the app reads it (times as JSON strings); the password never comes back, only hasPassword. */
export type Mailbox = Omit<MailboxView, 'lastPollAt' | 'createdAt'> & { lastPollAt: string | null; createdAt: string };
export type { MailboxInput };

export interface MailboxTest {
  ok: boolean;
  error?: string;
  messages?: number;
  unseen?: number;
  idle?: boolean;
}

export interface InboundMailRow {
  id: string;
  sender: string;
  subject: string;
  receivedAt: string;
  outcome: 'request' | 'comment' | 'ignored' | 'refused' | 'held';
  reason: string | null;
  instanceId: string | null;
  reference: string | null;
}

/** Admin-only mailbox routes (requests by e-mail). */
export const mailboxesApi = {
  list: () => api.get<ItemList<Mailbox>>('/api/admin/mailboxes'),
  create: (input: MailboxInput) => api.post<Mailbox>('/api/admin/mailboxes', input),
  update: (mailboxId: string, patch: MailboxInput) => api.patch<Mailbox>(`/api/admin/mailboxes/${id(mailboxId)}`, patch),
  remove: (mailboxId: string) => api.delete(`/api/admin/mailboxes/${id(mailboxId)}`),
  test: (mailboxId: string) => api.post<MailboxTest>(`/api/admin/mailboxes/${id(mailboxId)}/test`, {}),
  check: (mailboxId: string) => api.post<{ ok: boolean; taken?: number; error?: string }>(`/api/admin/mailboxes/${id(mailboxId)}/check`, {}),
  mails: (mailboxId: string) => api.get<ItemList<InboundMailRow>>(`/api/admin/mailboxes/${id(mailboxId)}/mails`),
  /** Keys of the deployed processes, for the service a mailbox starts. */
  processKeys: async () => [...new Set((await api.get<ItemList<{ key: string }>>('/api/definitions')).items.map((d) => d.key))].sort(),
};
