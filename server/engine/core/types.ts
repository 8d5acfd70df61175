/**
 * Instance state, triggers and effects of the pure engine core. All plain JSON: the runtime stores
 * the state next to the definition version it is pinned to and persists the effects.
 */
import type { CompiledDecision } from './dmn';

export type Variables = Record<string, unknown>;

export type WaitKind = 'task' | 'job' | 'timer' | 'message' | 'signal' | 'child';

/** Something the instance waits for; the id is the task/job/timer/subscription/child reference. */
export interface Wait {
  kind: WaitKind;
  /** The element the wait belongs to (task, catch event, boundary event, event sub-process start). */
  elementId: string;
  /** The element instance that owns the wait (activity, catch event, gateway or scope). */
  instanceId: string;
  /** Timer cycles: repetitions left after this one (-1 = unbounded) and the interval. */
  cycle?: { remaining: number; interval: string };
  /** Listener jobs: the listener event (start, end, creating, completing) the job belongs to. */
  listener?: string;
}

export type InstanceStatus = 'ready' | 'active' | 'waiting' | 'joining' | 'incident';

export interface ElementInstance {
  id: string;
  elementId: string;
  parentId: string | null;
  status: InstanceStatus;
  /** Local variables (scopes: process, sub-process, MI body/inner, input mappings). */
  vars?: Variables;
  /** Gateway joins: arrivals per incoming flow. */
  arrivals?: Record<string, number>;
  /** Multi-instance body bookkeeping. */
  mi?: { items: unknown[] | null; total: number; next: number; completed: number; active: number; outputs: unknown[] };
  /** Marks the inner instance of a multi-instance activity (its loopCounter, 1-based). */
  loopCounter?: number;
  /** Set when an event sub-process / boundary trigger carries variables into the new instance. */
  incident?: { id: string; message: string; phase: 'activate' | 'complete' | 'listener' };
  /**
   * Listeners of one lifecycle event in progress (behaviours/listeners.ts): how many completed, and
   * what the event resumes with (the process's start event, a user task's completion and its variables).
   */
  listeners?: { event: string; done: number; startId?: string; taskId?: string; variables?: Variables; corrections?: JobResult['corrections'] };
  /** A compensation handler: the instance id of the compensation throw event that invoked it (behaviours/compensation.ts). */
  compensating?: string;
  /** One activation inside an ad-hoc sub-process (behaviours/adhoc.ts): a variable scope, not an element of its own. */
  adHocInner?: true;
}

/**
 * A completed activity that can be compensated (Camunda's compensation subscription): its own handler
 * (from its compensation boundary event), or none for a completed sub-process that holds such records.
 */
export interface CompensationRecord {
  /** The compensable activity (for a multi-instance activity: the body) and its completed instance. */
  elementId: string;
  instanceId: string;
  /** The scope instance it completed in. */
  scopeId: string;
  handler?: string;
  /** Set once a compensation throw event triggered it: that event's instance and the handler's instance. */
  thrownBy?: string;
  handlerInstanceId?: string;
}

export interface InstanceState {
  version: 1;
  processId: string;
  rootId: string;
  status: 'active' | 'completed' | 'terminated' | 'failed';
  businessKey?: string;
  /** Set when a call activity started this instance. */
  calledBy?: { instanceId: string; waitId: string };
  instances: Record<string, ElementInstance>;
  waits: Record<string, Wait>;
  /** Completed activities with compensation handlers, oldest first (absent when there are none). */
  compensation?: CompensationRecord[];
}

export type Trigger =
  | { type: 'task_completed'; taskId: string; variables?: Variables }
  /** result.denied: a completing task listener denies the completion (Camunda 8.8 job result). */
  | { type: 'job_completed'; jobId: string; variables?: Variables; result?: JobResult }
  | { type: 'job_error'; jobId: string; errorCode: string; errorMessage?: string; variables?: Variables }
  /** Retries exhausted: opens an incident on the job's element. */
  | { type: 'job_failed'; jobId: string; message: string }
  | { type: 'message_correlated'; subscriptionId: string; variables?: Variables }
  | { type: 'signal_received'; subscriptionId: string; variables?: Variables }
  | { type: 'timer_fired'; timerId: string }
  | { type: 'child_completed'; childRef: string; variables?: Variables }
  | { type: 'child_failed'; childRef: string; errorCode?: string; message?: string; variables?: Variables }
  /** An escalation the called instance did not catch itself: the call activity's boundary events may. */
  | { type: 'child_escalated'; childRef: string; escalationCode?: string }
  | { type: 'cancel' }
  | { type: 'incident_resolved'; incidentId: string; variables?: Variables };

/**
 * A user task listener's answer (Camunda 8.8 job result): deny the transition (completing), or
 * correct the task's data (creating; the assignee only when the process set none).
 */
export interface JobResult {
  denied?: boolean;
  deniedReason?: string;
  corrections?: { assignee?: string; dueDate?: string; followUpDate?: string; candidateUsers?: string[]; candidateGroups?: string[]; priority?: number };
}

export type HistoryKind =
  | 'process_started' | 'process_completed' | 'process_terminated'
  | 'element_started' | 'element_completed' | 'element_cancelled' | 'reopened'
  | 'variables_changed' | 'incident' | 'incident_resolved' | 'error_thrown' | 'escalation_thrown'
  | 'task_completion_denied';

export type Effect =
  | {
      type: 'user_task.create'; taskId: string; elementId: string; elementInstanceId: string; name?: string;
      formId?: string; assignee?: string; candidateGroups: string[]; candidateUsers: string[];
      dueDate?: string; followUpDate?: string; priority?: number; headers: Record<string, string>;
      /** Four-eyes: never assigned to the requester of the request (the runtime drops such an assignee). */
      approval?: boolean;
      sla?: { responseTime?: string; resolutionTime?: string; calendar?: string; pauseCondition?: string };
    }
  | { type: 'user_task.cancel'; taskId: string }
  /** A completing listener denied the completion: the task is open again, as before. */
  | { type: 'user_task.reopen'; taskId: string }
  | {
      type: 'job.create'; jobId: string; elementId: string; elementInstanceId: string; jobType: string;
      retries: number; headers: Record<string, string>; variables: Variables;
      /** Listener jobs: execution listener (start/end) or user task listener (creating/completing). */
      listener?: { kind: 'execution' | 'task'; eventType: string };
    }
  | { type: 'job.cancel'; jobId: string }
  /** `working`: the duration in working time; the runtime computes `due` with the request's calendar. */
  | { type: 'timer.create'; timerId: string; elementId: string; due: string; working?: { days: number; ms: number } }
  | { type: 'timer.cancel'; timerId: string }
  | { type: 'message_subscription.open'; subscriptionId: string; elementId: string; messageName: string; correlationKey: string; interrupting: boolean }
  | { type: 'message_subscription.close'; subscriptionId: string }
  | { type: 'signal_subscription.open'; subscriptionId: string; elementId: string; signalName: string }
  | { type: 'signal_subscription.close'; subscriptionId: string }
  | { type: 'signal.throw'; signalName: string; variables: Variables }
  | { type: 'message.publish'; messageName: string; correlationKey: string; variables: Variables }
  | { type: 'child_instance.start'; childRef: string; elementId: string; processId: string; variables: Variables; businessKey?: string }
  | { type: 'child_instance.cancel'; childRef: string }
  | { type: 'incident.create'; incidentId: string; elementId: string; elementInstanceId: string; message: string }
  | { type: 'incident.resolve'; incidentId: string }
  | { type: 'history'; kind: HistoryKind; time: string; elementId: string; elementType: string; elementInstanceId: string; data?: Variables }
  | { type: 'instance.completed'; variables: Variables }
  | { type: 'instance.terminated' }
  /** An uncaught BPMN error in a called instance: the runtime passes it to the parent as child_failed. */
  | { type: 'instance.failed'; errorCode: string; message: string; variables: Variables }
  /** An escalation not caught in a called instance: the runtime passes it to the parent as child_escalated (the child goes on). */
  | { type: 'instance.escalated'; escalationCode?: string };

export type IdKind = 'element' | 'task' | 'job' | 'timer' | 'subscription' | 'incident' | 'child';

/** Injected id source so the core stays deterministic. */
export interface IdGenerator {
  next(kind: IdKind): string;
}

export interface CoreOptions {
  /** Deployed decisions for business-rule tasks with zeebe:calledDecision, by decision id. */
  decisions?: Record<string, CompiledDecision>;
  /** Steps allowed per trigger before the core raises an incident (default 1,000). */
  maxSteps?: number;
  /**
   * Set by the runtime when the transaction's cascade budget is spent (limits.ts MAX_CASCADE_*): a
   * signal or message throw and a call activity raise an incident with this message instead of
   * throwing or calling. Retrying the incident (a new transaction) throws or calls again.
   */
  cascadeSpent?: string;
}

export interface StartInput {
  variables?: Variables;
  startEventId?: string;
  businessKey?: string;
  calledBy?: { instanceId: string; waitId: string };
}

export interface CoreResult {
  state: InstanceState;
  effects: Effect[];
  /** Set when the trigger did not match anything waiting (stale id, finished instance). */
  rejected?: string;
}

/** A counter-based id generator, handy for tests and replays. */
export function sequentialIds(prefix = ''): IdGenerator {
  let n = 0;
  return { next: (kind) => `${prefix}${kind}-${++n}` };
}
