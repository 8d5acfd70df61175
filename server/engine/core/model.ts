/**
 * The executable model: plain JSON produced by compile.ts, stored with the deployed definition.
 * Expressions are kept as written (`=…` is FEEL, anything else a literal) so the model stays
 * readable; feel.ts caches the parse.
 */

export type EventKind =
  | 'none' | 'message' | 'timer' | 'signal' | 'error' | 'escalation' | 'terminate' | 'link' | 'compensation';

export interface TimerDefinition {
  kind: 'date' | 'duration' | 'cycle';
  expression: string;
  /** esm:businessTime="true" on a duration: counted in working days and hours of the request's calendar. */
  businessTime?: boolean;
}

export interface EventDefinition {
  kind: EventKind;
  messageName?: string;
  correlationKey?: string;
  signalName?: string;
  errorCode?: string;
  escalationCode?: string;
  linkName?: string;
  timer?: TimerDefinition;
  /** Compensation throw events: compensate only this activity (same scope) instead of every completed one. */
  activityRef?: string;
}

export interface Mapping {
  source: string;
  target: string;
}

export interface TaskDefinition {
  type: string;
  retries: string;
}

/** An execution listener (start/end) or user task listener (creating/completing): a job the element waits for. */
export interface ListenerDefinition {
  eventType: string;
  /** Job type and retries, literal or FEEL (`=…`), evaluated when the listener's job is created. */
  type: string;
  retries: string;
  headers?: Record<string, string>;
}

export interface UserTaskDefinition {
  formId?: string;
  formKey?: string;
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  followUpDate?: string;
  priority?: string;
  /** An approval (esm:approval="true", or the approval block's `lotse:approval` property): four-eyes applies. */
  approval?: boolean;
}

export interface LoopDefinition {
  sequential: boolean;
  inputCollection?: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
  loopCardinality?: string;
}

export interface SlaDefinition {
  responseTime?: string;
  resolutionTime?: string;
  calendar?: string;
  pauseCondition?: string;
}

export interface CatalogDefinition {
  /** The default (English) text. */
  title?: string;
  description?: string;
  /** German text, shown to German readers; absent → the default. */
  titleDe?: string;
  descriptionDe?: string;
  icon?: string;
  requesters: string[];
}

export type ElementType =
  | 'startEvent' | 'endEvent' | 'intermediateCatchEvent' | 'intermediateThrowEvent' | 'boundaryEvent'
  | 'task' | 'userTask' | 'serviceTask' | 'scriptTask' | 'businessRuleTask' | 'sendTask' | 'receiveTask'
  | 'manualTask' | 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway'
  | 'subProcess' | 'eventSubProcess' | 'callActivity' | 'adHocSubProcess';

export interface CompiledElement {
  id: string;
  type: ElementType;
  name?: string;
  /** German name (esm:nameDe) beside the default one; readers with German see it where it is set. */
  nameDe?: string;
  /** Enclosing sub-process id, or null at process level. */
  parent: string | null;
  incoming: string[];
  outgoing: string[];
  event?: EventDefinition;
  attachedTo?: string;
  /** Boundary events: cancelActivity; event sub-process start events: isInterrupting. */
  interrupting?: boolean;
  /** Boundary events attached to this activity. */
  boundaries?: string[];
  /** Sub-processes: direct child elements, their start event and event sub-processes. */
  children?: string[];
  startEvent?: string;
  eventSubProcesses?: string[];
  defaultFlow?: string;
  /** Link throw events: the catching link event in the same scope. */
  linkTarget?: string;
  taskDefinition?: TaskDefinition;
  headers?: Record<string, string>;
  userTask?: UserTaskDefinition;
  /** esm:reopens="true": entering this element reopens the request (a `reopened` history event, the KPIs' reopen rate). */
  reopens?: boolean;
  /** Start events: the form the requester fills in (zeebe:formDefinition formId). */
  formId?: string;
  /** zeebe:formDefinition bindingType and versionTag of a start event's or user task's linked form (deploy resolves them). */
  formLink?: { bindingType?: string; versionTag?: string };
  inputs?: Mapping[];
  outputs?: Mapping[];
  calledElement?: { processId: string; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean };
  script?: { expression: string; resultVariable: string };
  calledDecision?: { decisionId: string; resultVariable: string };
  loop?: LoopDefinition;
  sla?: SlaDefinition;
  /** zeebe:executionListeners (start, end) in model order. */
  executionListeners?: ListenerDefinition[];
  /** zeebe:taskListeners of a user task (creating, completing) in model order. */
  taskListeners?: ListenerDefinition[];
  /** A compensable activity: its compensation boundary event and the handler associated with it (compile/compensation.ts). */
  compensation?: { boundary: string; handler: string };
  /** A compensation handler (isForCompensation): runs only when compensation invokes it. */
  forCompensation?: boolean;
  /** Ad-hoc sub-processes (compile/adhoc.ts). */
  adHoc?: AdHocDefinition;
}

export interface AdHocDefinition {
  /** FEEL list of inner element ids to activate on entry; absent: none. */
  activeElementsCollection?: string;
  completionCondition?: string;
  cancelRemainingInstances: boolean;
  outputCollection?: string;
  outputElement?: string;
  /** Inner elements that can be activated (no incoming sequence flow), with what `adHocSubProcessElements` tells about them. */
  activatable: { elementId: string; elementName: string | null; documentation: string | null; properties: Record<string, string>; parameters: unknown[] }[];
}

export interface CompiledFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  nameDe?: string;
  /** FEEL condition without the leading `=`. */
  condition?: string;
}

export interface CompiledProcess {
  id: string;
  name?: string;
  nameDe?: string;
  elements: Record<string, CompiledElement>;
  flows: Record<string, CompiledFlow>;
  /** Process-level start events (the runtime opens message/timer/signal start subscriptions). */
  startEvents: string[];
  /** Event sub-processes directly in the process. */
  eventSubProcesses: string[];
  /** Inclusive joins: for each element, the inclusive gateways it can still reach. */
  reachesJoin: Record<string, string[]>;
  department?: string;
  sla?: SlaDefinition;
  catalog?: CatalogDefinition;
  /** The process's own zeebe:executionListeners (start before the start event, end after the last token). */
  executionListeners?: ListenerDefinition[];
  /** zeebe:userTaskForm bodies by id (embedded Camunda forms); deploy imports them as Lotse forms and drops this. */
  embeddedForms?: Record<string, string>;
}

export type { ModelError } from '../../../common/model-error';
