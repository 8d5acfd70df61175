/**
 * What the engine needs from the domains, handed in from outside: the engine imports no domain
 * module; server/engine-wiring.ts sets these on an Engine (SLA working time, notify's substitutes,
 * notifications and e-mail connector, the SLA clocks' flush hook). An unwired engine runs without.
 */
import type { Db, Queryable } from '../../db/types';
import type { ConnectorOutcome } from '../connectors/outcome';
import type { Logger } from '../../log';
import type { Variables } from '../core/types';
import type { HistoryRow, LoadedInstance } from './runtime';

/** The notifications the engine raises; notify decides who gets what, in the unit's transaction. */
export interface NotificationIntent {
  kind: 'request_received' | 'request_completed' | 'task_assigned' | 'waiting_for_you';
  instanceId: string;
  /** Recipients by user id, e-mail or group key. */
  userIds?: string[];
  emails?: string[];
  groupKeys?: string[];
  /** Name (and German name, esm:nameDe) and id of the task the notification is about. */
  task?: string;
  taskDe?: string;
  taskId?: string;
}

export type Notifier = (tx: Queryable, intents: NotificationIntent[], now: Date) => Promise<void>;

/** What a flush hook sees of a unit: the instances it loaded and touched, the history it just wrote. */
export interface UnitView {
  readonly loaded: ReadonlyMap<string, LoadedInstance>;
  readonly touched: ReadonlySet<string>;
  readonly flushed: readonly HistoryRow[];
  readonly now: Date;
}

/** Runs at the end of every unit, after state and history are written, in the same transaction. */
export type FlushHook = (tx: Queryable, unit: UnitView) => Promise<void>;

/** When a timer counted in working time (esm:businessTime) set at `from` falls due. */
export type WorkingTime = (tx: Queryable, inst: LoadedInstance, from: Date, working: { days: number; ms: number }) => Promise<Date>;

/** The colleague standing in for an assignee (lower-case e-mail) at a time, or null. */
export type Substitutes = (tx: Queryable, email: string, at: Date) => Promise<string | null>;

/** A job for a built-in connector. */
export interface JobInput {
  jobId: string;
  instanceId: string;
  elementId: string;
  type: string;
  headers: Record<string, string>;
  variables: Variables;
  /** The engine's clock, for FEEL in headers (`now()`). */
  now: Date;
}

/** A connector that completes inside the trigger's transaction; publicUrl: the base of links in what it writes. */
export type InlineConnector = (tx: Queryable, job: JobInput, context: { log: Logger; publicUrl: string | null }) => Promise<Variables>;

/**
 * A connector the job worker runs outside any transaction (CPU or I/O heavy: documents), like the
 * http connector; its outcome completes, fails (with retries, then an incident) or throws a BPMN error.
 */
export type WorkerConnector = (db: Db, job: JobInput) => Promise<ConnectorOutcome>;

/**
 * The values of connector secrets (`{{secrets.NAME}}`) a process instance may read: its
 * department's, else global ones. `missing`: names found nowhere; `error`: why none could be read.
 */
export type SecretResolver = (db: Queryable, instanceId: string, names: string[]) => Promise<{ values: Record<string, string>; missing: string[]; error?: string }>;

export interface EnginePorts {
  notifier: Notifier | null;
  readonly flushHooks: FlushHook[];
  workingTime: WorkingTime | null;
  substitutes: Substitutes | null;
  /** Inline connectors by job type beside the engine's own (noop, set, log). */
  readonly inlineConnectors: Map<string, InlineConnector>;
  /** Connectors the job worker runs by job type (server/engine-wiring.ts: document). */
  readonly workerConnectors: Map<string, WorkerConnector>;
  /** Connector secrets (server/secrets/); unset: a connector input naming a secret is an incident. */
  secrets?: SecretResolver | null;
}
