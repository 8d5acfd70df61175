/**
 * Execution listeners (start/end) and user task listeners (creating/completing) as jobs, as in
 * Camunda 8: the element waits for each listener's job in model order before its lifecycle goes on.
 * - start: after the input mappings, before subscriptions and the element's behaviour; the job's
 *   variables become local variables of the element (of the process, for the process's listeners).
 * - end: after the output mappings, before the element is left; the job's variables go to the
 *   parent scope like output mappings.
 * - creating: before the user task is created (the task's values are in the job's headers).
 * - completing: the completion waits; a listener may deny it (the task is open again, its
 *   completion variables dropped). Task listener jobs carry no variables (Camunda 8.8).
 * A failed listener job or a failing type/retries expression is an incident; its retry goes on
 * from that listener (expression failures re-run the event's listeners from the first).
 */
import type { Execution } from '../execution';
import type { ListenerDefinition } from '../model';
import type { ElementInstance, JobResult, Variables } from '../types';

export const TASK_EVENTS = new Set(['creating', 'completing']);

/** The headers a completing listener's job carries besides the task's own. */
export const completingHeaders = (taskId: string) => ({ 'io.camunda.zeebe:action': 'complete', 'io.camunda.zeebe:userTaskKey': taskId });

function listenersOf(x: Execution, inst: ElementInstance, event: string): ListenerDefinition[] {
  if (inst.mi) return [];
  const isRoot = inst.id === x.state.rootId;
  const list = TASK_EVENTS.has(event)
    ? (isRoot ? undefined : x.el(inst.elementId).taskListeners)
    : (isRoot ? x.model.executionListeners : x.el(inst.elementId).executionListeners);
  return (list ?? []).filter((l) => l.eventType === event);
}

/**
 * Before `event` of an instance goes on: true when the instance now waits for a listener's job (or
 * an incident stopped it); false when every listener of the event is done (or there are none).
 */
export function pendingListener(x: Execution, inst: ElementInstance, event: string, extraHeaders: Record<string, string> = {}): boolean {
  const list = listenersOf(x, inst, event);
  if (list.length === 0) return false;
  if (inst.listeners?.event !== event) inst.listeners = { event, done: 0 };
  const state = inst.listeners;
  if (state.done >= list.length) return false;
  const l = list[state.done];
  const isTask = TASK_EVENTS.has(event);
  const def = x.jobDefinition(inst, l, `${event} ${isTask ? 'task' : 'execution'} listener`, 'listener');
  if (!def) {
    // Camunda: after an expression failure, the event's listeners run again from the first.
    state.done = 0;
    return true;
  }
  const isRoot = inst.id === x.state.rootId;
  const jobId = x.openWait('job', inst.elementId, inst, { listener: event });
  if (!isRoot) inst.status = 'waiting';
  const headers = { ...(isRoot ? {} : x.el(inst.elementId).headers ?? {}), ...extraHeaders, ...(l.headers ?? {}) };
  x.effects.push({
    type: 'job.create', jobId, elementId: inst.elementId, elementInstanceId: inst.id, jobType: def.type, retries: def.retries,
    headers, variables: x.visible(inst.id), listener: { kind: isTask ? 'task' : 'execution', eventType: event },
  });
  return true;
}

/** A user task's completion: held while its completing listeners run. False: no listeners, complete now. */
export function holdCompletion(x: Execution, inst: ElementInstance, taskId: string, variables: Variables): boolean {
  if (listenersOf(x, inst, 'completing').length === 0) return false;
  inst.listeners = { event: 'completing', done: 0, taskId, variables };
  pendingListener(x, inst, 'completing', completingHeaders(taskId));
  return true;
}

/** A reason a listener job's completion is refused (the trigger is rejected), or null. */
export function refuseListenerResult(event: string, variables: Variables | undefined): string | null {
  if (TASK_EVENTS.has(event) && variables && Object.keys(variables).length) return 'a user task listener job cannot be completed with variables (Camunda 8.8)';
  return null;
}

/**
 * A listener's job completed: take its variables (or the deny). True when the event goes on
 * (listener-resume.ts runs the next listener or the lifecycle); false when a deny reopened the task.
 */
export function listenerCompleted(x: Execution, waitId: string, inst: ElementInstance, variables: Variables, result?: JobResult): boolean {
  const event = x.state.waits[waitId].listener!;
  delete x.state.waits[waitId];
  const isRoot = inst.id === x.state.rootId;
  if (Object.keys(variables).length) {
    if (event === 'start' || isRoot) {
      inst.vars = { ...inst.vars, ...variables };
      x.history('variables_changed', inst, { variables });
    } else if (event === 'end') {
      x.setVars(inst.loopCounter !== undefined ? inst.id : inst.parentId!, variables);
    }
  }
  if (event === 'completing' && result?.denied) {
    denyCompletion(x, inst, result.deniedReason);
    return false;
  }
  if (event === 'creating' && result?.corrections) inst.listeners!.corrections = { ...inst.listeners!.corrections, ...result.corrections };
  inst.listeners!.done++;
  return true;
}

function denyCompletion(x: Execution, inst: ElementInstance, reason: string | undefined): void {
  const taskId = inst.listeners!.taskId!;
  inst.listeners = undefined;
  inst.status = 'waiting';
  x.state.waits[taskId] = { kind: 'task', elementId: inst.elementId, instanceId: inst.id };
  x.effects.push({ type: 'user_task.reopen', taskId });
  x.history('task_completion_denied', inst, { taskId, ...(reason ? { deniedReason: reason } : {}) });
}
