/**
 * The shared element lifecycle: activate (input mappings, boundary subscriptions, the element's
 * behaviour) → complete (outgoing flows, output mappings, leave) → scope completion. The agenda runs
 * until every token waits; more than `maxSteps` steps without a wait state park the tokens as incidents.
 */
import type { Execution } from './execution';
import type { ElementInstance } from './types';
import { executeTask } from './behaviours/tasks';
import { executeEvent, openBoundaryWaits } from './behaviours/events';
import { activateGateway, chooseFlows, fireReadyInclusiveJoins } from './behaviours/gateways';
import { executeScope, completeScope } from './behaviours/scopes';
import { activateBody, evaluateInner, innerCompleted } from './behaviours/multi-instance';
import { pendingListener } from './behaviours/listeners';
import { compensationHandlerDone, rememberCompensable } from './behaviours/compensation';
import { activateAdHoc, adHocInnerCompleted, adHocMayComplete } from './behaviours/adhoc';

const DEFAULT_MAX_STEPS = 1000;

/** Work the agenda until every token waits (or the step budget is spent). */
export function run(x: Execution): void {
  const max = x.options.maxSteps ?? DEFAULT_MAX_STEPS;
  for (;;) {
    while (x.agenda.length) {
      if (++x.steps > max) return parkAgenda(x, max);
      const op = x.agenda.shift()!;
      const inst = x.inst(op.id);
      if (!inst || inst.status === 'incident') continue;
      if (op.op === 'activate') activate(x, inst);
      else complete(x, inst);
    }
    if (!fireReadyInclusiveJoins(x)) return;
  }
}

function parkAgenda(x: Execution, max: number): void {
  const pending = x.agenda.splice(0);
  for (const op of pending) {
    const inst = x.inst(op.id);
    if (!inst || inst.status === 'incident') continue;
    x.incident(inst, `more than ${max} steps without a wait state (endless loop?)`, op.op);
  }
}

export function activate(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  if (inst.status === 'ready') {
    if (el.loop && inst.loopCounter === undefined && !inst.mi) {
      inst.status = 'active';
      x.history('element_started', inst, { multiInstance: 'body' });
      inst.mi = { items: null, total: 0, next: 0, completed: 0, active: 0, outputs: [] };
      if (!openBoundaryWaits(x, inst)) return;
      return activateBody(x, inst);
    }
    if (el.type === 'parallelGateway' || el.type === 'inclusiveGateway' || el.type === 'exclusiveGateway' || el.type === 'eventBasedGateway') {
      x.history('element_started', inst);
      inst.status = 'active';
      if (pendingListener(x, inst, 'start')) return;
      return activateGateway(x, inst);
    }
    x.history('element_started', inst, inst.loopCounter !== undefined ? { loopCounter: inst.loopCounter } : undefined);
    if (el.reopens && inst.loopCounter === undefined) x.history('reopened', inst);
  } else if (inst.status === 'joining') {
    return activateGateway(x, inst);
  } else {
    // Retrying after an incident: whatever the failed attempt opened is closed first.
    x.closeWaitsOf(inst.id);
    if (inst.mi) {
      inst.status = 'active';
      if (!openBoundaryWaits(x, inst)) return;
      return activateBody(x, inst);
    }
    if (el.type.endsWith('Gateway')) {
      inst.status = 'active';
      if (pendingListener(x, inst, 'start')) return;
      return activateGateway(x, inst);
    }
  }
  inst.status = 'active';
  // Once start listeners ran, their local variables stand: the input mappings are not applied again.
  if (el.inputs?.length && inst.listeners?.event !== 'start') {
    const local: Record<string, unknown> = { ...(inst.vars ?? {}) };
    for (const m of el.inputs) {
      const r = x.evaluate(m.source, inst.id);
      if (!r.ok) return x.incident(inst, `input mapping '${m.target}': ${r.error}`, 'activate');
      local[m.target] = r.value;
      inst.vars = local;
    }
  }
  if (pendingListener(x, inst, 'start')) return;
  if (inst.loopCounter === undefined && !openBoundaryWaits(x, inst)) return;
  switch (el.type) {
    case 'startEvent': case 'endEvent': case 'intermediateCatchEvent': case 'intermediateThrowEvent': case 'boundaryEvent':
      return executeEvent(x, inst);
    case 'subProcess': case 'eventSubProcess': case 'callActivity':
      return executeScope(x, inst);
    case 'adHocSubProcess':
      return activateAdHoc(x, inst);
    default:
      return executeTask(x, inst);
  }
}

export function complete(x: Execution, inst: ElementInstance): void {
  if (inst.adHocInner) return adHocInnerCompleted(x, inst);
  const el = x.el(inst.elementId);
  if (el.adHoc && !inst.mi && !adHocMayComplete(x, inst)) return;
  const flows = chooseFlows(x, inst);
  if (flows === null) return;
  if (el.outputs?.length && !inst.mi && inst.listeners?.event !== 'end') {
    const results: Record<string, unknown> = {};
    for (const m of el.outputs) {
      const r = x.evaluate(m.source, inst.id);
      if (!r.ok) return x.incident(inst, `output mapping '${m.target}': ${r.error}`, 'complete');
      results[m.target] = r.value;
    }
    // An inner multi-instance activity writes to its own scope (Camunda 8): its output element and
    // mapped results stay local; only the body's outputCollection reaches the parent.
    x.setVars(inst.loopCounter !== undefined ? inst.id : inst.parentId!, results);
  }
  if (pendingListener(x, inst, 'end')) return;
  let mi: ReturnType<typeof evaluateInner> | undefined;
  if (inst.loopCounter !== undefined) {
    mi = evaluateInner(x, inst);
    if (mi === null) return;
  }
  if (inst.mi && el.loop?.outputCollection) x.setVars(inst.parentId!, { [el.loop.outputCollection]: inst.mi.outputs });
  x.closeWaitsOf(inst.id);
  x.history('element_completed', inst, inst.mi ? { multiInstance: 'body' } : undefined);
  delete x.state.instances[inst.id];
  if (inst.compensating) compensationHandlerDone(x, inst);
  else rememberCompensable(x, inst);
  const scopeId = inst.parentId!;
  if (mi) return innerCompleted(x, scopeId, inst, mi);
  if (el.linkTarget) {
    x.enter(el.linkTarget, scopeId);
    return;
  }
  for (const flowId of flows) takeFlow(x, flowId, scopeId);
  if (flows.length === 0) scopeCheck(x, scopeId);
}

/** Move a token along a sequence flow; joins collect arrivals in one waiting gateway instance. */
export function takeFlow(x: Execution, flowId: string, scopeId: string): void {
  const target = x.el(x.model.flows[flowId].target);
  const isJoin = (target.type === 'parallelGateway' || target.type === 'inclusiveGateway') && target.incoming.length > 1;
  if (!isJoin) {
    x.enter(target.id, scopeId);
    return;
  }
  let join = x.children(scopeId).find((i) => i.elementId === target.id && i.status === 'joining');
  if (!join) {
    join = x.create(target.id, scopeId, { status: 'joining', arrivals: {} });
    x.history('element_started', join);
  }
  join.arrivals![flowId] = (join.arrivals![flowId] ?? 0) + 1;
  x.push('activate', join);
}

/** A scope whose last token left completes (process, sub-process, event sub-process). */
export function scopeCheck(x: Execution, scopeId: string): void {
  const scope = x.inst(scopeId);
  if (!scope || scope.mi || scope.status === 'incident') return;
  if (x.children(scopeId).length > 0) return;
  completeScope(x, scope);
}
