/**
 * Lotse's own bpmnlint rules: the executable checks of the server's deploy (server/engine/compile/)
 * as bpmnlint rules. common/bpmn-lint.ts puts them into the one configuration both the modeller's
 * live check and the deploy run, so the canvas predicts the verdict of Publish.
 */
import { feelSyntaxError, isExpression, stripEquals } from './feel';
import { BUILT_IN_TYPES } from './connector-types';
import { parseCycle, parseDateTime, parseDuration } from './time';

type Node = any;
interface Reporter {
  report(id: string, message: string, path?: (string | number)[]): void;
}
type Rule = () => { check(node: Node, reporter: Reporter): void };

/** Flow-node types the engine executes (mirrors TYPES and PASSIVE in server/engine/compile/elements.ts). */
export const SUPPORTED_FLOW_ELEMENTS = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent',
  'bpmn:Task', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:BusinessRuleTask', 'bpmn:SendTask',
  'bpmn:ReceiveTask', 'bpmn:ManualTask', 'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway', 'bpmn:SubProcess', 'bpmn:CallActivity', 'bpmn:AdHocSubProcess', 'bpmn:SequenceFlow',
  'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
]);

/** The first extension element of a type (zeebe:TaskDefinition, …) on a business object. */
export function extensionOf(node: Node, type: string): Node | undefined {
  return (node?.extensionElements?.values ?? []).find((v: Node) => v.$instanceOf?.(type) ?? v.$type === type);
}

const unsupportedElement: Rule = () => ({
  check(node, reporter) {
    if (!node.$instanceOf('bpmn:FlowElement') || !node.$parent?.$instanceOf?.('bpmn:FlowElementsContainer')) return;
    if (node.$instanceOf('bpmn:FlowElement') && !SUPPORTED_FLOW_ELEMENTS.has(node.$type)) {
      reporter.report(node.id, `Element type ${node.$type.replace('bpmn:', '')} is not supported by the Lotse engine`);
    }
  },
});

const userTaskAssignment: Rule = () => ({
  check(node, reporter) {
    if (!node.$instanceOf('bpmn:UserTask')) return;
    const a = extensionOf(node, 'zeebe:AssignmentDefinition');
    if (!a?.assignee && !a?.candidateGroups && !a?.candidateUsers) {
      reporter.report(node.id, 'User task has no assignee and no candidate group');
    }
  },
});

const gatewayFlowCondition: Rule = () => ({
  check(node, reporter) {
    if (!node.$instanceOf('bpmn:ExclusiveGateway') && !node.$instanceOf('bpmn:InclusiveGateway')) return;
    const outgoing: Node[] = node.outgoing ?? [];
    if (outgoing.length < 2) return;
    // bpmnlint's conditional-flows already names a flow without any condition once the gateway has a
    // default or a condition elsewhere: one problem, one report (an empty condition is only ours).
    const forking = !!node.default || outgoing.some((f) => f.conditionExpression);
    for (const flow of outgoing) {
      if (forking && !flow.conditionExpression) continue;
      if (flow !== node.default && !flow.conditionExpression?.body?.trim()) {
        reporter.report(flow.id, 'Flow out of a gateway needs a condition or must be the default flow');
      }
    }
  },
});

function checkFeel(reporter: Reporter, id: string, what: string, value: unknown): void {
  if (typeof value !== 'string' || !value.trim()) return;
  const error = feelSyntaxError(stripEquals(value));
  if (error) reporter.report(id, `${what}: ${error}`);
}

const feelSyntax: Rule = () => ({
  check(node, reporter) {
    if (node.$instanceOf('bpmn:SequenceFlow')) checkFeel(reporter, node.id, 'Condition', node.conditionExpression?.body);
    if (!node.$instanceOf('bpmn:FlowNode')) return;
    const a = extensionOf(node, 'zeebe:AssignmentDefinition');
    for (const key of ['assignee', 'candidateGroups', 'candidateUsers'] as const) {
      if (isExpression(a?.[key])) checkFeel(reporter, node.id, key, a[key]);
    }
    const s = extensionOf(node, 'zeebe:TaskSchedule');
    if (isExpression(s?.dueDate)) checkFeel(reporter, node.id, 'dueDate', s.dueDate);
    for (const def of node.eventDefinitions ?? []) {
      if (!def.$instanceOf('bpmn:TimerEventDefinition')) continue;
      const [kind, expr] = def.timeDate ? ['date', def.timeDate] : def.timeDuration ? ['duration', def.timeDuration] : def.timeCycle ? ['cycle', def.timeCycle] : [null, null];
      const text = String(expr?.body ?? '').trim();
      if (!kind) reporter.report(node.id, 'Timer needs a date, a duration or a cycle');
      else if (isExpression(text)) checkFeel(reporter, node.id, 'Timer', text);
      else if (kind === 'date' && !parseDateTime(text)) reporter.report(node.id, `Timer date '${text}' is not an ISO-8601 date-time`);
      else if (kind === 'duration' && !parseDuration(text)) reporter.report(node.id, `Timer duration '${text}' is not an ISO-8601 duration`);
      else if (kind === 'cycle' && !parseCycle(text)) reporter.report(node.id, `Timer cycle '${text}' is not an ISO-8601 repeating interval`);
    }
  },
});

const connectorType: Rule = () => ({
  check(node, reporter) {
    if (!node.$instanceOf('bpmn:ServiceTask')) return;
    const type = extensionOf(node, 'zeebe:TaskDefinition')?.type;
    if (!type) reporter.report(node.id, 'Service task has no connector type');
    else if (!isExpression(type) && !BUILT_IN_TYPES.has(type)) {
      reporter.report(node.id, `Connector type '${type}' is not built in; an external worker must serve it`);
    }
  },
});

const formReference: Rule = () => ({
  check(node, reporter) {
    const isStart = node.$instanceOf('bpmn:StartEvent') && node.$parent?.$instanceOf?.('bpmn:Process');
    if (!node.$instanceOf('bpmn:UserTask') && !isStart) return;
    const form = extensionOf(node, 'zeebe:FormDefinition');
    if (form && !form.formId && !form.formKey && !form.externalReference) reporter.report(node.id, 'Form reference is empty');
    else if (!form && node.$instanceOf('bpmn:UserTask')) reporter.report(node.id, 'User task has no form');
  },
});

/** Rule name → [factory, level]; errors refuse a deploy on the server too. */
export const lotseRules: Record<string, [Rule, 'error' | 'warn']> = {
  'unsupported-element': [unsupportedElement, 'error'],
  'gateway-flow-condition': [gatewayFlowCondition, 'error'],
  'feel-syntax': [feelSyntax, 'error'],
  'user-task-assignment': [userTaskAssignment, 'warn'],
  'connector-type': [connectorType, 'warn'],
  'form-reference': [formReference, 'warn'],
};

/** Static-resolver entries (`rule:bpmnlint-plugin-lotse/<name>`) for bpmnlint. */
export const lotseLintCache: Record<string, unknown> = Object.fromEntries(
  Object.entries(lotseRules).map(([name, [rule]]) => [`rule:bpmnlint-plugin-lotse/${name}`, rule]),
);

/** Rule levels in bpmnlint config form (`lotse/<name>`). */
export const lotseLintRuleLevels: Record<string, 'error' | 'warn'> = Object.fromEntries(
  Object.entries(lotseRules).map(([name, [, level]]) => [`lotse/${name}`, level]),
);
