import { api } from '../api/client';
import type { KeyKind, KeyTransfer, OwnedKey, TransferInput, transferKey } from '../api/contract';
import type { ItemList } from '../api/types';

export type { KeyKind, KeyTransfer, OwnedKey, TransferInput };
/** The answer of a transfer: the key's new owner, the log entry, and the keys the process still uses elsewhere. */
export type TransferResult = Awaited<ReturnType<typeof transferKey>>;

/** Admin-only: who owns which process, decision and form key, and moving a key (logged). */
export const keyOwnershipApi = {
  list: () => api.get<ItemList<OwnedKey>>('/api/admin/key-ownership'),
  transfers: () => api.get<ItemList<KeyTransfer>>('/api/admin/key-ownership/transfers'),
  transfer: (input: TransferInput) =>
    api.post<TransferResult>('/api/admin/key-ownership/transfer', input),
};
