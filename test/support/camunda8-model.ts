/**
 * What the Camunda 8 compatibility driver (camunda8-driver.ts) needs to know about a model, read
 * the way a Camunda user's tooling would read it (bpmn-moddle with the zeebe extension schema):
 * its processes and start events, the messages and signals it waits for, the processes, decisions
 * and forms it references, and whether it needs a system outside this machine (connectors).
 */
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

export interface ModelFacts {
  /** Executable processes: id, and how an instance starts (none / message name / timer / signal). */
  processes: { id: string; starts: Start[] }[];
  /** Every process id defined in the file (executable or not). */
  definedProcesses: string[];
  /** Element id → the message it waits for (catch events, receive tasks, boundary events). */
  messages: Map<string, { name: string; correlationKey: string | null }>;
  /** Element id → the signal it waits for. */
  signals: Map<string, string>;
  /** Element id (event-based gateway) → the catch events after it. */
  eventGateways: Map<string, string[]>;
  calledProcesses: string[];
  calledDecisions: string[];
  formIds: string[];
  /** Elements (user tasks, start events) with a Camunda form: linked (formId) or embedded (formKey camunda-forms:bpmn:…). */
  formElements: Set<string>;
  /** Why a run needs a system outside this machine (a connector to the internet, an inbound connector), or null. */
  needsInternet: string | null;
}

export type Start = { kind: 'none' | 'timer'; elementId: string } | { kind: 'message'; elementId: string; name: string } | { kind: 'signal'; elementId: string; name: string };

/** Outbound connector job types that need nothing outside this machine. */
const LOCAL_CONNECTORS = new Set(['io.camunda:sendMessage:1']);

const ext = (el: any, type: string): any[] => (el.extensionElements?.values ?? []).filter((v: any) => v.$type === type);

export async function modelFacts(xml: string): Promise<ModelFacts> {
  const moddle = new BpmnModdle({ zeebe });
  const { rootElement: defs } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const roots: any[] = defs.rootElements ?? [];
  const facts: ModelFacts = {
    processes: [],
    definedProcesses: [],
    messages: new Map(),
    signals: new Map(),
    eventGateways: new Map(),
    calledProcesses: [],
    calledDecisions: [],
    formIds: [],
    formElements: new Set(),
    needsInternet: null,
  };
  const internet = (why: string) => (facts.needsInternet ??= why);

  const walk = (el: any) => {
    for (const child of el.flowElements ?? []) visit(child);
  };
  const visit = (el: any) => {
    const defsOf: any[] = el.eventDefinitions ?? [];
    for (const d of defsOf) {
      if (d.$type === 'bpmn:MessageEventDefinition' && d.messageRef && !el.$type.includes('Throw') && el.$type !== 'bpmn:EndEvent') {
        facts.messages.set(el.id, messageOf(d.messageRef));
      }
      if (d.$type === 'bpmn:SignalEventDefinition' && d.signalRef && !el.$type.includes('Throw') && el.$type !== 'bpmn:EndEvent') {
        facts.signals.set(el.id, d.signalRef.name ?? d.signalRef.id);
      }
    }
    if (el.$type === 'bpmn:ReceiveTask' && el.messageRef) facts.messages.set(el.id, messageOf(el.messageRef));
    if (el.$type === 'bpmn:EventBasedGateway') facts.eventGateways.set(el.id, (el.outgoing ?? []).map((f: any) => f.targetRef?.id).filter(Boolean));
    for (const c of ext(el, 'zeebe:CalledElement')) if (c.processId && !c.processId.startsWith('=')) facts.calledProcesses.push(c.processId);
    for (const c of ext(el, 'zeebe:CalledDecision')) if (c.decisionId && !c.decisionId.startsWith('=')) facts.calledDecisions.push(c.decisionId);
    for (const f of ext(el, 'zeebe:FormDefinition')) {
      if (f.formId) facts.formIds.push(f.formId);
      if (f.formId || f.formKey?.startsWith('camunda-forms:')) facts.formElements.add(el.id);
    }
    for (const t of ext(el, 'zeebe:TaskDefinition')) {
      const type: string = t.type ?? '';
      if (type.startsWith('io.camunda:') && !LOCAL_CONNECTORS.has(type) && !localHttp(el)) internet(`${el.id}: connector ${type}`);
    }
    for (const p of ext(el, 'zeebe:Properties')) {
      const inbound = (p.properties ?? []).find((x: any) => x.name === 'inbound.type');
      if (inbound) internet(`${el.id}: inbound connector ${inbound.value}`);
    }
    walk(el);
  };
  const messageOf = (m: any) => {
    const sub = ext(m, 'zeebe:Subscription')[0];
    return { name: m.name ?? m.id, correlationKey: sub?.correlationKey ?? null };
  };

  for (const root of roots.filter((r) => r.$type === 'bpmn:Process')) {
    facts.definedProcesses.push(root.id);
    walk(root);
    if (!root.isExecutable) continue;
    const starts: Start[] = [];
    for (const el of root.flowElements ?? []) {
      if (el.$type !== 'bpmn:StartEvent') continue;
      const d = el.eventDefinitions?.[0];
      if (!d) starts.push({ kind: 'none', elementId: el.id });
      else if (d.$type === 'bpmn:MessageEventDefinition') starts.push({ kind: 'message', elementId: el.id, name: d.messageRef?.name ?? '' });
      else if (d.$type === 'bpmn:TimerEventDefinition') starts.push({ kind: 'timer', elementId: el.id });
      else if (d.$type === 'bpmn:SignalEventDefinition') starts.push({ kind: 'signal', elementId: el.id, name: d.signalRef?.name ?? '' });
    }
    facts.processes.push({ id: root.id, starts });
  }
  return facts;
}

/** A REST connector task whose URL is on this machine (localhost). */
function localHttp(el: any): boolean {
  const inputs = ext(el, 'zeebe:IoMapping').flatMap((m: any) => m.inputParameters ?? []);
  const url = inputs.find((i: any) => i.target === 'url')?.source ?? '';
  return /^=?\s*"?https?:\/\/(localhost|127\.0\.0\.1)/.test(url);
}
