/**
 * Puts the approval block into the diagram: the user task gets the block's settings and a decision
 * gateway "Approved?" follows it (approved → where the task led before, rejected → a new end event,
 * the default flow). All of it runs as one `lotse.compound` command, so a single undo removes it.
 * Applying again to the same task updates the settings and the existing gateway's condition.
 */
import { approvalLoop, approvalSpec, mergeApprovalExtensions, readApprovalOptions, type ApprovalOptions } from './approvalBlock';

type Element = any;

/** Texts that go into the diagram, in the modeller's language. */
export interface ApprovalLabels {
  gateway: string;
  yes: string;
  no: string;
  approved: string;
  rejected: string;
}

/** Horizontal room made behind the task for the gateway. */
export const GAP = 110;

/**
 * Id of an end event the block creates behind `taskId` ("approved" only when the task led nowhere
 * before). Removing the block deletes end events with these ids, and leaves every other one alone.
 */
export const approvalEndId = (taskId: string, kind: 'approved' | 'rejected') => `${taskId}_approval_${kind}`;

const isFlow = (c: Element) => c.type === 'bpmn:SequenceFlow';
const APPROVED_CONDITION = /= "approved"/;

/** Why the block cannot go onto this element, or null when it can. */
export function approvalBlockedReason(element: Element): 'notUserTask' | 'severalOutgoing' | null {
  if (element?.type !== 'bpmn:UserTask') return 'notUserTask';
  if ((element.outgoing ?? []).filter(isFlow).length > 1 && !decisionAfter(element)) return 'severalOutgoing';
  return null;
}

/** The decision gateway an earlier application put behind the task, with its "approved" flow. */
export function decisionAfter(task: Element): { gateway: Element; approvedFlow: Element } | null {
  const out = (task.outgoing ?? []).filter(isFlow);
  const gateway = out.length === 1 ? out[0].target : null;
  if (gateway?.type !== 'bpmn:ExclusiveGateway') return null;
  const approvedFlow = gateway.outgoing.find((f: Element) => APPROVED_CONDITION.test(f.businessObject.conditionExpression?.body ?? ''));
  return approvedFlow ? { gateway, approvedFlow } : null;
}

export function applyApproval(modeler: { get<T>(name: string): T }, task: Element, options: ApprovalOptions, labels: ApprovalLabels): void {
  const modeling = modeler.get<any>('modeling');
  const bpmnFactory = modeler.get<any>('bpmnFactory');
  const commandStack = modeler.get<any>('commandStack');
  const spaceTool = modeler.get<any>('spaceTool');
  const elementRegistry = modeler.get<any>('elementRegistry');
  const create = (type: string, attrs?: Record<string, unknown>) => bpmnFactory.create(type, attrs);
  const spec = approvalSpec(options);

  /** An end event shape with the block's id for it (a generated id when that one is taken). */
  function endEvent(kind: 'approved' | 'rejected'): Record<string, unknown> {
    const id = approvalEndId(task.id, kind);
    return elementRegistry.get(id) ? { type: 'bpmn:EndEvent' } : { type: 'bpmn:EndEvent', businessObject: create('bpmn:EndEvent', { id }) };
  }

  function setTaskSettings(): void {
    const bo = task.businessObject;
    const ext = bo.extensionElements ?? create('bpmn:ExtensionElements', { values: [] });
    const values = mergeApprovalExtensions(create, spec, ext.get('values'), readApprovalOptions(bo));
    for (const v of values) v.$parent = ext;
    if (bo.extensionElements) modeling.updateModdleProperties(task, ext, { values });
    else {
      ext.values = values;
      ext.$parent = bo;
      modeling.updateModdleProperties(task, bo, { extensionElements: ext });
    }
    const loop = approvalLoop(create, spec);
    if (loop) loop.$parent = bo;
    modeling.updateProperties(task, { loopCharacteristics: loop });
  }

  /** Moves everything right of the task further right, as the space tool does. */
  function makeSpace(start: number): void {
    const all = elementRegistry.filter((e: Element) => !!e.parent);
    const { movingShapes, resizingShapes } = spaceTool.calculateAdjustments(all, 'x', GAP, start);
    if (movingShapes.length || resizingShapes.length) modeling.createSpace(movingShapes, resizingShapes, { x: GAP, y: 0 }, 'e', start);
  }

  function insertDecision(): { gateway: Element; approvedFlow: Element } {
    const out = (task.outgoing ?? []).filter(isFlow);
    const right = task.x + task.width;
    const middle = task.y + task.height / 2;
    makeSpace(right + 1);
    let gateway: Element;
    if (out.length === 1) {
      // Dropped onto the flow: bpmn-js splits it (task → gateway → former target).
      gateway = modeling.createShape({ type: 'bpmn:ExclusiveGateway' }, { x: right + 65, y: middle }, out[0]);
    } else {
      gateway = modeling.appendShape(task, { type: 'bpmn:ExclusiveGateway' }, { x: right + 65, y: middle });
      const end = modeling.appendShape(gateway, endEvent('approved'), { x: right + 165, y: middle });
      modeling.updateLabel(end, labels.approved);
    }
    const approvedFlow = gateway.outgoing[0];
    const rejectedEnd = modeling.appendShape(gateway, endEvent('rejected'), { x: gateway.x + gateway.width / 2, y: middle + 110 });
    modeling.updateLabel(rejectedEnd, labels.rejected);
    const rejectedFlow = gateway.outgoing.find((c: Element) => c.target === rejectedEnd);
    modeling.updateProperties(gateway, { name: labels.gateway, default: rejectedFlow.businessObject });
    modeling.updateProperties(rejectedFlow, { name: labels.no });
    modeling.updateProperties(approvedFlow, { name: labels.yes });
    return { gateway, approvedFlow };
  }

  commandStack.execute('lotse.compound', {
    element: task,
    steps: () => {
      setTaskSettings();
      const { approvedFlow } = decisionAfter(task) ?? insertDecision();
      modeling.updateProperties(approvedFlow, { conditionExpression: create('bpmn:FormalExpression', { body: spec.approvedCondition }) });
    },
  });
}
