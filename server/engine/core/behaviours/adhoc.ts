/**
 * Ad-hoc sub-processes as Camunda 8.7/8.8 run them: on entry the FEEL list `activeElementsCollection`
 * names the inner elements to activate (each may appear more than once); each activation runs in an
 * inner instance (a variable scope of its own). After each activation's path ends the completion
 * condition is evaluated in the ad-hoc scope: true completes it (cancelling what still runs, unless
 * cancelRemainingInstances is false: then it waits for them); without a condition it completes once
 * nothing runs any more. Nothing activated: it stays active, as in Camunda.
 */
import type { Execution } from '../execution';
import type { ElementInstance } from '../types';
import { evalCondition } from '../../../../common/feel';
import { openEventSubProcessWaits } from './scopes';

export function activateAdHoc(x: Execution, inst: ElementInstance): void {
  const def = x.el(inst.elementId).adHoc!;
  inst.vars = {
    ...inst.vars,
    adHocSubProcessElements: def.activatable,
    ...(def.outputCollection ? { [def.outputCollection]: [] } : {}),
  };
  let ids: string[] = [];
  if (def.activeElementsCollection) {
    const r = x.evaluate(def.activeElementsCollection, inst.id);
    if (!r.ok) return x.incident(inst, `activeElementsCollection: ${r.error}`, 'activate');
    if (r.value !== null && (!Array.isArray(r.value) || r.value.some((v) => typeof v !== 'string'))) {
      return x.incident(inst, `activeElementsCollection must be a list of element ids (strings), got ${JSON.stringify(r.value)}`, 'activate');
    }
    ids = (r.value as string[] | null) ?? [];
    const allowed = new Set(def.activatable.map((a) => a.elementId));
    const unknown = ids.filter((id) => !allowed.has(id));
    if (unknown.length) {
      return x.incident(inst, `activeElementsCollection names ${unknown.map((id) => `'${id}'`).join(', ')}, not an element of ad-hoc sub-process ${inst.elementId} that can be activated (${[...allowed].join(', ')})`, 'activate');
    }
  }
  if (!openEventSubProcessWaits(x, inst)) return;
  for (const id of ids) activateInner(x, inst, id);
}

/** One activation: an inner instance (variable scope) with the element inside it. */
function activateInner(x: Execution, adHoc: ElementInstance, elementId: string): void {
  const def = x.el(adHoc.elementId).adHoc!;
  // The output element's variable is local to the activation, so parallel activations do not overwrite each other.
  const outputVar = def.outputElement && /^=\s*([A-Za-z_][\w]*)\s*$/.exec(def.outputElement)?.[1];
  const inner = x.create(adHoc.elementId, adHoc.id, { status: 'active', adHocInner: true, vars: outputVar ? { [outputVar]: null } : {} });
  x.enter(elementId, inner.id);
}

/** The path of one activation ended: collect its output, then let the ad-hoc sub-process decide whether it completes. */
export function adHocInnerCompleted(x: Execution, inner: ElementInstance): void {
  const adHoc = x.inst(inner.parentId!);
  const def = adHoc ? x.el(adHoc.elementId).adHoc : undefined;
  if (!adHoc || !def) return;
  if (def.outputCollection && def.outputElement) {
    const r = x.evaluate(def.outputElement, inner.id);
    if (!r.ok) return x.incident(inner, `outputElement: ${r.error}`, 'complete');
    const list = adHoc.vars?.[def.outputCollection];
    adHoc.vars = { ...adHoc.vars, [def.outputCollection]: [...(Array.isArray(list) ? list : []), r.value] };
  }
  delete x.state.instances[inner.id];
  x.push('complete', adHoc);
}

/**
 * Before an ad-hoc sub-process completes (each time an activation ended): true when it may complete now.
 * With the condition met and cancelRemainingInstances, what still runs is cancelled.
 */
export function adHocMayComplete(x: Execution, adHoc: ElementInstance): boolean {
  const def = x.el(adHoc.elementId).adHoc!;
  const running = x.children(adHoc.id);
  let done: boolean;
  if (!def.completionCondition) done = running.length === 0;
  else {
    const r = evalCondition(def.completionCondition, x.visible(adHoc.id), x.now);
    if (!r.ok) {
      x.incident(adHoc, `completionCondition: ${r.error}`, 'complete');
      return false;
    }
    done = r.value && (running.length === 0 || def.cancelRemainingInstances);
    if (done) for (const child of running) x.terminate(child.id);
  }
  if (done && def.outputCollection) x.setVars(adHoc.parentId!, { [def.outputCollection]: adHoc.vars?.[def.outputCollection] ?? [] });
  return done;
}
