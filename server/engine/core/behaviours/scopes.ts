/** Embedded sub-processes, event sub-processes, call activities and scope completion. */
import type { Execution } from '../execution';
import type { ElementInstance, Variables } from '../types';
import { pendingListener } from './listeners';

/** Event sub-processes declared directly in the scope an instance opens (process or sub-process). */
export function eventSubProcessesOf(x: Execution, scope: ElementInstance): string[] {
  if (scope.id === x.state.rootId) return x.model.eventSubProcesses;
  if (scope.mi || scope.adHocInner) return [];
  return x.el(scope.elementId).eventSubProcesses ?? [];
}

/** Open the message/timer/signal subscriptions of a scope's event sub-process start events. */
export function openEventSubProcessWaits(x: Execution, scope: ElementInstance): boolean {
  for (const esp of eventSubProcessesOf(x, scope)) {
    const startId = x.el(esp).startEvent;
    const start = startId ? x.el(startId) : undefined;
    if (start?.event && ['timer', 'message', 'signal'].includes(start.event.kind)) {
      if (!x.subscribe(start.event, start.id, scope, start.interrupting !== false)) return false;
    }
  }
  return true;
}

export function executeScope(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  if (el.type === 'callActivity') return startChild(x, inst);
  inst.vars ??= {};
  if (el.type === 'eventSubProcess') {
    x.enterTriggered(el.startEvent!, inst.id, undefined);
    return;
  }
  if (!openEventSubProcessWaits(x, inst)) return;
  x.enter(el.startEvent!, inst.id);
}

function startChild(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  const ce = el.calledElement!;
  if (x.options.cascadeSpent) return x.incident(inst, x.options.cascadeSpent, 'activate');
  const processId = x.evaluate(ce.processId, inst.id);
  if (!processId.ok) return x.incident(inst, `called element: ${processId.error}`, 'activate');
  const variables = ce.propagateAllParentVariables ? x.visible(inst.id) : { ...(inst.vars ?? {}) };
  const childRef = x.openWait('child', el.id, inst);
  inst.status = 'waiting';
  x.effects.push({ type: 'child_instance.start', childRef, elementId: el.id, processId: String(processId.value), variables, businessKey: x.state.businessKey });
}

/** The called instance completed: take over its variables (all, or only through output mappings). */
export function childCompleted(x: Execution, inst: ElementInstance, variables: Variables): void {
  const ce = x.el(inst.elementId).calledElement!;
  if (ce.propagateAllChildVariables) x.completeWith(inst, variables);
  else inst.vars = { ...inst.vars, ...variables };
  inst.status = 'active';
  x.push('complete', inst);
}

/** Start an event sub-process in a scope; interrupting ones cancel everything else there first. */
export function triggerEventSubProcess(x: Execution, scope: ElementInstance, espId: string, interrupting: boolean, variables: Variables): void {
  if (interrupting) {
    for (const child of x.children(scope.id)) x.terminate(child.id);
    const starts = new Set(eventSubProcessesOf(x, scope).map((esp) => x.el(esp).startEvent));
    x.closeWaitsOf(scope.id, (w) => starts.has(w.elementId));
  }
  const esp = x.create(espId, scope.id, { vars: {} });
  x.push('activate', esp);
  if (Object.keys(variables).length) x.setVars(scope.id, variables);
}

export function completeScope(x: Execution, scope: ElementInstance): void {
  if (scope.id !== x.state.rootId) {
    x.push('complete', scope);
    return;
  }
  if (x.state.status !== 'active') return;
  if (pendingListener(x, scope, 'end')) return;
  x.closeWaitsOf(scope.id);
  x.state.status = 'completed';
  x.history('process_completed', scope);
  x.effects.push({ type: 'instance.completed', variables: { ...(scope.vars ?? {}) } });
}

/** An uncaught BPMN error in a called instance ends it; the parent's call activity receives the error. */
export function failCalledInstance(x: Execution, errorCode: string, message: string): void {
  const variables = { ...(x.root.vars ?? {}) };
  x.terminate(x.state.rootId);
  x.agenda.splice(0);
  x.state.status = 'failed';
  x.history('process_terminated', x.root, { errorCode });
  x.effects.push({ type: 'instance.failed', errorCode, message, variables });
}
