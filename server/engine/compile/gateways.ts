/** Gateways: conditions out of exclusive and inclusive gateways, event-based targets, inclusive-join reachability. */
import type { CompiledElement, CompiledFlow } from '../core/model';
import type { Report } from './tools';

/** Cross-element checks of gateways: a condition or the default on every branch, event-based gateways lead to catch events. */
export function gatewayStructure(c: CompiledElement, elements: Record<string, CompiledElement>, flows: Record<string, CompiledFlow>, err: Report): void {
  if (c.type === 'exclusiveGateway' || c.type === 'inclusiveGateway') {
    if (c.outgoing.length > 1) {
      for (const f of c.outgoing) {
        if (f !== c.defaultFlow && !flows[f]?.condition) err(f, `sequence flow out of ${c.type === 'exclusiveGateway' ? 'exclusive' : 'inclusive'} gateway ${c.id} needs a condition or must be the default flow`);
      }
    }
  }
  if (c.type === 'eventBasedGateway') {
    for (const f of c.outgoing) {
      const target = elements[flows[f]?.target];
      const ok = target && ((target.type === 'intermediateCatchEvent' && ['timer', 'message', 'signal'].includes(target.event?.kind ?? '')) || target.type === 'receiveTask');
      if (!ok) err(c.id, `event-based gateway ${c.id} must lead to message, timer or signal catch events (${flows[f]?.target})`);
    }
    if (c.outgoing.length < 2) err(c.id, 'event-based gateway needs at least two outgoing flows');
  }
}

/**
 * For inclusive joins: which inclusive gateways each element can still reach through sequence flows
 * (an activity also reaches what its boundary events reach; a sub-process what its parent path reaches).
 */
export function computeJoinReach(elements: Record<string, CompiledElement>, flows: Record<string, CompiledFlow>): Record<string, string[]> {
  const joins = Object.values(elements).filter((e) => e.type === 'inclusiveGateway' && e.incoming.length > 1).map((e) => e.id);
  if (joins.length === 0) return {};
  const next = (id: string): string[] => {
    const el = elements[id];
    const out = el.outgoing.map((f) => flows[f]?.target).filter(Boolean);
    return [...out, ...(el.boundaries ?? [])];
  };
  const result: Record<string, string[]> = {};
  for (const id of Object.keys(elements)) {
    const seen = new Set<string>();
    const stack = [...next(id)];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n) || !elements[n]) continue;
      seen.add(n);
      stack.push(...next(n));
    }
    const reached = joins.filter((j) => seen.has(j));
    if (reached.length) result[id] = reached;
  }
  return result;
}
