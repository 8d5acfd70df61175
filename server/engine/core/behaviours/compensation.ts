/**
 * Compensation as Camunda 8 runs it: a completed activity with a compensation boundary event is
 * remembered in the instance state (`state.compensation`, persisted with it); a completed sub-process
 * holding such records is remembered too, so compensation reaches into it. A compensation throw or end
 * event invokes the handlers of the completed activities of its scope (or of its `activityRef` only),
 * all at once and created newest first, in the throw event's scope, and waits until every one of them
 * completed. Active or terminated activities are not compensated; a record is used once.
 */
import type { Execution } from '../execution';
import type { CompensationRecord, ElementInstance } from '../types';

const records = (x: Execution): CompensationRecord[] => (x.state.compensation ??= []);

/** After an activity completed: remember it when it can be compensated. */
export function rememberCompensable(x: Execution, inst: ElementInstance): void {
  if (inst.compensating || inst.adHocInner || !inst.parentId) return;
  const el = x.el(inst.elementId);
  const handler = inst.loopCounter === undefined ? el.compensation?.handler : undefined;
  // As in Zeebe: only embedded sub-processes and multi-instance bodies pass compensation on to what completed inside them.
  const passesOn = el.type === 'subProcess' || !!inst.mi;
  const holdsRecords = passesOn && !!x.state.compensation?.some((r) => r.scopeId === inst.id && !r.thrownBy);
  if (!handler && !holdsRecords) return;
  records(x).push({ elementId: el.id, instanceId: inst.id, scopeId: inst.parentId, ...(handler ? { handler } : {}) });
}

/** A compensation throw or end event: invoke the handlers; the event waits for them. */
export function throwCompensation(x: Execution, throwInst: ElementInstance): void {
  const el = x.el(throwInst.elementId);
  const scopeId = throwInst.parentId!;
  const scopes = [scopeId];
  // Inside an event sub-process, compensation also reaches the scope the event sub-process runs in.
  const scope = x.inst(scopeId);
  if (scope && x.typeOf(scope) === 'eventSubProcess' && scope.parentId) scopes.push(scope.parentId);
  const ref = el.event?.activityRef;
  const selected = (x.state.compensation ?? [])
    .filter((r) => !r.thrownBy && scopes.includes(r.scopeId) && (!ref || r.elementId === ref))
    .reverse();
  let invoked = 0;
  const trigger = (r: CompensationRecord) => {
    if (r.handler) {
      const boundary = x.el(r.elementId).compensation!.boundary;
      const event: ElementInstance = { id: x.ids.next('element'), elementId: boundary, parentId: scopeId, status: 'active' };
      x.history('element_started', event, { compensating: r.instanceId });
      x.history('element_completed', event);
      const handler = x.create(r.handler, scopeId, { compensating: throwInst.id });
      x.push('activate', handler);
      r.thrownBy = throwInst.id;
      r.handlerInstanceId = handler.id;
      invoked++;
    } else {
      x.state.compensation = records(x).filter((q) => q !== r);
    }
    // Then what completed inside it (a sub-process, the inner instances of a multi-instance body), newest first.
    for (const inner of (x.state.compensation ?? []).filter((q) => q.scopeId === r.instanceId && !q.thrownBy).reverse()) trigger(inner);
  };
  for (const r of selected) trigger(r);
  if (invoked === 0) return x.push('complete', throwInst);
  throwInst.status = 'waiting';
}

/** A compensation handler completed: the throw event that invoked it completes after its last handler. */
export function compensationHandlerDone(x: Execution, handler: ElementInstance): void {
  const throwId = handler.compensating!;
  x.state.compensation = records(x).filter((r) => r.handlerInstanceId !== handler.id);
  if (x.state.compensation.some((r) => r.thrownBy === throwId)) return;
  const throwInst = x.inst(throwId);
  if (throwInst && throwInst.status === 'waiting') {
    throwInst.status = 'active';
    x.push('complete', throwInst);
  }
}

/**
 * An instance was terminated: what completed inside it can no longer be compensated, and handlers it
 * ran (or the throw event waiting for them) are not re-activated.
 */
export function forgetCompensation(x: Execution, instId: string): void {
  const list = x.state.compensation;
  if (!list?.length) return;
  const gone = new Set([instId]);
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of list) if (gone.has(r.scopeId) && !gone.has(r.instanceId)) { gone.add(r.instanceId); changed = true; }
  }
  x.state.compensation = list.filter((r) => !gone.has(r.scopeId) && r.handlerInstanceId !== instId && r.thrownBy !== instId);
  if (x.state.compensation.length === 0) delete x.state.compensation;
}
