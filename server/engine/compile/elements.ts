/**
 * Turns one moddle bpmn:Process into a CompiledProcess and collects the reasons it cannot run: the
 * walker over flow elements and what every element has (mappings, job definition, headers); each
 * element family's own data and checks live beside it, mirroring core/behaviours/.
 */
import { feelSyntaxError, stripEquals, valueSyntaxError } from '../../../common/feel';
import { parseDuration } from '../../../common/time';
import type { CompiledElement, CompiledFlow, CompiledProcess, ElementType, Mapping, ModelError, SlaDefinition } from '../core/model';
import { compileEvent, eventDefinition, eventStructure } from './events';
import { compileLoop } from './multi-instance';
import { computeJoinReach, gatewayStructure } from './gateways';
import { compileScope, scopeStructure } from './scopes';
import { compileTask } from './tasks';
import { compileListeners, processListeners } from './listeners';
import { compileCompensation } from './compensation';
import { adHocStructure, compileAdHoc } from './adhoc';
import { ext, type FamilyTools, type Report } from './tools';
import { camundaNoteForElement } from './camunda-support';

const TYPES: Record<string, ElementType> = {
  'bpmn:StartEvent': 'startEvent', 'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent', 'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent', 'bpmn:Task': 'task', 'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask', 'bpmn:ScriptTask': 'scriptTask', 'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:SendTask': 'sendTask', 'bpmn:ReceiveTask': 'receiveTask', 'bpmn:ManualTask': 'manualTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway', 'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway', 'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess', 'bpmn:CallActivity': 'callActivity', 'bpmn:AdHocSubProcess': 'adHocSubProcess',
};

/** Flow elements that carry no execution semantics. */
const PASSIVE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

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

  const visit = (container: any, parent: string | null): string[] => {
    const ids: string[] = [];
    for (const el of container.flowElements ?? []) {
      if (el.$type === 'bpmn:SequenceFlow') {
        const condition = el.conditionExpression?.body?.trim();
        if (condition) {
          const e = feelSyntaxError(stripEquals(condition));
          if (e) err(el.id, `condition: ${e}`);
        }
        flows[el.id] = { id: el.id, source: el.sourceRef?.id, target: el.targetRef?.id, name: el.name, ...(el.nameDe ? { nameDe: el.nameDe } : {}), condition: condition ? stripEquals(condition) : undefined };
        continue;
      }
      if (PASSIVE.has(el.$type)) continue;
      let type = TYPES[el.$type];
      if (!type) {
        err(el.id, `unsupported element ${el.$type}${el.name ? ` '${el.name}'` : ''}${camundaNoteForElement(el.$type)}`);
        continue;
      }
      if (type === 'subProcess' && el.triggeredByEvent) type = 'eventSubProcess';
      const c: CompiledElement = {
        id: el.id, type, name: el.name, parent,
        incoming: [], outgoing: [],
      };
      if (el.nameDe) c.nameDe = el.nameDe;
      if (el.isForCompensation) c.forCompensation = true;
      if (el.$type.endsWith('Event')) {
        const ev = eventDefinition(el, { err, checkFeel });
        if (ev) c.event = ev;
      } else if (el.eventDefinitions?.length) {
        c.event = eventDefinition(el, { err, checkFeel });
      }
      if (el.default) c.defaultFlow = el.default.id;
      if (el.reopens) c.reopens = true;
      Object.assign(c, mappings(el));
      const td = ext(el, 'zeebe:TaskDefinition');
      if (td) {
        if (!td.type) err(el.id, 'zeebe:taskDefinition without type');
        checkFeel(el.id, 'job type', td.type);
        checkFeel(el.id, 'job retries', td.retries);
        if (td.retries && !td.retries.startsWith('=') && !/^\s*\d+\s*$/.test(td.retries)) err(el.id, `job retries '${td.retries}' must be a whole number (0 or more) or a FEEL expression`);
        c.taskDefinition = { type: td.type ?? '', retries: td.retries ?? '3' };
      }
      const headers = ext(el, 'zeebe:TaskHeaders');
      if (headers) c.headers = Object.fromEntries((headers.values ?? []).map((h: any) => [h.key, h.value ?? '']));
      const tools: FamilyTools = { err, checkFeel, sla, visit };
      compileLoop(el, c, tools);
      compileTask(el, c, tools);
      compileScope(el, c, tools);
      compileEvent(el, c, tools);
      compileListeners(el, c, tools);
      compileAdHoc(el, c, tools);
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
  compileCompensation(proc, elements, err);
  adHocStructure(elements, err);
  const startEvents = top.filter((id) => elements[id].type === 'startEvent');
  if (startEvents.length === 0) err(proc.id, 'process has no start event');
  const noneStarts = startEvents.filter((id) => elements[id].event?.kind === 'none');
  if (noneStarts.length > 1) err(proc.id, `several none start events (${noneStarts.join(', ')})`);

  const catalog = ext(proc, 'esm:Catalog');
  const embedded = (proc.extensionElements?.values ?? []).filter((v: any) => v.$type === 'zeebe:UserTaskForm' && v.id);
  const process: CompiledProcess = {
    id: proc.id, name: proc.name, ...(proc.nameDe ? { nameDe: proc.nameDe } : {}), elements, flows, startEvents,
    eventSubProcesses: top.filter((id) => elements[id].type === 'eventSubProcess'),
    reachesJoin: computeJoinReach(elements, flows),
    department: proc.department,
    sla: sla(proc),
    catalog: catalog ? {
      title: catalog.title, description: catalog.description, icon: catalog.icon,
      titleDe: catalog.titleDe || undefined, descriptionDe: catalog.descriptionDe || undefined,
      requesters: String(catalog.requesters ?? '').split(',').map((s: string) => s.trim()).filter(Boolean),
    } : undefined,
    ...(embedded.length ? { embeddedForms: Object.fromEntries(embedded.map((f: any) => [f.id, String(f.body ?? '')])) } : {}),
  };
  const listeners = processListeners(proc, { err, checkFeel });
  if (listeners) process.executionListeners = listeners;
  return { process, errors };
}

/** Cross-element structure (boundaries, sub-process starts, links, gateways): what the core relies on. */
function linkStructure(elements: Record<string, CompiledElement>, flows: Record<string, CompiledFlow>, err: Report): void {
  for (const c of Object.values(elements)) {
    eventStructure(c, elements, flows, err);
    scopeStructure(c, elements, flows, err);
    gatewayStructure(c, elements, flows, err);
  }
  for (const f of Object.values(flows)) {
    if (!elements[f.source] || !elements[f.target]) err(f.id, 'sequence flow connects an unsupported or missing element');
  }
}
