/** Events: event definitions (message, timer, signal, error, escalation, terminate, link), start, boundary and throw events. */
import { isExpression } from '../../../common/feel';
import { camundaNoteForEvent, MULTIPLE_EVENTS_NOTE } from './camunda-support';
import { parseCycle, parseDateTime, parseDuration, workingDuration } from '../../../common/time';
import { cycleIntervalError } from '../../../common/limits';
import type { CompiledElement, CompiledFlow, EventDefinition } from '../core/model';
import { ext, isActivity, type FamilyTools, type Report } from './tools';

const EVENT_KINDS: Record<string, EventDefinition['kind']> = {
  'bpmn:MessageEventDefinition': 'message', 'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal', 'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation', 'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:LinkEventDefinition': 'link', 'bpmn:CompensateEventDefinition': 'compensation',
};

/** The event definition of an event element, checked; undefined (with an error) when it is not supported. */
export function eventDefinition(el: any, t: Pick<FamilyTools, 'err' | 'checkFeel'>): EventDefinition | undefined {
  const { err, checkFeel } = t;
  const defs = el.eventDefinitions ?? [];
  if (defs.length === 0) return { kind: 'none' };
  if (defs.length > 1) {
    err(el.id, `${el.$type} with several event definitions (multiple/parallel multiple events) is not supported${MULTIPLE_EVENTS_NOTE}`);
    return undefined;
  }
  const def = defs[0];
  const kind = EVENT_KINDS[def.$type];
  if (!kind) {
    err(el.id, `${el.$type} with ${def.$type} is not supported${camundaNoteForEvent(def.$type)}`);
    return undefined;
  }
  const out: EventDefinition = { kind };
  if (kind === 'message') {
    out.messageName = def.messageRef?.name;
    // Throw and end events may be jobs (zeebe:taskDefinition) without a message: compileEvent checks them.
    const throwing = el.$type === 'bpmn:IntermediateThrowEvent' || el.$type === 'bpmn:EndEvent';
    if (!out.messageName) {
      if (!throwing) err(el.id, 'message event without a message name');
    } else checkFeel(el.id, 'message name', out.messageName);
    const sub = def.messageRef ? ext(def.messageRef, 'zeebe:Subscription') : undefined;
    out.correlationKey = sub?.correlationKey;
    checkFeel(el.id, 'correlation key', out.correlationKey);
  } else if (kind === 'signal') {
    out.signalName = def.signalRef?.name;
    if (!out.signalName) err(el.id, 'signal event without a signal name');
  } else if (kind === 'error') {
    out.errorCode = def.errorRef?.errorCode;
    if (def.errorRef && !out.errorCode) out.errorCode = undefined;
  } else if (kind === 'escalation') {
    out.escalationCode = def.escalationRef?.escalationCode;
  } else if (kind === 'compensation') {
    if (def.activityRef) out.activityRef = def.activityRef.id;
  } else if (kind === 'link') {
    out.linkName = def.name;
    if (!out.linkName) err(el.id, 'link event without a name');
  } else if (kind === 'timer') {
    const pick = def.timeDate ? 'date' : def.timeDuration ? 'duration' : def.timeCycle ? 'cycle' : undefined;
    if (!pick) {
      err(el.id, 'timer event without timeDate, timeDuration or timeCycle');
      return out;
    }
    const expression = String((def.timeDate ?? def.timeDuration ?? def.timeCycle).body ?? '').trim();
    out.timer = { kind: pick, expression, ...(def.businessTime ? { businessTime: true } : {}) };
    if (def.businessTime && pick !== 'duration') err(el.id, 'esm:businessTime applies to a timer duration only (not to a date or a cycle)');
    if (isExpression(expression)) checkFeel(el.id, 'timer', expression);
    else if (pick === 'date' && !parseDateTime(expression)) err(el.id, `timer date '${expression}' is not an ISO-8601 date-time`);
    else if (pick === 'duration' && !parseDuration(expression)) err(el.id, `timer duration '${expression}' is not an ISO-8601 duration`);
    else if (pick === 'duration' && def.businessTime && !workingDuration(parseDuration(expression)!)) err(el.id, `timer duration '${expression}': in working time only weeks, days, hours, minutes and seconds count (no years or months)`);
    else if (pick === 'cycle' && !parseCycle(expression)) err(el.id, `timer cycle '${expression}' is not an ISO-8601 repeating interval (R3/PT10M); cron is not supported`);
    else if (pick === 'cycle' && cycleIntervalError(expression)) err(el.id, cycleIntervalError(expression)!);
  }
  return out;
}

/** Event-specific extension data and checks of one element. */
export function compileEvent(el: any, c: CompiledElement, t: FamilyTools): void {
  const { err } = t;
  switch (c.type) {
    case 'boundaryEvent':
      c.attachedTo = el.attachedToRef?.id;
      c.interrupting = el.cancelActivity !== false;
      if (!c.attachedTo) err(el.id, 'boundary event not attached to an activity');
      break;
    case 'startEvent': {
      c.interrupting = el.isInterrupting !== false;
      const form = ext(el, 'zeebe:FormDefinition');
      if (form?.formId || form?.formKey) c.formId = form.formId ?? form.formKey;
      if (form?.bindingType && form.bindingType !== 'latest') c.formLink = { bindingType: form.bindingType, versionTag: form.versionTag };
      break;
    }
    default:
      break;
  }
  if ((c.type === 'intermediateThrowEvent' || c.type === 'endEvent') && c.event?.kind === 'message' && !c.taskDefinition && !c.event.messageName) {
    err(el.id, 'message throw event needs a message name or zeebe:taskDefinition');
  }
}

/** Cross-element checks of events: boundary hosts, supported kinds per event type and scope, link targets. */
export function eventStructure(c: CompiledElement, elements: Record<string, CompiledElement>, _flows: Record<string, CompiledFlow>, err: Report): void {
  if (c.type === 'boundaryEvent' && c.attachedTo) {
    const host = elements[c.attachedTo];
    if (!host || !isActivity(host.type)) err(c.id, 'boundary event must be attached to an activity');
    else (host.boundaries ??= []).push(c.id);
    const k = c.event?.kind;
    if (k && !['timer', 'message', 'signal', 'error', 'escalation', 'compensation'].includes(k)) err(c.id, `boundary event of kind ${k} is not supported`);
    if (k === 'message' && !c.event?.correlationKey) err(c.id, 'message boundary event without a correlation key');
  }
  if (c.type === 'intermediateCatchEvent' && c.event) {
    if (!['timer', 'message', 'signal', 'link'].includes(c.event.kind)) err(c.id, `intermediate catch event of kind ${c.event.kind} is not supported`);
    if (c.event.kind === 'message' && !c.event.correlationKey) err(c.id, 'message catch event without a correlation key');
  }
  if (c.type === 'intermediateThrowEvent' && c.event && !['none', 'signal', 'escalation', 'link', 'message', 'compensation'].includes(c.event.kind)) {
    err(c.id, `intermediate throw event of kind ${c.event.kind} is not supported`);
  }
  if (c.type === 'endEvent' && c.event && !['none', 'terminate', 'error', 'escalation', 'message', 'signal', 'compensation'].includes(c.event.kind)) {
    err(c.id, `end event of kind ${c.event.kind} is not supported`);
  }
  if (c.type === 'endEvent' && c.event?.kind === 'error' && !c.event.errorCode) err(c.id, 'error end event without an error code');
  if (c.type === 'startEvent' && c.event && c.event.kind !== 'compensation') {
    const inEventSub = c.parent && elements[c.parent]?.type === 'eventSubProcess';
    const allowed = inEventSub ? ['message', 'timer', 'signal', 'error', 'escalation'] : c.parent ? ['none'] : ['none', 'message', 'timer', 'signal'];
    if (!allowed.includes(c.event.kind)) err(c.id, `start event of kind ${c.event.kind} is not supported ${inEventSub ? 'in an event sub-process' : c.parent ? 'in a sub-process' : 'on a process'}`);
  }
  if (c.type === 'intermediateThrowEvent' && c.event?.kind === 'link') {
    const target = Object.values(elements).find((o) => o.parent === c.parent && o.type === 'intermediateCatchEvent' && o.event?.kind === 'link' && o.event.linkName === c.event?.linkName);
    if (!target) err(c.id, `no link catch event named '${c.event.linkName}' in the same scope`);
    else c.linkTarget = target.id;
  }
}
