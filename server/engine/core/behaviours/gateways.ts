/** Exclusive, parallel, inclusive and event-based gateways: joins, flow selection and event races. */
import type { Execution } from '../execution';
import type { ElementInstance } from '../types';
import { evalCondition } from '../../../../common/feel';

export function activateGateway(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  if (inst.status === 'joining') {
    const arrivals = inst.arrivals ?? {};
    const all = el.incoming.every((f) => (arrivals[f] ?? 0) > 0);
    // Inclusive joins that are not complete wait for the quiescence check in run().
    if (all) fireJoin(x, inst);
    return;
  }
  if (el.type === 'eventBasedGateway') {
    inst.status = 'waiting';
    for (const flowId of el.outgoing) {
      const target = x.el(x.model.flows[flowId].target);
      if (target.event && !x.subscribe(target.event, target.id, inst)) return;
    }
    return;
  }
  x.push('complete', inst);
}

function fireJoin(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  const leftover: Record<string, number> = {};
  for (const [flow, n] of Object.entries(inst.arrivals ?? {})) if (n > 1) leftover[flow] = n - 1;
  inst.status = 'active';
  inst.arrivals = undefined;
  if (Object.keys(leftover).length) {
    // Tokens that looped around before the join fired wait for the next round.
    x.create(el.id, inst.parentId!, { status: 'joining', arrivals: leftover });
  }
  x.push('complete', inst);
}

/** Flows to take when an element completes; null when an incident was raised. */
export function chooseFlows(x: Execution, inst: ElementInstance): string[] | null {
  const el = x.el(inst.elementId);
  if (inst.loopCounter !== undefined) return [];
  if (el.type === 'parallelGateway') return el.outgoing;
  const conditional = el.outgoing.filter((f) => f !== el.defaultFlow);
  const taken: string[] = [];
  const vars = x.visible(inst.id);
  for (const flowId of conditional) {
    const cond = x.model.flows[flowId].condition;
    if (!cond) {
      taken.push(flowId);
      continue;
    }
    const r = evalCondition(cond, vars, x.now);
    if (!r.ok) {
      x.incident(inst, `condition of ${flowId}: ${r.error}`, 'complete');
      return null;
    }
    if (r.value) {
      taken.push(flowId);
      if (el.type === 'exclusiveGateway') break;
    }
  }
  if (taken.length === 0 && el.defaultFlow) taken.push(el.defaultFlow);
  if (taken.length === 0 && (el.type === 'exclusiveGateway' || el.type === 'inclusiveGateway') && el.outgoing.length > 0) {
    x.incident(inst, `no outgoing sequence flow of ${el.id} has a true condition and there is no default flow`, 'complete');
    return null;
  }
  return taken;
}

/**
 * Inclusive joins fire once no token in their scope can still reach them. Called whenever the
 * agenda is empty; returns true when a join fired (so the run continues).
 */
export function fireReadyInclusiveJoins(x: Execution): boolean {
  let fired = false;
  for (const join of Object.values(x.state.instances)) {
    if (join.status !== 'joining' || x.el(join.elementId)?.type !== 'inclusiveGateway') continue;
    const blocked = x.children(join.parentId!).some((other) => other !== join
      && !(other.elementId === join.elementId && other.status === 'joining')
      && (x.model.reachesJoin[other.elementId] ?? []).includes(join.elementId));
    if (!blocked) {
      fireJoin(x, join);
      fired = true;
    }
  }
  return fired;
}
