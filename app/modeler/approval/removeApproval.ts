/**
 * Turns an approval step back into a plain user task, undoing what `applyApproval` put into the
 * diagram, as one `lotse.compound` command (a single undo brings the approval back):
 *
 * - on the task: the block's form, assignment, result outputs, the stored options
 *   (`lotse:approval`) and its multi-instance loop. What the owner set beside them stays
 *   (schedules, SLAs, input mappings, other outputs and properties), and so does the
 *   `zeebe:userTask` marker every user task in Lotse carries. A form or an assignment changed
 *   by hand after the block was applied is not the block's any more and stays too;
 * - behind the task: the "Approved?" gateway and the end events the block created (recognised by
 *   their ids, see `approvalEndId`). The task leads again to where the "approved" flow led; the
 *   room the block made behind the task is taken back when nothing has been put into it since.
 */
import { APPROVAL_PROPERTY, APPROVER, approvalSpec, readApprovalOptions } from './approvalBlock';
import { GAP, approvalEndId, decisionAfter } from './applyApproval';

type Element = any;

/** Whether the task carries the block (the options it stores). */
export function isApprovalStep(element: Element): boolean {
  return element?.type === 'bpmn:UserTask' && !!readApprovalOptions(element.businessObject);
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>, keys: string[]) => keys.every((k) => (a[k] ?? undefined) === (b[k] ?? undefined));

export function removeApproval(modeler: { get<T>(name: string): T }, task: Element): void {
  const options = readApprovalOptions(task.businessObject);
  if (task?.type !== 'bpmn:UserTask' || !options) return;
  const modeling = modeler.get<any>('modeling');
  const commandStack = modeler.get<any>('commandStack');
  const spaceTool = modeler.get<any>('spaceTool');
  const elementRegistry = modeler.get<any>('elementRegistry');
  const spec = approvalSpec(options);
  const bo = task.businessObject;

  function removeTaskSettings(): void {
    const ext = bo.extensionElements;
    if (ext) {
      const targets = new Set(spec.outputs.map((m) => m.target));
      const values: any[] = [];
      for (const v of ext.get('values') as any[]) {
        if (v.$type === 'zeebe:FormDefinition' && v.formId === spec.formId) continue;
        if (v.$type === 'zeebe:AssignmentDefinition' && same(v, spec.assignment, ['assignee', 'candidateGroups', 'candidateUsers'])) continue;
        if (v.$type === 'zeebe:IoMapping') {
          const outputs = (v.outputParameters ?? []).filter((m: any) => !targets.has(m.target));
          if (outputs.length !== (v.outputParameters ?? []).length) {
            if (outputs.length === 0 && !(v.inputParameters ?? []).length) continue;
            modeling.updateModdleProperties(task, v, { outputParameters: outputs });
          }
        }
        if (v.$type === 'zeebe:Properties') {
          const properties = (v.properties ?? []).filter((p: any) => p.name !== APPROVAL_PROPERTY);
          if (properties.length === 0) continue;
          if (properties.length !== v.properties.length) modeling.updateModdleProperties(task, v, { properties });
        }
        values.push(v);
      }
      modeling.updateModdleProperties(task, ext, { values });
    }
    const loop = bo.loopCharacteristics;
    const ownLoop = loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics'
      && (loop.extensionElements?.values ?? []).some((v: any) => v.$type === 'zeebe:LoopCharacteristics' && v.inputElement === APPROVER);
    if (spec.loop && ownLoop) modeling.updateProperties(task, { loopCharacteristics: undefined });
  }

  /** An end event the block created behind the gateway, still reached from nowhere else. */
  function ownEnd(element: Element, gateway: Element, kind: 'approved' | 'rejected'): boolean {
    return element?.type === 'bpmn:EndEvent'
      && element.id === approvalEndId(task.id, kind)
      && (element.incoming ?? []).every((c: Element) => c.source === gateway);
  }

  /** Moves what lies right of the task back by the room the block made, when that room is empty again. */
  function takeBackSpace(start: number): void {
    const all = elementRegistry.filter((e: Element) => !!e.parent);
    const { movingShapes, resizingShapes } = spaceTool.calculateAdjustments(all, 'x', GAP, start);
    const shapes = movingShapes.filter((s: Element) => s.type !== 'label');
    if (!shapes.length || shapes.some((s: Element) => s.x < start + GAP)) return;
    modeling.createSpace(movingShapes, resizingShapes, { x: -GAP, y: 0 }, 'e', start);
  }

  function removeDecision(): void {
    const decision = decisionAfter(task);
    if (!decision) return;
    const { gateway, approvedFlow } = decision;
    const inFlow = task.outgoing.find((c: Element) => c.target === gateway);
    const next = approvedFlow.target;
    const doomed = [gateway];
    const rejected = gateway.outgoing.find((c: Element) => c.businessObject === gateway.businessObject.default)?.target;
    if (ownEnd(rejected, gateway, 'rejected')) doomed.push(rejected);
    if (ownEnd(next, gateway, 'approved')) doomed.push(next);
    else {
      // The flow into the gateway is the task's original outgoing flow (bpmn-js split it): it leads on again.
      modeling.reconnectEnd(inFlow, next, { x: next.x + next.width / 2, y: next.y + next.height / 2 });
    }
    modeling.removeElements(doomed);
    takeBackSpace(task.x + task.width + 1);
  }

  commandStack.execute('lotse.compound', {
    element: task,
    steps: () => {
      removeTaskSettings();
      removeDecision();
    },
  });
}
