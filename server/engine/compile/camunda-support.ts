/**
 * What Camunda 8 says about an element Lotse refuses, for the deploy error: a team moving from Camunda
 * must see whether the model ran there (and since which version) or would be refused there as well.
 * Source: docs.camunda.io "BPMN coverage" (8.8 and 8.9 pages); docs/engine-coverage.md has the table.
 */
const ELEMENTS: Record<string, string> = {
  'bpmn:Transaction': 'Camunda 8 (up to 8.8) does not execute transaction sub-processes either',
  'bpmn:ComplexGateway': 'Camunda 8 (up to 8.8) does not execute complex gateways either',
  'bpmn:ChoreographyTask': 'Camunda 8 does not execute choreographies either',
  'bpmn:SubChoreography': 'Camunda 8 does not execute choreographies either',
};

const EVENTS: Record<string, string> = {
  'bpmn:ConditionalEventDefinition': 'conditional events came with Camunda 8.9; Camunda 8.8 refuses them too',
  'bpmn:CancelEventDefinition': 'Camunda 8 (up to 8.8) does not execute cancel events either (no transactions)',
};

/** ", <what Camunda says>" for an element type, or "" when there is nothing to say. */
export function camundaNoteForElement(type: string): string {
  return ELEMENTS[type] ? ` (${ELEMENTS[type]})` : '';
}

/** The same for an event definition type. */
export function camundaNoteForEvent(definitionType: string): string {
  return EVENTS[definitionType] ? ` (${EVENTS[definitionType]})` : '';
}

/** Multiple and parallel multiple events. */
export const MULTIPLE_EVENTS_NOTE = ' (Camunda 8 (up to 8.8) does not execute them either)';
