import { api } from '../api/client';
import type { ItemList } from '../api/types';

export type KeyKind = 'process' | 'decision' | 'form';

export interface OwnedKey {
  kind: KeyKind;
  key: string;
  departmentId: string | null;
  department: { key: string; name: string } | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
}

export interface KeyTransfer {
  id: string;
  kind: KeyKind;
  key: string;
  fromDepartmentId: string | null;
  toDepartmentId: string | null;
  transferredBy: { id: string | null; name: string | null };
  transferredAt: string;
  reason: string | null;
}

export interface TransferResult {
  owner: OwnedKey;
  transfer: KeyTransfer;
  /** Forms and decisions the moved process uses that are still with another department. */
  related: { kind: KeyKind; key: string; departmentId: string | null }[];
}

/** Admin-only: who owns which process, decision and form key, and moving a key (logged). */
export const keyOwnershipApi = {
  list: () => api.get<ItemList<OwnedKey>>('/api/admin/key-ownership'),
  transfers: () => api.get<ItemList<KeyTransfer>>('/api/admin/key-ownership/transfers'),
  transfer: (input: { kind: KeyKind; key: string; departmentId: string; reason?: string }) =>
    api.post<TransferResult>('/api/admin/key-ownership/transfer', input),
};
