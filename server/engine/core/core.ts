/**
 * The pure engine core: `(model, state, trigger, now, ids) → (state', effects)`. No I/O, no clock
 * reads; the input state is never mutated. The runtime persists the returned state and effects in
 * one transaction.
 */
import { Execution } from './execution';
import { run } from './lifecycle';
import { throwError, throwEscalation, triggerEventWait } from './behaviours/events';
import { childCompleted, openEventSubProcessWaits } from './behaviours/scopes';
import { holdCompletion, listenerCompleted, pendingListener, refuseListenerResult } from './behaviours/listeners';
import { goOn } from './behaviours/listener-resume';
import type { CompiledProcess } from './model';
import type { CoreOptions, CoreResult, ElementInstance, IdGenerator, InstanceState, StartInput, Trigger, Variables, Wait } from './types';

export type * from './types';
export { sequentialIds } from './types';

/** Variables are a JSON object (a FEEL context); lists, strings, numbers and null are refused. */
export function isVariables(value: unknown): value is Variables {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const notAnObject = (value: unknown) => `variables must be a JSON object, got ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}`;

/** Create a new process instance and run it until every token waits. */
export function startInstance(
  model: CompiledProcess, input: StartInput, now: Date, ids: IdGenerator, options: CoreOptions = {},
): CoreResult {
  if (input.variables !== undefined && !isVariables(input.variables)) {
    const empty: InstanceState = { version: 1, processId: model.id, rootId: '', status: 'terminated', instances: {}, waits: {} };
    return { state: empty, effects: [], rejected: notAnObject(input.variables) };
  }
  const rootId = ids.next('element');
  const state: InstanceState = {
    version: 1, processId: model.id, rootId, status: 'active', instances: {}, waits: {},
    ...(input.businessKey ? { businessKey: input.businessKey } : {}),
    ...(input.calledBy ? { calledBy: input.calledBy } : {}),
  };
  const startId = input.startEventId ?? model.startEvents.find((id) => model.elements[id].event?.kind === 'none') ?? model.startEvents[0];
  if (!startId || !model.startEvents.includes(startId)) {
    return { state: { ...state, status: 'terminated' }, effects: [], rejected: `no start event '${input.startEventId ?? ''}' in process ${model.id}` };
  }
  const x = new Execution(model, state, now, ids, options);
  const root: ElementInstance = { id: rootId, elementId: model.id, parentId: null, status: 'active', vars: { ...(input.variables ?? {}) } };
  state.instances[rootId] = root;
  x.history('process_started', root, { variables: root.vars, ...(input.businessKey ? { businessKey: input.businessKey } : {}) });
  // The process's start listeners run first; the start event is entered when they are done (listeners.ts).
  const waitsForListener = pendingListener(x, root, 'start');
  if (waitsForListener) root.listeners!.startId = startId;
  if (!waitsForListener && openEventSubProcessWaits(x, root)) {
    x.enterTriggered(startId, rootId, undefined);
    run(x);
  }
  return { state, effects: x.effects };
}

const WAIT_OF: Partial<Record<Trigger['type'], Wait['kind']>> = {
  task_completed: 'task', job_completed: 'job', job_error: 'job', job_failed: 'job',
  message_correlated: 'message', signal_received: 'signal', timer_fired: 'timer',
  child_completed: 'child', child_failed: 'child', child_escalated: 'child',
};

function waitIdOf(t: Trigger): string | undefined {
  switch (t.type) {
    case 'task_completed': return t.taskId;
    case 'job_completed': case 'job_error': case 'job_failed': return t.jobId;
    case 'message_correlated': case 'signal_received': return t.subscriptionId;
    case 'timer_fired': return t.timerId;
    case 'child_completed': case 'child_failed': case 'child_escalated': return t.childRef;
    default: return undefined;
  }
}

/** Apply one trigger to an instance and run it until every token waits again. */
export function applyTrigger(
  model: CompiledProcess, current: InstanceState, trigger: Trigger, now: Date, ids: IdGenerator, options: CoreOptions = {},
): CoreResult {
  const reject = (why: string): CoreResult => ({ state: current, effects: [], rejected: why });
  if (current.processId !== model.id) return reject(`state belongs to process ${current.processId}, not ${model.id}`);
  if (current.status !== 'active') return reject(`instance is ${current.status}`);
  if ('variables' in trigger && trigger.variables !== undefined && !isVariables(trigger.variables)) return reject(notAnObject(trigger.variables));
  const state: InstanceState = structuredClone(current);
  const x = new Execution(model, state, now, ids, options);

  if (trigger.type === 'cancel') {
    x.terminate(state.rootId);
    state.status = 'terminated';
    x.history('process_terminated', x.root);
    x.effects.push({ type: 'instance.terminated' });
    return { state, effects: x.effects };
  }
  if (trigger.type === 'incident_resolved') {
    const inst = Object.values(state.instances).find((i) => i.incident?.id === trigger.incidentId);
    if (!inst) return reject(`no open incident ${trigger.incidentId}`);
    const { phase } = inst.incident!;
    inst.incident = undefined;
    inst.status = 'active';
    x.effects.push({ type: 'incident.resolve', incidentId: trigger.incidentId });
    x.history('incident_resolved', inst, { incidentId: trigger.incidentId });
    if (trigger.variables) x.setVars(inst.id, trigger.variables);
    if (phase === 'listener') goOn(x, inst);
    else x.push(phase, inst);
    run(x);
    return { state, effects: x.effects };
  }

  const waitId = waitIdOf(trigger)!;
  const wait = state.waits[waitId];
  if (!wait || wait.kind !== WAIT_OF[trigger.type]) return reject(`nothing waits for ${trigger.type} ${waitId}`);
  const inst = state.instances[wait.instanceId];
  const variables = ('variables' in trigger && trigger.variables) || {};
  if (wait.listener) {
    if (trigger.type === 'job_error') return reject('a listener job cannot throw a BPMN error (Camunda 8)');
    if (trigger.type === 'job_completed') {
      const refused = refuseListenerResult(wait.listener, trigger.variables);
      if (refused) return reject(refused);
      if (listenerCompleted(x, waitId, inst, variables, trigger.result)) goOn(x, inst);
      run(x);
      return { state, effects: x.effects };
    }
  }
  switch (trigger.type) {
    case 'task_completed':
      delete state.waits[waitId];
      // Completing task listeners run first; they may deny the completion (listeners.ts).
      if (holdCompletion(x, inst, waitId, variables)) break;
      inst.status = 'active';
      x.completeWith(inst, variables);
      x.push('complete', inst);
      break;
    case 'job_completed':
      delete state.waits[waitId];
      inst.status = 'active';
      x.completeWith(inst, variables);
      x.push('complete', inst);
      break;
    case 'job_error':
    case 'child_failed': {
      delete state.waits[waitId];
      const code = trigger.type === 'job_error' ? trigger.errorCode : trigger.errorCode;
      const message = (trigger.type === 'job_error' ? trigger.errorMessage : trigger.message) ?? '';
      if (!code) {
        x.incident(inst, `called instance failed: ${message}`, 'activate');
        break;
      }
      x.history('error_thrown', inst, { errorCode: code, message });
      if (!throwError(x, inst, code, message, variables)) {
        x.incident(inst, `unhandled BPMN error '${code}'${message ? `: ${message}` : ''}`, 'activate');
      }
      break;
    }
    case 'job_failed':
      delete state.waits[waitId];
      x.incident(inst, trigger.message || 'job failed without retries left', wait.listener ? 'listener' : 'activate');
      break;
    case 'child_completed':
      delete state.waits[waitId];
      childCompleted(x, inst, variables);
      break;
    case 'child_escalated':
      // The called instance goes on; the call activity stays waiting unless an interrupting boundary catches.
      throwEscalation(x, inst, trigger.escalationCode);
      break;
    default:
      triggerEventWait(x, waitId, variables);
  }
  run(x);
  return { state, effects: x.effects };
}

/** Element ids with an active token (waiting, running or in an incident), for status views. */
export function activeElementIds(state: InstanceState): string[] {
  return Object.values(state.instances)
    .filter((i) => i.id !== state.rootId && !i.mi && !i.adHocInner)
    .map((i) => i.elementId);
}
