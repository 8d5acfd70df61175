/** Start, end, intermediate and boundary events; BPMN error and escalation propagation. */
import type { Execution } from '../execution';
import type { ElementInstance, Variables } from '../types';
import { addDuration, parseDuration } from '../../../../common/time';
import { triggerEventSubProcess, eventSubProcessesOf, failCalledInstance } from './scopes';
import { throwCompensation } from './compensation';

export function executeEvent(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  const kind = el.event?.kind ?? 'none';
  if (el.type === 'intermediateCatchEvent' && kind !== 'link' && kind !== 'none') {
    inst.status = 'waiting';
    x.subscribe(el.event!, el.id, inst);
    return;
  }
  if (el.type === 'intermediateThrowEvent' || el.type === 'endEvent') {
    // Camunda 8 runs message throw events with a job type through a job worker.
    if (el.taskDefinition) return x.createJob(inst);
    if (kind === 'signal' && x.options.cascadeSpent) return x.incident(inst, x.options.cascadeSpent, 'activate');
    switch (kind) {
      case 'message':
        if (!x.publishMessage(inst)) return;
        break;
      case 'signal':
        x.effects.push({ type: 'signal.throw', signalName: el.event!.signalName!, variables: { ...(inst.vars ?? {}) } });
        break;
      case 'error': {
        const code = el.event!.errorCode!;
        x.history('error_thrown', inst, { errorCode: code });
        if (!throwError(x, inst, code, `error end event ${el.id}`)) {
          x.incident(inst, `unhandled BPMN error '${code}' (no catching boundary or event sub-process)`, 'activate');
        }
        return;
      }
      case 'escalation':
        x.history('escalation_thrown', inst, { escalationCode: el.event!.escalationCode ?? null });
        throwEscalation(x, inst, el.event!.escalationCode);
        if (!x.inst(inst.id)) return;
        break;
      case 'compensation':
        return throwCompensation(x, inst);
      case 'terminate':
        for (const sibling of x.children(inst.parentId!)) if (sibling.id !== inst.id) x.terminate(sibling.id);
        break;
      default:
        break;
    }
  }
  x.push('complete', inst);
}

/** Subscriptions of the timer/message/signal boundary events of an activity. */
export function openBoundaryWaits(x: Execution, inst: ElementInstance): boolean {
  for (const id of x.el(inst.elementId).boundaries ?? []) {
    const b = x.el(id);
    if (b.event && ['timer', 'message', 'signal'].includes(b.event.kind) && !x.subscribe(b.event, id, inst, b.interrupting !== false)) return false;
  }
  return true;
}

/** A timer fired, a message or signal arrived: route it to the element that waits for it. */
export function triggerEventWait(x: Execution, waitId: string, variables: Variables): void {
  const wait = x.state.waits[waitId];
  const owner = x.inst(wait.instanceId)!;
  const el = x.el(wait.elementId);
  const repeatTimer = () => {
    if (wait.kind === 'timer' && wait.cycle && wait.cycle.remaining !== 0) {
      const d = parseDuration(wait.cycle.interval)!;
      const remaining = wait.cycle.remaining < 0 ? -1 : wait.cycle.remaining - 1;
      x.createTimer(wait.elementId, owner, addDuration(x.now, d), { remaining, interval: wait.cycle.interval });
    }
  };
  const keepOpen = (wait.kind === 'message' || wait.kind === 'signal');
  if (el.type === 'boundaryEvent') {
    if (el.interrupting !== false) {
      x.consumeWait(waitId);
      const scopeId = owner.parentId!;
      x.terminate(owner.id);
      x.enterTriggered(el.id, scopeId, variables);
    } else {
      if (!keepOpen) x.consumeWait(waitId);
      repeatTimer();
      x.enterTriggered(el.id, owner.parentId!, variables);
    }
    return;
  }
  if (el.type === 'startEvent' && el.parent && x.el(el.parent).type === 'eventSubProcess') {
    const interrupting = el.interrupting !== false;
    if (interrupting || !keepOpen) x.consumeWait(waitId);
    if (!interrupting) repeatTimer();
    triggerEventSubProcess(x, owner, el.parent, interrupting, variables);
    return;
  }
  x.consumeWait(waitId);
  if (x.el(owner.elementId)?.type === 'eventBasedGateway') {
    x.closeWaitsOf(owner.id);
    x.history('element_completed', owner);
    delete x.state.instances[owner.id];
    const target = x.enterTriggered(el.id, owner.parentId!, undefined);
    if (Object.keys(variables).length) x.completeWith(target, variables);
    return;
  }
  owner.status = 'active';
  if (Object.keys(variables).length) x.completeWith(owner, variables);
  x.push('complete', owner);
}

type Catch = { kind: 'boundary' | 'eventSubProcess'; elementId: string; scope: ElementInstance; interrupting: boolean };

/** Find the innermost boundary event or event sub-process catching an error/escalation code. */
function findCatch(x: Execution, from: ElementInstance, kind: 'error' | 'escalation', code: string | undefined): Catch | null {
  const codeOf = (id: string) => (kind === 'error' ? x.el(id).event?.errorCode : x.el(id).event?.escalationCode);
  const pick = (ids: string[]) => ids.find((id) => codeOf(id) === code && code !== undefined) ?? ids.find((id) => !codeOf(id));
  for (let cur: ElementInstance | undefined = from; cur; cur = cur.parentId ? x.inst(cur.parentId) : undefined) {
    if (cur !== from) {
      const starts = eventSubProcessesOf(x, cur).map((esp) => x.el(esp).startEvent!).filter((s) => x.el(s).event?.kind === kind);
      const hit = pick(starts);
      if (hit) return { kind: 'eventSubProcess', elementId: hit, scope: cur, interrupting: kind === 'error' || x.el(hit).interrupting !== false };
    }
    if (cur.loopCounter === undefined && !cur.adHocInner && cur.id !== x.state.rootId) {
      const boundaries = (x.el(cur.elementId).boundaries ?? []).filter((b) => x.el(b).event?.kind === kind);
      const hit = pick(boundaries);
      if (hit) return { kind: 'boundary', elementId: hit, scope: cur, interrupting: kind === 'error' || x.el(hit).interrupting !== false };
    }
  }
  return null;
}

function deliver(x: Execution, c: Catch, variables: Variables): void {
  if (c.kind === 'boundary') {
    const scopeId = c.scope.parentId!;
    if (c.interrupting) x.terminate(c.scope.id);
    x.enterTriggered(c.elementId, scopeId, variables);
  } else {
    triggerEventSubProcess(x, c.scope, x.el(c.elementId).parent!, c.interrupting, variables);
  }
}

/** Throw a BPMN error from an element instance. False when nothing catches it (the caller opens an incident). */
export function throwError(x: Execution, from: ElementInstance, code: string, message: string, variables: Variables = {}): boolean {
  const c = findCatch(x, from, 'error', code);
  if (c) {
    deliver(x, c, variables);
    return true;
  }
  if (x.state.calledBy) {
    failCalledInstance(x, code, message);
    return true;
  }
  return false;
}

/**
 * Throw an escalation. Not caught here, it goes to the call activity of a calling instance (whose
 * boundary events may catch it); caught nowhere, it is ignored, as in Camunda 8.
 */
export function throwEscalation(x: Execution, from: ElementInstance, code: string | undefined): void {
  const c = findCatch(x, from, 'escalation', code);
  if (c) deliver(x, c, {});
  else if (x.state.calledBy) x.effects.push({ type: 'instance.escalated', ...(code !== undefined ? { escalationCode: code } : {}) });
}
