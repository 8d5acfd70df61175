import type { Me } from '../api/types';

/** Departments whose problems this user works on (owner or agent there); null: all (admins). */
export function workDepartments(me: Me | null | undefined): string[] | null {
  if (!me) return [];
  if (me.roles.some((r) => r.role === 'admin')) return null;
  const owned = me.roles.filter((r) => r.role === 'owner' && r.departmentId).map((r) => r.departmentId as string);
  const agentOf = me.groups.map((g) => g.departmentId).filter((d): d is string => !!d);
  return [...new Set([...owned, ...agentOf])];
}

/** Hours as the UI shows them: "3.5 h", or days past 48 hours. */
export function hoursText(hours: number | null | undefined, t: (key: string, values?: Record<string, unknown>) => string): string {
  if (hours === null || hours === undefined) return '–';
  if (hours >= 48) return t('problems.days', { n: Math.round((hours / 24) * 10) / 10 });
  return t('problems.hours', { n: Math.round(hours * 10) / 10 });
}

/** A day in the reader's language. */
export const dayText = (iso: string, locale: string) => new Date(iso).toLocaleDateString(locale, { timeZone: 'UTC' });
