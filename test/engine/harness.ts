/**
 * The engine-conformance harness. Tests talk only to `EngineHarness`; `harness()` returns the
 * in-memory implementation (memory-runtime.ts) unless another backend was registered, e.g. the
 * database runtime on PGlite/PostgreSQL: `setHarnessFactory(() => createDbHarness(db))` in a setup file.
 * Instances and tasks are addressed by instance id and element id, so every backend can serve them.
 */
import { createMemoryHarness } from './memory-runtime.js';
import type { JobResult } from '../../server/engine/core/types';

export interface HistoryEntry { kind: string; elementId: string; elementType: string; data?: Record<string, unknown> }
export interface IncidentView { id: string; elementId: string; message: string }
export interface TaskView {
  id: string; elementId: string; name?: string; formId?: string; assignee?: string;
  candidateGroups: string[]; candidateUsers: string[]; dueDate?: string; followUpDate?: string; priority?: number;
  headers?: Record<string, string>;
}
export interface JobView { id: string; elementId: string; type: string; retries: number; headers: Record<string, string>; variables: Record<string, unknown> }
export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'failed';

export interface EngineHarness {
  /** Deploy BPMN; rejects with `DeployError` carrying `{elementId, message}[]`. Returns process ids. */
  deploy(xml: string): Promise<string[]>;
  deployDmn(xml: string): Promise<void>;
  start(processId: string, variables?: Record<string, unknown>, options?: { startEventId?: string; businessKey?: string }): Promise<string>;
  /** Complete the (single) open user task of an element; throws when there is none. */
  completeTask(instanceId: string, elementId: string, variables?: Record<string, unknown>): Promise<void>;
  /** Complete the oldest open job of an element; result: a task listener's answer (`{ denied: true }`). */
  completeJob(instanceId: string, elementId: string, variables?: Record<string, unknown>, result?: JobResult): Promise<void>;
  throwJobError(instanceId: string, elementId: string, errorCode: string, variables?: Record<string, unknown>): Promise<void>;
  failJob(instanceId: string, elementId: string, message: string): Promise<void>;
  /** Move the virtual clock forward (ISO-8601 duration) and fire every timer that became due. */
  advance(duration: string): Promise<void>;
  /**
   * Publish a message; returns how many subscriptions (one per instance) or message start events it
   * reached. With a ttl (ISO-8601 duration) a message that reaches nobody is buffered for a later
   * subscription with the same name and key.
   */
  correlate(name: string, correlationKey: string, variables?: Record<string, unknown>, options?: { ttl?: string }): Promise<number>;
  /** Broadcast a signal to every subscription and signal start event. */
  broadcastSignal(name: string, variables?: Record<string, unknown>): Promise<void>;
  cancel(instanceId: string): Promise<void>;
  retryIncident(instanceId: string, incidentId: string, variables?: Record<string, unknown>): Promise<void>;

  status(instanceId: string): Promise<InstanceStatus>;
  activeElements(instanceId: string): Promise<string[]>;
  variables(instanceId: string): Promise<Record<string, unknown>>;
  history(instanceId: string): Promise<HistoryEntry[]>;
  incidents(instanceId: string): Promise<IncidentView[]>;
  tasks(instanceId: string): Promise<TaskView[]>;
  jobs(instanceId: string): Promise<JobView[]>;
  /** Instances of a process (any version), oldest first; includes those started by message, signal or timer start events. */
  instancesOf(processId: string): Promise<string[]>;
  /** Instances started by call activities of this instance. */
  childInstances(instanceId: string): Promise<string[]>;
  /** The virtual clock. */
  now(): Date;
}

export class DeployError extends Error {
  constructor(readonly errors: { elementId: string; message: string }[]) {
    super(`deploy refused: ${errors.map((e) => `${e.elementId}: ${e.message}`).join('; ')}`);
  }
}

type Factory = () => Promise<EngineHarness>;
let factory: Factory = async () => createMemoryHarness();

/** Swap the backend (e.g. the database runtime) for every conformance test. */
export function setHarnessFactory(f: Factory): void {
  factory = f;
}

export function harness(): Promise<EngineHarness> {
  return factory();
}
