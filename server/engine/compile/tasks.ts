/** Tasks: user tasks (forms, assignment, schedule, approval), service, script, business-rule, send and receive tasks. */
import { feelSyntaxError, stripEquals } from '../../../common/feel';
import type { CompiledElement } from '../core/model';
import { ext, type FamilyTools } from './tools';

/** The approval block's marker (a zeebe:Property, see app/modeler/approval/approvalBlock.ts), or esm:approval="true". */
export const APPROVAL_PROPERTY = 'lotse:approval';
function isApproval(el: any): boolean {
  if (el.approval === true) return true;
  return (ext(el, 'zeebe:Properties')?.properties ?? []).some((p: any) => p.name === APPROVAL_PROPERTY);
}

/** Task-specific extension data and checks of one element. */
export function compileTask(el: any, c: CompiledElement, t: FamilyTools): void {
  const { err, checkFeel } = t;
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
      if (form?.bindingType && form.bindingType !== 'latest') c.formLink = { bindingType: form.bindingType, versionTag: form.versionTag };
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
    default:
      break;
  }
}
