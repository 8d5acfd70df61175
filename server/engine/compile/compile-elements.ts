/** Turns one moddle bpmn:Process into a CompiledProcess and collects the reasons it cannot run. */
import { feelSyntaxError, isExpression, stripEquals, valueSyntaxError } from '../../../common/feel';
import { parseCycle, parseDateTime, parseDuration, workingDuration } from '../../../common/time';
import { cycleIntervalError } from '../../../common/limits';
import type {
  CompiledElement, CompiledFlow, CompiledProcess, ElementType, EventDefinition, Mapping, ModelError, SlaDefinition,
} from '../core/model';

const TYPES: Record<string, ElementType> = {
  'bpmn:StartEvent': 'startEvent', 'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent', 'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent', 'bpmn:Task': 'task', 'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask', 'bpmn:ScriptTask': 'scriptTask', 'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:SendTask': 'sendTask', 'bpmn:ReceiveTask': 'receiveTask', 'bpmn:ManualTask': 'manualTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway', 'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway', 'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess', 'bpmn:CallActivity': 'callActivity',
};

/** Flow elements that carry no execution semantics. */
const PASSIVE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

const EVENT_KINDS: Record<string, EventDefinition['kind']> = {
  'bpmn:MessageEventDefinition': 'message', 'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal', 'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation', 'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:LinkEventDefinition': 'link',
};

const ACTIVITY_TYPES = new Set<ElementType>(['task', 'userTask', 'serviceTask', 'scriptTask', 'businessRuleTask',
  'sendTask', 'receiveTask', 'manualTask', 'subProcess', 'callActivity']);

export function isActivity(type: ElementType): boolean {
  return ACTIVITY_TYPES.has(type);
}

function ext(el: any, type: string): any {
  return (el.extensionElements?.values ?? []).find((v: any) => v.$type === type);
}

/** The approval block's marker (a zeebe:Property, see app/modeler/approval/approvalBlock.ts), or esm:approval="true". */
export const APPROVAL_PROPERTY = 'lotse:approval';
function isApproval(el: any): boolean {
  if (el.approval === true) return true;
  return (ext(el, 'zeebe:Properties')?.properties ?? []).some((p: any) => p.name === APPROVAL_PROPERTY);
}

export function compileElements(proc: any): { process: CompiledProcess; errors: ModelError[] } {
  const errors: ModelError[] = [];
  const err = (elementId: string, message: string) => errors.push({ elementId, message });
  const checkFeel = (elementId: string, what: string, value: string | undefined) => {
    const e = valueSyntaxError(value);
    if (e) err(elementId, `${what}: ${e}`);
  };
  const elements: Record<string, CompiledElement> = {};
  const flows: Record<string, CompiledFlow> = {};

  const sla = (el: any): SlaDefinition | undefined => {
    const s = ext(el, 'esm:Sla');
    if (!s) return undefined;
    for (const key of ['responseTime', 'resolutionTime'] as const) {
      if (s[key] && !parseDuration(s[key])) err(el.id, `esm:sla ${key} '${s[key]}' is not an ISO-8601 duration`);
    }
    checkFeel(el.id, 'esm:sla pauseCondition', s.pauseCondition);
    return { responseTime: s.responseTime, resolutionTime: s.resolutionTime, calendar: s.calendar, pauseCondition: s.pauseCondition };
  };

  const mappings = (el: any): { inputs?: Mapping[]; outputs?: Mapping[] } => {
    const io = ext(el, 'zeebe:IoMapping');
    if (!io) return {};
    const read = (list: any[] | undefined, what: string) => (list ?? []).map((p: any) => {
      if (!p.target) err(el.id, `${what} mapping without target`);
      const source = p.source ?? '=null';
      checkFeel(el.id, `${what} mapping '${p.target}'`, source);
      return { source, target: p.target as string };
    });
    const inputs = read(io.inputParameters, 'input');
    const outputs = read(io.outputParameters, 'output');
    return { inputs: inputs.length ? inputs : undefined, outputs: outputs.length ? outputs : undefined };
  };

  const eventDefinition = (el: any): EventDefinition | undefined => {
    const defs = el.eventDefinitions ?? [];
    if (defs.length === 0) return { kind: 'none' };
    if (defs.length > 1) {
      err(el.id, `${el.$type} with several event definitions (multiple/parallel multiple events) is not supported`);
      return undefined;
    }
    const def = defs[0];
    const kind = EVENT_KINDS[def.$type];
    if (!kind) {
      err(el.id, `${el.$type} with ${def.$type} is not supported`);
      return undefined;
    }
    const out: EventDefinition = { kind };
    if (kind === 'message') {
      out.messageName = def.messageRef?.name;
      if (!out.messageName) err(el.id, 'message event without a message name');
      else checkFeel(el.id, 'message name', out.messageName);
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
  };

  const visit = (container: any, parent: string | null): string[] => {
    const ids: string[] = [];
    for (const el of container.flowElements ?? []) {
      if (el.$type === 'bpmn:SequenceFlow') {
        const condition = el.conditionExpression?.body?.trim();
        if (condition) {
          const e = feelSyntaxError(stripEquals(condition));
          if (e) err(el.id, `condition: ${e}`);
        }
        flows[el.id] = { id: el.id, source: el.sourceRef?.id, target: el.targetRef?.id, name: el.name, condition: condition ? stripEquals(condition) : undefined };
        continue;
      }
      if (PASSIVE.has(el.$type)) continue;
      let type = TYPES[el.$type];
      if (!type) {
        err(el.id, `unsupported element ${el.$type}${el.name ? ` '${el.name}'` : ''}`);
        continue;
      }
      if (type === 'subProcess' && el.triggeredByEvent) type = 'eventSubProcess';
      if (el.isForCompensation) err(el.id, `compensation activity ${el.$type} is not supported`);
      const c: CompiledElement = {
        id: el.id, type, name: el.name, parent,
        incoming: [], outgoing: [],
      };
      if (el.$type.endsWith('Event')) {
        const ev = eventDefinition(el);
        if (ev) c.event = ev;
      } else if (el.eventDefinitions?.length) {
        c.event = eventDefinition(el);
      }
      if (el.default) c.defaultFlow = el.default.id;
      if (el.reopens) c.reopens = true;
      Object.assign(c, mappings(el));
      const td = ext(el, 'zeebe:TaskDefinition');
      if (td) {
        if (!td.type) err(el.id, 'zeebe:taskDefinition without type');
        checkFeel(el.id, 'job type', td.type);
        c.taskDefinition = { type: td.type ?? '', retries: td.retries ?? '3' };
      }
      const headers = ext(el, 'zeebe:TaskHeaders');
      if (headers) c.headers = Object.fromEntries((headers.values ?? []).map((h: any) => [h.key, h.value ?? '']));
      compileFamily(el, c, { err, checkFeel, sla, visit });
      elements[el.id] = c;
      ids.push(el.id);
    }
    return ids;
  };

  const top = visit(proc, null);
  // bpmn:incoming/outgoing children are optional in XML; the flows themselves are the truth.
  for (const f of Object.values(flows)) {
    elements[f.source]?.outgoing.push(f.id);
    elements[f.target]?.incoming.push(f.id);
  }
  linkStructure(elements, flows, err);
  const startEvents = top.filter((id) => elements[id].type === 'startEvent');
  if (startEvents.length === 0) err(proc.id, 'process has no start event');
  const noneStarts = startEvents.filter((id) => elements[id].event?.kind === 'none');
  if (noneStarts.length > 1) err(proc.id, `several none start events (${noneStarts.join(', ')})`);

  const catalog = ext(proc, 'esm:Catalog');
  const process: CompiledProcess = {
    id: proc.id, name: proc.name, elements, flows, startEvents,
    eventSubProcesses: top.filter((id) => elements[id].type === 'eventSubProcess'),
    reachesJoin: computeJoinReach(elements, flows),
    department: proc.department,
    sla: sla(proc),
    catalog: catalog ? {
      title: catalog.title, description: catalog.description, icon: catalog.icon,
      titleDe: catalog.titleDe || undefined, descriptionDe: catalog.descriptionDe || undefined,
      requesters: String(catalog.requesters ?? '').split(',').map((s: string) => s.trim()).filter(Boolean),
    } : undefined,
  };
  return { process, errors };
}

interface FamilyTools {
  err: (id: string, message: string) => void;
  checkFeel: (id: string, what: string, value: string | undefined) => void;
  sla: (el: any) => SlaDefinition | undefined;
  visit: (container: any, parent: string | null) => string[];
}

/** Element-family specific extension data and checks. */
function compileFamily(el: any, c: CompiledElement, t: FamilyTools): void {
  const { err, checkFeel } = t;
  const loop = el.loopCharacteristics;
  if (loop) {
    if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') err(el.id, `${loop.$type} (standard loop) is not supported; use multi-instance`);
    else {
      const z = ext(loop, 'zeebe:LoopCharacteristics');
      const cardinality = loop.loopCardinality?.body?.trim();
      const completion = z?.completionCondition ?? loop.completionCondition?.body?.trim();
      c.loop = {
        sequential: !!loop.isSequential, inputCollection: z?.inputCollection, inputElement: z?.inputElement,
        outputCollection: z?.outputCollection, outputElement: z?.outputElement,
        completionCondition: completion, loopCardinality: cardinality,
      };
      if (!c.loop.inputCollection && !cardinality) err(el.id, 'multi-instance without inputCollection or loopCardinality');
      checkFeel(el.id, 'inputCollection', c.loop.inputCollection);
      checkFeel(el.id, 'outputElement', c.loop.outputElement);
      if (completion) {
        const e = feelSyntaxError(stripEquals(completion));
        if (e) err(el.id, `completionCondition: ${e}`);
      }
      if (c.loop.outputCollection && !c.loop.outputElement) err(el.id, 'multi-instance outputCollection without outputElement');
    }
  }
  switch (c.type) {
    case 'userTask': {
      const form = ext(el, 'zeebe:FormDefinition');
      const assign = ext(el, 'zeebe:AssignmentDefinition');
      const schedule = ext(el, 'zeebe:TaskSchedule');
      const priority = ext(el, 'zeebe:PriorityDefinition');
      c.userTask = {
        formId: form?.formId, formKey: form?.formKey, assignee: assign?.assignee,
        candidateGroups: assign?.candidateGroups, candidateUsers: assign?.candidateUsers,
        dueDate: schedule?.dueDate, followUpDate: schedule?.followUpDate, priority: priority?.priority,
      };
      for (const [k, v] of Object.entries(c.userTask)) checkFeel(el.id, k, v);
      if (isApproval(el)) c.userTask.approval = true;
      c.sla = t.sla(el);
      break;
    }
    case 'serviceTask':
      if (!c.taskDefinition) err(el.id, 'service task without zeebe:taskDefinition type');
      break;
    case 'scriptTask': {
      const s = ext(el, 'zeebe:Script');
      if (s) {
        if (!s.expression || !s.resultVariable) err(el.id, 'zeebe:script needs expression and resultVariable');
        else {
          const e = feelSyntaxError(stripEquals(s.expression));
          if (e) err(el.id, `script: ${e}`);
          c.script = { expression: stripEquals(s.expression), resultVariable: s.resultVariable };
        }
      } else if (!c.taskDefinition) err(el.id, 'script task needs zeebe:script (FEEL) or zeebe:taskDefinition; JavaScript scripts are not run');
      break;
    }
    case 'businessRuleTask': {
      const d = ext(el, 'zeebe:CalledDecision');
      if (d) {
        if (!d.decisionId || !d.resultVariable) err(el.id, 'zeebe:calledDecision needs decisionId and resultVariable');
        c.calledDecision = { decisionId: d.decisionId ?? '', resultVariable: d.resultVariable ?? '' };
      } else if (!c.taskDefinition) err(el.id, 'business rule task needs zeebe:calledDecision or zeebe:taskDefinition');
      break;
    }
    case 'sendTask':
    case 'receiveTask': {
      if (c.type === 'receiveTask') {
        const name = el.messageRef?.name;
        if (!name) err(el.id, 'receive task without a message name');
        const sub = el.messageRef ? ext(el.messageRef, 'zeebe:Subscription') : undefined;
        c.event = { kind: 'message', messageName: name, correlationKey: sub?.correlationKey };
        checkFeel(el.id, 'correlation key', sub?.correlationKey);
        if (!sub?.correlationKey) err(el.id, 'receive task without a correlation key');
      } else if (!c.taskDefinition) {
        const name = el.messageRef?.name;
        if (!name) err(el.id, 'send task needs zeebe:taskDefinition or a message to publish');
        c.event = { kind: 'message', messageName: name, correlationKey: el.messageRef ? ext(el.messageRef, 'zeebe:Subscription')?.correlationKey : undefined };
      }
      break;
    }
    case 'callActivity': {
      const ce = ext(el, 'zeebe:CalledElement');
      if (!ce?.processId) err(el.id, 'call activity without zeebe:calledElement processId');
      checkFeel(el.id, 'calledElement processId', ce?.processId);
      c.calledElement = {
        processId: ce?.processId ?? '',
        propagateAllChildVariables: ce?.propagateAllChildVariables !== false,
        propagateAllParentVariables: ce?.propagateAllParentVariables !== false,
      };
      break;
    }
    case 'subProcess':
    case 'eventSubProcess': {
      if (el.$type !== 'bpmn:SubProcess') break;
      c.children = t.visit(el, el.id);
      break;
    }
    case 'boundaryEvent':
      c.attachedTo = el.attachedToRef?.id;
      c.interrupting = el.cancelActivity !== false;
      if (!c.attachedTo) err(el.id, 'boundary event not attached to an activity');
      break;
    case 'startEvent': {
      c.interrupting = el.isInterrupting !== false;
      const form = ext(el, 'zeebe:FormDefinition');
      if (form?.formId || form?.formKey) c.formId = form.formId ?? form.formKey;
      break;
    }
    default:
      break;
  }
  if ((c.type === 'intermediateThrowEvent' || c.type === 'endEvent') && c.event?.kind === 'message' && !c.taskDefinition && !c.event.messageName) {
    err(el.id, 'message throw event needs a message name or zeebe:taskDefinition');
  }
}

/** Cross-element structure: boundaries, sub-process starts, links, gateways. Checks what the core relies on. */
function linkStructure(elements: Record<string, CompiledElement>, flows: Record<string, CompiledFlow>, err: (id: string, m: string) => void): void {
  for (const c of Object.values(elements)) {
    if (c.type === 'boundaryEvent' && c.attachedTo) {
      const host = elements[c.attachedTo];
      if (!host || !isActivity(host.type)) err(c.id, 'boundary event must be attached to an activity');
      else (host.boundaries ??= []).push(c.id);
      const k = c.event?.kind;
      if (k && !['timer', 'message', 'signal', 'error', 'escalation'].includes(k)) err(c.id, `boundary event of kind ${k} is not supported`);
      if (k === 'message' && !c.event?.correlationKey) err(c.id, 'message boundary event without a correlation key');
    }
    if (c.type === 'intermediateCatchEvent' && c.event) {
      if (!['timer', 'message', 'signal', 'link'].includes(c.event.kind)) err(c.id, `intermediate catch event of kind ${c.event.kind} is not supported`);
      if (c.event.kind === 'message' && !c.event.correlationKey) err(c.id, 'message catch event without a correlation key');
    }
    if (c.type === 'intermediateThrowEvent' && c.event && !['none', 'signal', 'escalation', 'link', 'message'].includes(c.event.kind)) {
      err(c.id, `intermediate throw event of kind ${c.event.kind} is not supported`);
    }
    if (c.type === 'endEvent' && c.event && !['none', 'terminate', 'error', 'escalation', 'message', 'signal'].includes(c.event.kind)) {
      err(c.id, `end event of kind ${c.event.kind} is not supported`);
    }
    if (c.type === 'endEvent' && c.event?.kind === 'error' && !c.event.errorCode) err(c.id, 'error end event without an error code');
    if (c.type === 'startEvent' && c.event) {
      const inEventSub = c.parent && elements[c.parent]?.type === 'eventSubProcess';
      const allowed = inEventSub ? ['message', 'timer', 'signal', 'error', 'escalation'] : c.parent ? ['none'] : ['none', 'message', 'timer', 'signal'];
      if (!allowed.includes(c.event.kind)) err(c.id, `start event of kind ${c.event.kind} is not supported ${inEventSub ? 'in an event sub-process' : c.parent ? 'in a sub-process' : 'on a process'}`);
    }
    if (c.type === 'subProcess' || c.type === 'eventSubProcess') {
      const starts = (c.children ?? []).filter((id) => elements[id]?.type === 'startEvent');
      if (starts.length !== 1) err(c.id, `${c.type === 'subProcess' ? 'sub-process' : 'event sub-process'} needs exactly one start event`);
      c.startEvent = starts[0];
      c.eventSubProcesses = (c.children ?? []).filter((id) => elements[id]?.type === 'eventSubProcess');
      if (c.type === 'eventSubProcess' && c.incoming.length + c.outgoing.length > 0) err(c.id, 'event sub-process must not have sequence flows');
    }
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
    if (c.type === 'intermediateThrowEvent' && c.event?.kind === 'link') {
      const target = Object.values(elements).find((o) => o.parent === c.parent && o.type === 'intermediateCatchEvent' && o.event?.kind === 'link' && o.event.linkName === c.event?.linkName);
      if (!target) err(c.id, `no link catch event named '${c.event.linkName}' in the same scope`);
      else c.linkTarget = target.id;
    }
  }
  for (const f of Object.values(flows)) {
    if (!elements[f.source] || !elements[f.target]) err(f.id, 'sequence flow connects an unsupported or missing element');
  }
}

/**
 * For inclusive joins: which inclusive gateways each element can still reach through sequence flows
 * (an activity also reaches what its boundary events reach; a sub-process what its parent path reaches).
 */
function computeJoinReach(elements: Record<string, CompiledElement>, flows: Record<string, CompiledFlow>): Record<string, string[]> {
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
