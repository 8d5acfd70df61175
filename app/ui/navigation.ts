import type { Area } from '../api/types';

/** Areas in navigation order; the first one the user has is their start page. */
export const AREA_ORDER: readonly Area[] = ['portal', 'tasks', 'problems', 'modeler', 'forms', 'insights', 'admin'];

/** Only same-app paths are followed after login (no `//evil.example`, no absolute URLs). */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}
