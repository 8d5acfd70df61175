/**
 * In-memory backing of EngineHarness: a mini-runtime that applies the core's effects to Maps and
 * routes triggers back into the core. Only for tests; the database runtime does the same with SQL.
 */
import { compileBpmn } from '../../server/engine/compile.js';
import { compileDmn, type CompiledDecision } from '../../server/engine/dmn.js';
import { startInstance, applyTrigger, activeElementIds } from '../../server/engine/core.js';
import { sequentialIds, type Effect, type InstanceState, type Trigger, type CoreResult } from '../../server/engine/types.js';
import type { CompiledProcess } from '../../server/engine/model.js';
import { addDuration, parseDuration } from '../../server/engine/time.js';
import { DeployError, type EngineHarness, type HistoryEntry, type IncidentView, type JobView, type TaskView } from './harness.js';

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
  const jobs = new Map<string, Owned<JobView>>();
  const timers = new Map<string, Owned<{ due: Date }>>();
  const messageSubs = new Map<string, Owned<{ name: string; key: string }>>();
  const signalSubs = new Map<string, Owned<{ name: string }>>();
  const childByRef = new Map<string, string>();
  const parentOf = new Map<string, { instanceId: string; childRef: string }>();
  const queue: { instanceId: string; trigger: Trigger }[] = [];

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
      case 'user_task.create': tasks.set(e.taskId, { id: e.taskId, instanceId, elementId: e.elementId, name: e.name, formId: e.formId, assignee: e.assignee, candidateGroups: e.candidateGroups, candidateUsers: e.candidateUsers, dueDate: e.dueDate, followUpDate: e.followUpDate, priority: e.priority }); break;
      case 'user_task.cancel': tasks.delete(e.taskId); break;
      case 'job.create': jobs.set(e.jobId, { id: e.jobId, instanceId, elementId: e.elementId, type: e.jobType, retries: e.retries, headers: e.headers, variables: e.variables }); break;
      case 'job.cancel': jobs.delete(e.jobId); break;
      case 'timer.create': timers.set(e.timerId, { instanceId, due: new Date(e.due) }); break;
      case 'timer.cancel': timers.delete(e.timerId); break;
      case 'message_subscription.open': messageSubs.set(e.subscriptionId, { instanceId, name: e.messageName, key: e.correlationKey }); break;
      case 'message_subscription.close': messageSubs.delete(e.subscriptionId); break;
      case 'signal_subscription.open': signalSubs.set(e.subscriptionId, { instanceId, name: e.signalName }); break;
      case 'signal_subscription.close': signalSubs.delete(e.subscriptionId); break;
      case 'signal.throw': for (const [id, s] of signalSubs) if (s.name === e.signalName) queue.push({ instanceId: s.instanceId, trigger: { type: 'signal_received', subscriptionId: id, variables: e.variables } }); break;
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
      case 'instance.terminated': break;
    }
  }

  function startNow(processId: string, variables: Record<string, unknown>, opts: { startEventId?: string; businessKey?: string } = {}, calledBy?: { instanceId: string; waitId: string }): string {
    const model = models.get(processId);
    if (!model) throw new Error(`process ${processId} is not deployed`);
    const id = `pi-${++instanceSeq}`;
    const inst: Instance = { id, model, state: undefined as unknown as InstanceState, history: [], incidents: new Map(), children: [] };
    instances.set(id, inst);
    apply(inst, startInstance(model, { variables, ...opts, calledBy }, clock, ids, { decisions }));
    return id;
  }

  function trigger(instanceId: string, t: Trigger): void {
    queue.push({ instanceId, trigger: t });
    drain();
  }

  function drain(): void {
    while (queue.length) {
      const { instanceId, trigger: t } = queue.shift()!;
      const inst = get(instanceId);
      if (inst.state.status !== 'active') continue;
      apply(inst, applyTrigger(inst.model, inst.state, t, clock, ids, { decisions }));
    }
  }

  function correlateNow(name: string, key: string, variables: Record<string, unknown>): number {
    let n = 0;
    for (const [id, s] of messageSubs) {
      if (s.name === name && s.key === key) {
        queue.push({ instanceId: s.instanceId, trigger: { type: 'message_correlated', subscriptionId: id, variables } });
        n++;
      }
    }
    return n;
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
      for (const p of r.processes) models.set(p.id, p);
      return r.processes.map((p) => p.id);
    },
    async deployDmn(xml) {
      const r = await compileDmn(xml);
      if (!r.ok) throw new DeployError(r.errors);
      Object.assign(decisions, r.decisions);
    },
    async start(processId, variables = {}, options = {}) {
      const id = startNow(processId, variables, options);
      drain();
      return id;
    },
    async completeTask(instanceId, elementId, variables = {}) {
      const task = one(tasks, instanceId, elementId, 'user task');
      tasks.delete(task.id);
      trigger(instanceId, { type: 'task_completed', taskId: task.id, variables });
    },
    async completeJob(instanceId, elementId, variables = {}) {
      const job = one(jobs, instanceId, elementId, 'job');
      jobs.delete(job.id);
      trigger(instanceId, { type: 'job_completed', jobId: job.id, variables });
    },
    async throwJobError(instanceId, elementId, errorCode, variables = {}) {
      const job = one(jobs, instanceId, elementId, 'job');
      jobs.delete(job.id);
      trigger(instanceId, { type: 'job_error', jobId: job.id, errorCode, variables });
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
        const due = [...timers.entries()].filter(([, t]) => t.due <= target).sort((a, b) => a[1].due.getTime() - b[1].due.getTime())[0];
        if (!due) break;
        timers.delete(due[0]);
        if (due[1].due > clock) clock = due[1].due;
        trigger(due[1].instanceId, { type: 'timer_fired', timerId: due[0] });
      }
      clock = target;
    },
    async correlate(name, key, variables = {}) {
      const n = correlateNow(name, key, variables);
      drain();
      return n;
    },
    async broadcastSignal(name, variables = {}) {
      for (const [id, s] of signalSubs) if (s.name === name) queue.push({ instanceId: s.instanceId, trigger: { type: 'signal_received', subscriptionId: id, variables } });
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
    now: () => clock,
  };
}
