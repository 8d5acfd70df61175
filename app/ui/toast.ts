import { reactive } from 'vue';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

const DISMISS_AFTER_MS = 6000;
let nextId = 1;

/** Short notices after an action ("saved", "deleted", errors), shown by ToastRegion. */
export const toasts = reactive<Toast[]>([]);

export function dismissToast(id: number): void {
  const index = toasts.findIndex((t) => t.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

/** Shows a notice; returns its id, so a later success can take back an error it settles. */
export function showToast(message: string, kind: ToastKind = 'success'): number {
  const id = nextId++;
  toasts.push({ id, kind, message });
  // Errors stay until dismissed: they may need reading twice.
  if (kind !== 'error') setTimeout(() => dismissToast(id), DISMISS_AFTER_MS);
  return id;
}
