import { PRIORITIES, type Priority, type SlaClock } from './requests.api';

type T = (key: string, values?: Record<string, unknown>) => string;

const TARGETS = ['response', 'resolution', 'step'];
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const isPriority = (value: unknown): value is Priority => typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);

/** The badge state of a clock: paused and met beside the server's on time / at risk / breached. */
export type SlaBadgeState = 'on_time' | 'at_risk' | 'breached' | 'paused' | 'met';

export function slaBadgeState(sla: Pick<SlaClock, 'state' | 'paused' | 'stopped'>): SlaBadgeState {
  if (sla.state === 'breached') return 'breached';
  if (sla.stopped) return 'met';
  if (sla.paused) return 'paused';
  return sla.state;
}

export function priorityLabel(priority: unknown, t: T): string {
  return isPriority(priority) ? t(`sla.priority.${priority}`) : '–';
}

/** The history kinds this module words (SLA events and priority changes). */
export const SLA_HISTORY_KINDS = ['sla_met', 'sla_breached', 'sla_at_risk', 'sla_paused', 'sla_resumed', 'sla_escalated', 'priority_changed'];

/** A timeline sentence for an SLA history entry, or null for other kinds. */
export function slaHistoryText(kind: string, data: Record<string, unknown> | null, t: T, step: string | null = null): string | null {
  if (!SLA_HISTORY_KINDS.includes(kind)) return null;
  const d = data ?? {};
  if (kind === 'priority_changed') {
    const text = t('sla.history.priority_changed', { from: priorityLabel(d.from, t), to: priorityLabel(d.to, t) });
    return d.reason === 'escalation' ? `${text} ${t('sla.history.byEscalation')}` : text;
  }
  const target = t(`sla.history.targets.${TARGETS.includes(String(d.target)) ? String(d.target) : 'resolution'}`, { step: step ?? '' });
  if (kind !== 'sla_escalated') return t(`sla.history.${kind}`, { target });
  const action = str(d.action) ?? 'notify';
  let what: string;
  if (action === 'raise_priority') what = t('sla.history.escalation.raise_priority', { from: priorityLabel(d.from, t), to: priorityLabel(d.to, t) });
  else if (action === 'reassign') what = t('sla.history.escalation.reassign', { group: str(d.group) ?? '–' });
  else what = t('sla.history.escalation.notify', { to: t(`sla.escalation.recipients.${['assignee', 'group', 'owners', 'requester'].includes(String(d.to)) ? String(d.to) : 'assignee'}`) });
  return t('sla.history.sla_escalated', { target, step: typeof d.step === 'number' ? d.step : '?', what });
}
