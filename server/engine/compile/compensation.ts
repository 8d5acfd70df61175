/**
 * Compensation (Camunda 8.5+): compensation boundary events, the handlers associated with them
 * (isForCompensation), and compensation throw/end events with or without activityRef. Checked as
 * Camunda checks them; the runtime side is core/behaviours/compensation.ts.
 */
import type { CompiledElement } from '../core/model';
import type { Report } from './tools';
import { isActivity } from './tools';

/** Collect every bpmn:Association of the process and its sub-processes. */
function associations(container: any, out: any[] = []): any[] {
  for (const a of container.artifacts ?? []) if (a.$type === 'bpmn:Association') out.push(a);
  for (const el of container.flowElements ?? []) if (el.flowElements) associations(el, out);
  return out;
}

/** Link compensation boundary events to their handlers and check compensation throw events. */
export function compileCompensation(proc: any, elements: Record<string, CompiledElement>, err: Report): void {
  const handlerOf = new Map<string, string>();
  for (const a of associations(proc)) {
    const source = elements[a.sourceRef?.id];
    const target = elements[a.targetRef?.id];
    if (source?.type === 'boundaryEvent' && source.event?.kind === 'compensation' && target) handlerOf.set(source.id, target.id);
  }
  const associated = new Set(handlerOf.values());
  for (const c of Object.values(elements)) {
    if (c.type === 'boundaryEvent' && c.event?.kind === 'compensation') {
      const handler = handlerOf.get(c.id);
      const host = c.attachedTo ? elements[c.attachedTo] : undefined;
      if (c.outgoing.length) err(c.id, 'compensation boundary event must not have outgoing sequence flows (associate it with a compensation handler)');
      if (!handler) {
        err(c.id, 'compensation boundary event without an association to a compensation handler');
        continue;
      }
      const h = elements[handler];
      if (!h.forCompensation) err(handler, `compensation handler ${h.id} must be marked isForCompensation="true"`);
      if (!host) continue;
      if (host.compensation) err(c.id, `activity ${host.id} has more than one compensation boundary event`);
      else host.compensation = { boundary: c.id, handler };
      if (h.parent !== host.parent) err(handler, 'compensation handler must be in the same scope as the activity it compensates');
    }
    if (c.forCompensation) {
      if (!isActivity(c.type)) err(c.id, `${c.type} cannot be a compensation handler`);
      if (c.incoming.length || c.outgoing.length) err(c.id, 'compensation handler must not have sequence flows');
      if (!associated.has(c.id)) err(c.id, 'compensation handler is not associated with a compensation boundary event');
      if (c.boundaries?.length) err(c.id, 'compensation handler must not have boundary events');
    }
    if ((c.type === 'intermediateThrowEvent' || c.type === 'endEvent') && c.event?.kind === 'compensation' && c.event.activityRef) {
      const ref = elements[c.event.activityRef];
      if (!ref || !isActivity(ref.type)) err(c.id, `compensation activityRef '${c.event.activityRef}' is not an activity`);
      else if (ref.parent !== c.parent && !(c.parent && elements[c.parent]?.type === 'eventSubProcess' && ref.parent === elements[c.parent].parent)) {
        err(c.id, `compensation activityRef '${ref.id}' must be in the same scope as the throw event`);
      } else if (!ref.compensation && ref.type !== 'subProcess') err(c.id, `compensation activityRef '${ref.id}' has no compensation boundary event`);
    }
    if (c.type === 'startEvent' && c.event?.kind === 'compensation') {
      err(c.id, 'compensation start event (compensation event sub-process) is not supported: Camunda 8 (up to 8.8) does not execute it either');
    }
  }
}
