/**
 * The SLA sweep: running clocks whose next threshold is due get their at-risk notice, their
 * breach event and their escalation steps (notify, raise priority, reassign) — each clock in its
 * own transaction, claimed with SKIP LOCKED so several servers can sweep at once.
 */
import type { Db, Queryable } from '../db/types';
import type { Engine } from '../engine/runtime/runtime';
import { notify, type NotificationIntent } from '../notify/notifications';
import { businessTimeBetween } from './calendar';
import { loadCalendar, PRIORITIES, schedule, slaHistory, TASK_PRIORITY, type ClockRow, type EscalationStep, type Priority } from './clocks';

/** Where a sweep announces what it changed (SLA state, priority, queue): the engine's live views. */
export type LiveChanges = Pick<Engine, 'publishChanged' | 'events'>;

/**
 * Checks every clock due by `now`; returns how many it handled. publicUrl: the base of links in its
 * mails; live: announces each handled request to live views (on this and, on PostgreSQL, the other servers).
 */
export async function runSlaChecks(db: Db, now: Date, limit = 200, publicUrl: string | null = null, live?: LiveChanges): Promise<number> {
  let handled = 0;
  for (; handled < limit; handled++) {
    const instanceId = await db.transaction(async (tx) => {
      const r = await tx.query<ClockRow>(
        "SELECT * FROM sla_clocks WHERE state = 'running' AND next_check_at <= $1 ORDER BY next_check_at LIMIT 1 FOR UPDATE SKIP LOCKED",
        [now],
      );
      const clock = r.rows[0];
      if (!clock) return null;
      await checkClock(tx, clock, now, publicUrl);
      await live?.publishChanged(tx, [clock.instance_id]);
      return clock.instance_id;
    });
    if (!instanceId) break;
    live?.events.emit('changed', [instanceId]);
  }
  return handled;
}

async function checkClock(tx: Queryable, clock: ClockRow, now: Date, publicUrl: string | null) {
  const cal = await loadCalendar(tx, clock.calendar_id);
  const elapsed = businessTimeBetween(cal, new Date(clock.started_at), now) - Number(clock.paused_ms);
  const fraction = elapsed / Number(clock.target_ms);
  const intents: NotificationIntent[] = [];
  const recipients = await recipientsOf(tx, clock.instance_id);
  let { at_risk_notified: atRiskNotified, breached, escalation_level: level } = clock;

  if (!atRiskNotified && fraction >= Number(clock.at_risk) && fraction < 1) {
    intents.push({ kind: 'sla_at_risk', ...about(clock), ...recipients.handlers });
    await slaHistory(tx, clock.instance_id, 'sla_at_risk', { target: clock.target, elementId: clock.element_id, dueAt: new Date(clock.due_at).toISOString() }, now);
  }
  if (fraction >= Number(clock.at_risk)) atRiskNotified = true;
  if (!breached && fraction >= 1) {
    breached = true;
    intents.push({ kind: 'sla_breached', ...about(clock), ...recipients.handlers });
    await slaHistory(tx, clock.instance_id, 'sla_breached', { target: clock.target, elementId: clock.element_id, dueAt: new Date(clock.due_at).toISOString() }, now);
  }
  const steps = clock.escalations;
  while (level < steps.length && steps[level].at <= fraction) {
    const step = steps[level];
    level++;
    await escalate(tx, clock, step, level, fraction, recipients, intents, now);
  }
  const s = schedule(cal, { ...clock, at_risk_notified: atRiskNotified, breached, escalation_level: level });
  await tx.query('UPDATE sla_clocks SET at_risk_notified = $2, breached = $3, escalation_level = $4, next_check_at = $5 WHERE id = $1', [clock.id, atRiskNotified, breached, level, s.next]);
  await notify(tx, intents, now, publicUrl);
}

/** The request, and the task when the clock is a step's: SLA notices open that task for who may work on it. */
const about = (clock: ClockRow) => ({ instanceId: clock.instance_id, ...(clock.task_id ? { taskId: clock.task_id } : {}) });

interface Recipients {
  handlers: Pick<NotificationIntent, 'emails' | 'groupKeys'>;
  owners: string[];
  requester: string[];
}

/** Who handles the request now (assignees, else candidate groups), its department's owners, its requester. */
async function recipientsOf(tx: Queryable, instanceId: string): Promise<Recipients> {
  const tasks = await tx.query<{ assignee: string | null; candidate_groups: string[] }>("SELECT assignee, candidate_groups FROM tasks WHERE instance_id = $1 AND status = 'open'", [instanceId]);
  const owners = await tx.query<{ user_id: string; started_by: string | null }>(
    `SELECT r.user_id, p.started_by FROM process_instances p LEFT JOIN user_roles r ON r.department_id = p.department_id AND r.role = 'owner' WHERE p.id = $1`,
    [instanceId],
  );
  const emails = tasks.rows.flatMap((t) => (t.assignee ? [t.assignee] : []));
  const groupKeys = emails.length ? [] : [...new Set(tasks.rows.flatMap((t) => t.candidate_groups))];
  return {
    handlers: { emails, groupKeys },
    owners: owners.rows.flatMap((o) => (o.user_id ? [o.user_id] : [])),
    requester: owners.rows[0]?.started_by ? [owners.rows[0].started_by] : [],
  };
}

async function escalate(tx: Queryable, clock: ClockRow, step: EscalationStep, level: number, fraction: number, who: Recipients, intents: NotificationIntent[], now: Date) {
  const kind = fraction >= 1 ? 'sla_breached' : 'sla_at_risk';
  const data: Record<string, unknown> = { target: clock.target, step: level, at: step.at, action: step.action };
  if (step.action === 'notify') {
    const to = step.to ?? 'assignee';
    if (to === 'owners') intents.push({ kind, ...about(clock), userIds: who.owners });
    else if (to === 'requester') intents.push({ kind, ...about(clock), userIds: who.requester });
    else if (to === 'group') intents.push({ kind, ...about(clock), groupKeys: who.handlers.groupKeys?.length ? who.handlers.groupKeys : undefined, emails: who.handlers.emails });
    else intents.push({ kind, ...about(clock), ...who.handlers });
    data.to = to;
  } else if (step.action === 'raise_priority') {
    const r = await tx.query<{ priority: Priority | null }>('SELECT priority FROM process_instances WHERE id = $1', [clock.instance_id]);
    const from = r.rows[0]?.priority ?? 'medium';
    const to = PRIORITIES[Math.min(PRIORITIES.indexOf(from) + 1, PRIORITIES.length - 1)];
    await tx.query('UPDATE process_instances SET priority = $2 WHERE id = $1', [clock.instance_id, to]);
    await tx.query("UPDATE tasks SET priority = GREATEST(priority, $2) WHERE instance_id = $1 AND status = 'open'", [clock.instance_id, TASK_PRIORITY[to]]);
    await slaHistory(tx, clock.instance_id, 'priority_changed', { from, to, reason: 'escalation' }, now);
    Object.assign(data, { from, to });
  } else if (step.action === 'reassign' && step.group) {
    await tx.query("UPDATE tasks SET candidate_groups = ARRAY[$2]::text[], assignee = NULL, claimed_at = NULL WHERE instance_id = $1 AND status = 'open'", [clock.instance_id, step.group]);
    intents.push({ kind, ...about(clock), groupKeys: [step.group] });
    data.group = step.group;
  }
  await slaHistory(tx, clock.instance_id, 'sla_escalated', data, now);
}

/** Periodic sweep in the server process; returns a stop function. */
export function startSlaWorker(db: Db, now: () => Date, onError: (err: unknown) => void, { intervalMs = 15_000, publicUrl = null, live }: { intervalMs?: number; publicUrl?: string | null; live?: LiveChanges } = {}): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runSlaChecks(db, now(), 200, publicUrl, live)
      .catch(onError)
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
