/**
 * In-memory backing of EngineHarness: a mini-runtime that applies the core's effects to Maps and
 * routes triggers back into the core. Only for tests; the database runtime does the same with SQL.
 */
import { compileBpmn } from '../../server/engine/compile/compile';
import { compileDmn } from '../../server/engine/compile/dmn';
import type { CompiledDecision } from '../../server/engine/core/dmn';
import { startInstance, applyTrigger, activeElementIds } from '../../server/engine/core/core';
import { sequentialIds, type Effect, type InstanceState, type Trigger, type CoreResult } from '../../server/engine/core/types';
import type { CompiledProcess } from '../../server/engine/core/model';
import { addDuration, parseDuration } from '../../common/time';
import { firstStartTimer } from '../../server/engine/compile/deploy-limits';
import { addWorkingDays, OFFICE_HOURS } from '../../server/sla/calendar';
import { MAX_INLINE_CASCADE } from '../../common/limits';
import { DeployError, type EngineHarness, type HistoryEntry, type IncidentView, type JobView, type TaskView } from './harness';

interface Instance { id: string; model: CompiledProcess; state: InstanceState; history: HistoryEntry[]; incidents: Map<string, IncidentView>; children: string[] }
type Owned<T> = T & { instanceId: string };

export function createMemoryHarness(start = new Date('2025-01-06T08:00:00Z')): EngineHarness {
  const ids = sequentialIds();
  let clock = start;
  let instanceSeq = 0;
  const models = new Map<string, CompiledProcess>();
  const decisions: Record<string, CompiledDecision> = {};
  const instances = new Map<string, Instance>();
  const tasks = new Map<string, Owned<TaskView>>();
  /** Completed tasks, so a denied completion (user_task.reopen) can open them again. */
  const closedTasks = new Map<string, Owned<TaskView>>();
  const jobs = new Map<string, Owned<JobView>>();
  const timers = new Map<string, Owned<{ due: Date }>>();
  const messageSubs = new Map<string, Owned<{ name: string; key: string }>>();
  const signalSubs = new Map<string, Owned<{ name: string }>>();
  /** Message and signal start events of the latest deployment of each process. */
  const startEvents = new Map<string, { kind: 'message' | 'signal'; name: string; elementId: string }[]>();
  const startTimers = new Map<string, { processId: string; elementId: string; due: Date; cycle?: { remaining: number; interval: string } }>();
  const buffered: { name: string; key: string; variables: Record<string, unknown>; expires: Date }[] = [];
  let startTimerSeq = 0;
  const childByRef = new Map<string, string>();
  const parentOf = new Map<string, { instanceId: string; childRef: string }>();
  const queue: { instanceId: string; trigger: Trigger }[] = [];
  /** Inline (noop) connector runs since the last outside call, bounded like the runtime's. */
  let inlineRuns = 0;

  const get = (id: string) => {
    const i = instances.get(id);
    if (!i) throw new Error(`no instance ${id}`);
    return i;
  };

  /** Apply one core result: store the state, then each effect to the tables. */
  function apply(inst: Instance, result: CoreResult): void {
    if (result.rejected) throw new Error(`trigger rejected: ${result.rejected}`);
    inst.state = result.state;
    for (const e of result.effects) applyEffect(inst, e);
  }

  function applyEffect(inst: Instance, e: Effect): void {
    const instanceId = inst.id;
    switch (e.type) {
      case 'history': inst.history.push({ kind: e.kind, elementId: e.elementId, elementType: e.elementType, data: e.data }); break;
      case 'user_task.create': tasks.set(e.taskId, { id: e.taskId, instanceId, elementId: e.elementId, name: e.name, formId: e.formId, assignee: e.assignee, candidateGroups: e.candidateGroups, candidateUsers: e.candidateUsers, dueDate: e.dueDate, followUpDate: e.followUpDate, priority: e.priority, headers: e.headers }); break;
      case 'user_task.cancel': tasks.delete(e.taskId); break;
      case 'user_task.reopen': { const t = closedTasks.get(e.taskId); if (t) tasks.set(e.taskId, t); break; }
      case 'job.create':
        jobs.set(e.jobId, { id: e.jobId, instanceId, elementId: e.elementId, type: e.jobType, retries: e.retries, headers: e.headers, variables: e.variables });
        // The built-in noop connector completes at once, as the runtime's inline connectors do (effects.ts), within the same cascade limit.
        if (e.jobType === 'noop') {
          jobs.delete(e.jobId);
          queue.unshift({ instanceId, trigger: ++inlineRuns > MAX_INLINE_CASCADE
            ? { type: 'job_failed', jobId: e.jobId, message: `more than ${MAX_INLINE_CASCADE} connector runs in one step without a wait state (endless loop?)` }
            : { type: 'job_completed', jobId: e.jobId, variables: {} } });
        }
        break;
      case 'job.cancel': jobs.delete(e.jobId); break;
      // Working-time timers: no requests and SLA calendars here, so office hours (as the runtime's fallback).
      case 'timer.create': timers.set(e.timerId, { instanceId, due: e.working ? addWorkingDays(OFFICE_HOURS, clock, e.working.days, e.working.ms) : new Date(e.due) }); break;
      case 'timer.cancel': timers.delete(e.timerId); break;
      case 'message_subscription.open': {
        messageSubs.set(e.subscriptionId, { instanceId, name: e.messageName, key: e.correlationKey });
        const at = buffered.findIndex((b) => b.name === e.messageName && b.key === e.correlationKey && b.expires > clock);
        if (at >= 0) queue.push({ instanceId, trigger: { type: 'message_correlated', subscriptionId: e.subscriptionId, variables: buffered.splice(at, 1)[0].variables } });
        break;
      }
      case 'message_subscription.close': messageSubs.delete(e.subscriptionId); break;
      case 'signal_subscription.open': signalSubs.set(e.subscriptionId, { instanceId, name: e.signalName }); break;
      case 'signal_subscription.close': signalSubs.delete(e.subscriptionId); break;
      case 'signal.throw': signalNow(e.signalName, e.variables); break;
      case 'message.publish': correlateNow(e.messageName, e.correlationKey, e.variables); break;
      case 'child_instance.start': {
        const childId = startNow(e.processId, e.variables, undefined, { instanceId, waitId: e.childRef });
        childByRef.set(e.childRef, childId);
        parentOf.set(childId, { instanceId, childRef: e.childRef });
        inst.children.push(childId);
        break;
      }
      case 'child_instance.cancel': { const c = childByRef.get(e.childRef); if (c && get(c).state.status === 'active') queue.push({ instanceId: c, trigger: { type: 'cancel' } }); break; }
      case 'incident.create': inst.incidents.set(e.incidentId, { id: e.incidentId, elementId: e.elementId, message: e.message }); break;
      case 'incident.resolve': inst.incidents.delete(e.incidentId); break;
      case 'instance.completed': { const p = parentOf.get(instanceId); if (p) queue.push({ instanceId: p.instanceId, trigger: { type: 'child_completed', childRef: p.childRef, variables: e.variables } }); break; }
      case 'instance.failed': { const p = parentOf.get(instanceId); if (p) queue.push({ instanceId: p.instanceId, trigger: { type: 'child_failed', childRef: p.childRef, errorCode: e.errorCode, message: e.message, variables: e.variables } }); break; }
      case 'instance.escalated': { const p = inst.state.calledBy; if (p) queue.push({ instanceId: p.instanceId, trigger: { type: 'child_escalated', childRef: p.waitId, escalationCode: e.escalationCode } }); break; }
      case 'instance.terminated': break;
    }
  }

  function startNow(processId: string, variables: Record<string, unknown>, opts: { startEventId?: string; businessKey?: string } = {}, calledBy?: { instanceId: string; waitId: string }): string {
    const model = models.get(processId);
    if (!model) throw new Error(`process ${processId} is not deployed`);
    const result = startInstance(model, { variables, ...opts, calledBy }, clock, ids, { decisions });
    if (result.rejected) throw new Error(`start rejected: ${result.rejected}`);
    const id = `pi-${++instanceSeq}`;
    const inst: Instance = { id, model, state: result.state, history: [], incidents: new Map(), children: [] };
    instances.set(id, inst);
    apply(inst, result);
    return id;
  }

  function signalNow(name: string, variables: Record<string, unknown>): void {
    for (const [id, s] of signalSubs) if (s.name === name) queue.push({ instanceId: s.instanceId, trigger: { type: 'signal_received', subscriptionId: id, variables } });
    for (const [processId, starts] of startEvents) {
      for (const s of starts) if (s.kind === 'signal' && s.name === name) startNow(processId, variables, { startEventId: s.elementId });
    }
  }

  function trigger(instanceId: string, t: Trigger): void {
    inlineRuns = 0;
    queue.push({ instanceId, trigger: t });
    drain();
  }

  function drain(): void {
    while (queue.length) {
      const { instanceId, trigger: t } = queue.shift()!;
      const inst = get(instanceId);
      if (inst.state.status !== 'active') continue;
      const result = applyTrigger(inst.model, inst.state, t, clock, ids, { decisions });
      // As the runtime's lenient triggers: a called instance's news may find its call activity gone already.
      if (result.rejected && (t.type === 'child_completed' || t.type === 'child_escalated')) continue;
      apply(inst, result);
    }
  }

  /** As the runtime: the oldest matching subscription per instance, else message start events, else the buffer (ttl). */
  function correlateNow(name: string, key: string, variables: Record<string, unknown>, ttl?: string): number {
    const reached = new Set<string>();
    for (const [id, s] of messageSubs) {
      if (s.name === name && s.key === key && !reached.has(s.instanceId)) {
        queue.push({ instanceId: s.instanceId, trigger: { type: 'message_correlated', subscriptionId: id, variables } });
        reached.add(s.instanceId);
      }
    }
    if (reached.size) return reached.size;
    let started = 0;
    for (const [processId, starts] of startEvents) {
      for (const s of starts) {
        if (s.kind !== 'message' || s.name !== name) continue;
        startNow(processId, variables, { startEventId: s.elementId, businessKey: key || undefined });
        started++;
      }
    }
    if (started === 0 && ttl) {
      const d = parseDuration(ttl);
      if (!d) throw new Error(`bad ttl ${ttl}`);
      buffered.push({ name, key, variables, expires: addDuration(clock, d) });
    }
    return started;
  }

  /** Deploy-time start subscriptions; only the newest deployment of a process listens. */
  function registerStarts(p: CompiledProcess): void {
    for (const [id, t] of startTimers) if (t.processId === p.id) startTimers.delete(id);
    const list: { kind: 'message' | 'signal'; name: string; elementId: string }[] = [];
    for (const startId of p.startEvents) {
      const ev = p.elements[startId].event;
      if (ev?.kind === 'message' && ev.messageName) list.push({ kind: 'message', name: ev.messageName, elementId: startId });
      else if (ev?.kind === 'signal' && ev.signalName) list.push({ kind: 'signal', name: ev.signalName, elementId: startId });
      else if (ev?.kind === 'timer' && ev.timer) {
        const first = firstStartTimer(ev.timer.kind, ev.timer.expression, clock);
        if (first) startTimers.set(`start-timer-${++startTimerSeq}`, { processId: p.id, elementId: startId, ...first });
      }
    }
    startEvents.set(p.id, list);
  }

  function fireStartTimer(id: string): void {
    const t = startTimers.get(id)!;
    startTimers.delete(id);
    if (t.cycle && t.cycle.remaining !== 0) {
      const interval = parseDuration(t.cycle.interval)!;
      startTimers.set(`start-timer-${++startTimerSeq}`, {
        processId: t.processId, elementId: t.elementId, due: addDuration(clock, interval),
        cycle: { remaining: t.cycle.remaining < 0 ? -1 : t.cycle.remaining - 1, interval: t.cycle.interval },
      });
    }
    startNow(t.processId, {}, { startEventId: t.elementId });
    drain();
  }

  const one = <T extends { instanceId: string; elementId: string }>(table: Map<string, T>, instanceId: string, elementId: string, what: string): T => {
    const found = [...table.values()].filter((r) => r.instanceId === instanceId && r.elementId === elementId);
    if (found.length === 0) throw new Error(`no open ${what} for ${elementId} in ${instanceId}`);
    return found[0];
  };
  const strip = <T extends { instanceId: string }>({ instanceId: _i, ...rest }: T) => rest;

  return {
    async deploy(xml) {
      const r = await compileBpmn(xml);
      if (!r.ok) throw new DeployError(r.errors);
      for (const p of r.processes) {
        models.set(p.id, p);
        registerStarts(p);
      }
      return r.processes.map((p) => p.id);
    },
    async deployDmn(xml) {
      const r = await compileDmn(xml);
      if (!r.ok) throw new DeployError(r.errors);
      Object.assign(decisions, r.decisions);
    },
    async start(processId, variables = {}, options = {}) {
      inlineRuns = 0;
      const id = startNow(processId, variables, options);
      drain();
      return id;
    },
    async completeTask(instanceId, elementId, variables = {}) {
      const task = one(tasks, instanceId, elementId, 'user task');
      // Closed first, as the API does (a completing listener's deny reopens it through an effect).
      tasks.delete(task.id);
      closedTasks.set(task.id, task);
      try {
        trigger(instanceId, { type: 'task_completed', taskId: task.id, variables });
      } catch (err) {
        tasks.set(task.id, task);
        throw err;
      }
    },
    async completeJob(instanceId, elementId, variables = {}, result) {
      const job = one(jobs, instanceId, elementId, 'job');
      trigger(instanceId, { type: 'job_completed', jobId: job.id, variables, ...(result ? { result } : {}) });
      jobs.delete(job.id);
    },
    async throwJobError(instanceId, elementId, errorCode, variables = {}) {
      const job = one(jobs, instanceId, elementId, 'job');
      trigger(instanceId, { type: 'job_error', jobId: job.id, errorCode, variables });
      jobs.delete(job.id);
    },
    async failJob(instanceId, elementId, message) {
      const job = one(jobs, instanceId, elementId, 'job');
      jobs.delete(job.id);
      trigger(instanceId, { type: 'job_failed', jobId: job.id, message });
    },
    async advance(duration) {
      const d = parseDuration(duration);
      if (!d) throw new Error(`bad duration ${duration}`);
      const target = addDuration(clock, d);
      for (;;) {
        const due = [...timers.entries(), ...startTimers.entries()]
          .filter(([, t]) => t.due <= target).sort((a, b) => a[1].due.getTime() - b[1].due.getTime())[0];
        if (!due) break;
        if (due[1].due > clock) clock = due[1].due;
        if (startTimers.has(due[0])) {
          fireStartTimer(due[0]);
          continue;
        }
        timers.delete(due[0]);
        trigger((due[1] as { instanceId: string }).instanceId, { type: 'timer_fired', timerId: due[0] });
      }
      clock = target;
    },
    async correlate(name, key, variables = {}, options = {}) {
      const n = correlateNow(name, key, variables, options.ttl);
      drain();
      return n;
    },
    async broadcastSignal(name, variables = {}) {
      signalNow(name, variables);
      drain();
    },
    async cancel(instanceId) { trigger(instanceId, { type: 'cancel' }); },
    async retryIncident(instanceId, incidentId, variables) { trigger(instanceId, { type: 'incident_resolved', incidentId, variables }); },
    async status(instanceId) { return get(instanceId).state.status; },
    async activeElements(instanceId) { return activeElementIds(get(instanceId).state).sort(); },
    async variables(instanceId) { const s = get(instanceId).state; return { ...(s.instances[s.rootId]?.vars ?? {}) }; },
    async history(instanceId) { return get(instanceId).history; },
    async incidents(instanceId) { return [...get(instanceId).incidents.values()]; },
    async tasks(instanceId) { return [...tasks.values()].filter((t) => t.instanceId === instanceId).map(strip); },
    async jobs(instanceId) { return [...jobs.values()].filter((j) => j.instanceId === instanceId).map(strip); },
    async childInstances(instanceId) { return get(instanceId).children; },
    async instancesOf(processId) { return [...instances.values()].filter((i) => i.model.id === processId).map((i) => i.id); },
    now: () => clock,
  };
}
