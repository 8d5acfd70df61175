/** What the per-family compilers share: extension lookup, error collection, the element walker. */
import type { ElementType, SlaDefinition } from '../core/model';

const ACTIVITY_TYPES = new Set<ElementType>(['task', 'userTask', 'serviceTask', 'scriptTask', 'businessRuleTask',
  'sendTask', 'receiveTask', 'manualTask', 'subProcess', 'callActivity', 'adHocSubProcess']);

export function isActivity(type: ElementType): boolean {
  return ACTIVITY_TYPES.has(type);
}

export function ext(el: any, type: string): any {
  return (el.extensionElements?.values ?? []).find((v: any) => v.$type === type);
}

export type Report = (elementId: string, message: string) => void;

export interface FamilyTools {
  err: Report;
  checkFeel: (id: string, what: string, value: string | undefined) => void;
  sla: (el: any) => SlaDefinition | undefined;
  visit: (container: any, parent: string | null) => string[];
}

