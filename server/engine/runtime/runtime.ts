/**
 * The transactional runtime: applies one trigger (and what it sets off: inline connectors, called
 * instances, signals, messages) inside one database transaction with the instance rows locked,
 * persisting state, tasks, jobs, subscriptions, incidents and history together.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Db, Queryable } from '../../db/types';
import type { Logger } from '../../log';
import { conflict, HttpError } from '../../errors';
import { applyTrigger, startInstance } from '../core/core';
import type { CompiledDecision } from '../core/dmn';
import { DecisionCache } from './decisions';
import type { CompiledProcess } from '../core/model';
import { applyEffects } from './effects';
import { MAX_CASCADE_DEPTH, MAX_CASCADE_ITEMS, MAX_WORK_ITEMS } from '../../../common/limits';
import { assertInstanceVariables, assertVariableSizes } from './variable-limits';
import { publishChanges, type ChangeScope } from './live-changes';
import { combined, DeferredWrites, INSTANCES, type DeferredTable } from './writes';
import { GroupCommit, type GroupCommitOptions, type Prelock } from './group-commit';
import type { EnginePorts, NotificationIntent } from './ports';
import type { CoreOptions, IdGenerator, InstanceState, StartInput, Trigger, Variables } from '../core/types';

export interface DefinitionInfo {
  id: string;
  key: string;
  version: number;
  departmentId: string | null;
  model: CompiledProcess;
}

/** An instance row locked by the current transaction. */
export interface LoadedInstance {
  id: string;
  definition: DefinitionInfo;
  status: InstanceState['status'];
  state: InstanceState;
  startedBy: string | null;
  isNew: boolean;
  dirty: boolean;
}

/** hops: signals, messages and calls in a row that led to this work item in the transaction (runtime sets it). */
export type Work = WorkItem & { hops?: number };

type WorkItem =
  | { kind: 'trigger'; instanceId: string; trigger: Trigger; lenient?: boolean }
  | {
      kind: 'start';
      instanceId: string;
      definitionId: string;
      input: StartInput;
      startedBy: string | null;
      parentId?: string;
      parentRef?: string;
      idempotency?: { key: string; hash: string };
      /** Readable reference, e.g. HR-2026-000123. */
      reference?: string;
    }
  /**
   * departments: the sender's scope, the departments whose process instances and start events the
   * signal or message may reach (undefined or null: all). A buffered message keeps it.
   */
  | { kind: 'signal'; name: string; variables: Variables; departments?: string[] | null }
  | { kind: 'message'; name: string; correlationKey: string; variables: Variables; ttlMs?: number; departments?: string[] | null };

export interface HistoryRow {
  instance_id: string;
  definition_id: string;
  process_key: string;
  element_id: string | null;
  element_type: string | null;
  element_instance_id: string | null;
  kind: string;
  time: string;
  actor: string | null;
  data: unknown;
}

export const uuidIds: IdGenerator = { next: () => randomUUID() };

export class Engine {
  /** 'changed' (request ids, after commit; other servers' too on PostgreSQL, see live-changes.ts) and 'jobs'. */
  readonly events = new EventEmitter();
  /** Tags this server's change notices on PostgreSQL, so its own listener skips them. */
  readonly origin = randomUUID();
  /**
   * What the engine needs from the domains (ports.ts), set by server/engine-wiring.ts: notifications,
   * flush hooks (SLA clocks), working time, substitutes, inline connectors (e-mail). Unwired: none.
   */
  readonly ports: EnginePorts = { notifier: null, flushHooks: [], workingTime: null, substitutes: null, inlineConnectors: new Map(), workerConnectors: new Map() };
  /** PUBLIC_URL, the base of links in the mails a unit writes (set by the wiring; null: mails carry no links). */
  publicUrl: string | null = null;
  private definitions = new Map<string, DefinitionInfo>();
  /** Deployed decision models by key and version (immutable once deployed; decisions.ts). */
  readonly decisionCache = new DecisionCache();

  constructor(
    readonly db: Db,
    readonly now: () => Date,
    readonly log: Logger,
  ) {
    // On by default (LOTSE_GROUP_COMMIT=off turns it off): alone, a body still gets its own transaction at once.
    this.groupCommit = process.env.LOTSE_GROUP_COMMIT === 'off' ? null : new GroupCommit<Work, UnitResult, UnitExtra>(this, {});
  }

  /** A unit over a transaction with no caller yet (group commit: the batch's shared unit). */
  newUnit(tx: Queryable): Unit {
    return new Unit(this, tx, null);
  }

  /** Deployed definitions never change, so they are cached by id for the life of the process. */
  async definition(q: Queryable, id: string): Promise<DefinitionInfo> {
    const cached = this.definitions.get(id);
    if (cached) return cached;
    const r = await q.query<{ id: string; key: string; version: number; department_id: string | null; model: CompiledProcess }>(
      'SELECT id, key, version, department_id, model FROM definitions WHERE id = $1',
      [id],
    );
    if (!r.rows[0]) throw new Error(`definition ${id} is missing`);
    const row = r.rows[0];
    const info = { id: row.id, key: row.key, version: row.version, departmentId: row.department_id, model: row.model };
    this.definitions.set(id, info);
    return info;
  }

  /**
   * Group commit (group-commit.ts): transact() bodies arriving while a transaction is under way are
   * run together in the next one. Off (null): every body in its own transaction.
   */
  groupCommit: GroupCommit<Work, UnitResult, UnitExtra> | null;

  /** Turns group commit on (null: off). */
  setGroupCommit(options: Partial<GroupCommitOptions> | null): this {
    this.groupCommit = options ? new GroupCommit<Work, UnitResult, UnitExtra>(this, options) : null;
    return this;
  }

  /**
   * Runs body in a transaction and resolves after the commit: alone, or under load together with
   * other bodies in one transaction (group commit) — each atomic, a failing one taken out. The body
   * may run more than once (its batch retried without a failing neighbour): it must only use tx.
   */
  transact<T>(body: (tx: Queryable) => Promise<T>, prelock?: Prelock): Promise<T> {
    return this.groupCommit ? this.groupCommit.submit(body, prelock) : this.db.transaction(body);
  }

  /**
   * The row a group commit locked for this body with the other bodies' (transact's prelock, one
   * statement per batch), or undefined: the body locks it itself (alone, or the id taken already).
   */
  prelocked(tx: Queryable, lock: Prelock): Record<string, unknown> | undefined {
    return this.groupCommit?.batchOf(tx)?.take(lock);
  }

  /**
   * Changes an existing task or job row (writes.ts TASK_UPDATES, JOB_UPDATES): in a group commit
   * with the batch's writes (one UPDATE … FROM for all bodies, before any later statement), else at once.
   */
  async updateRow(tx: Queryable, table: DeferredTable, row: Record<string, unknown>): Promise<void> {
    const batch = this.groupCommit?.batchOf(tx);
    if (batch) {
      (batch.unit as Unit).writes.update(table, row);
      batch.deferred();
      return;
    }
    const { sql, params } = combined([], null, null, [[table, [row]]]);
    await tx.query(sql, params);
  }

  /** Runs work items (and all they cascade into) in one transaction; returns what the unit recorded. */
  async run(work: Work[], actor: string | null): Promise<UnitResult> {
    const unit = await this.transact((tx) => this.runIn(tx, work, actor));
    this.afterCommit(unit);
    return unit;
  }

  /**
   * The same, inside a transaction the caller holds (task completion locks the task row first); call
   * afterCommit after. Inside a group commit (tx from transact) the work joins the batch's unit,
   * written when the batch commits.
   */
  async runIn(tx: Queryable, work: Work[], actor: string | null, extra: UnitExtra = {}): Promise<UnitResult> {
    for (const w of work) checkInputVariables(w);
    const batch = this.groupCommit?.batchOf(tx);
    if (batch) return batch.run(work, actor, extra);
    const u = new Unit(this, tx, actor);
    const view = u.begin(actor);
    await u.accept(extra);
    for (const w of work) u.external.add(w);
    await u.process(work);
    u.end();
    await u.flush();
    await this.publishChanged(tx, [...u.touched]);
    return view;
  }

  /**
   * Inside the transaction that makes a change: on PostgreSQL, queues the notice to the other
   * servers (delivered on commit only). The local 'changed' is emitted after commit as before.
   */
  async publishChanged(tx: Queryable, instanceIds: string[], scope: ChangeScope = {}): Promise<void> {
    if (this.db.kind === 'postgres') await publishChanges(tx, this.origin, instanceIds, scope);
  }

  /** Wakes the job worker and live views once the transaction is committed. */
  afterCommit(unit: UnitResult) {
    if (unit.jobsCreated) this.events.emit('jobs');
    this.events.emit('changed', [...unit.touched]);
  }
}

/** What one caller's work did (its part of a group commit), read after the commit. */
export interface UnitResult {
  readonly loaded: ReadonlyMap<string, LoadedInstance>;
  readonly touched: Set<string>;
  /** Outcome of the message/signal work handed in (see Unit.correlations). */
  correlations: number;
  jobsCreated: boolean;
  /** The user tasks this caller's work opened (id and instance), so a caller can answer with them without a look-up. */
  readonly tasksCreated: { id: string; instanceId: string }[];
}

/**
 * What a caller hands the unit beside its work: instance rows it locked itself (the task or job
 * lock returning them saves a round trip each), history rows of its own (written with the unit's).
 */
export interface UnitExtra {
  preloaded?: InstanceRow[];
  history?: HistoryRow[];
}

/** The columns of an instance row the unit loads (INSTANCE_COLUMNS, prefix them for a join). */
export interface InstanceRow {
  id: string;
  definition_id: string;
  status: InstanceState['status'];
  state: InstanceState;
  started_by: string | null;
}

export const INSTANCE_COLUMNS = 'id, definition_id, status, state, started_by';

/** INSTANCE_COLUMNS of a table alias, for a lock that returns the instance row with its own. */
export const instanceColumnsOf = (alias: string) => INSTANCE_COLUMNS.split(', ').map((c) => `${alias}.${c} AS instance_${c}`).join(', ');

/** The instance row out of a row selected with instanceColumnsOf. */
export function instanceRowOf(row: Record<string, unknown>): InstanceRow {
  return {
    id: row.instance_id as string, definition_id: row.instance_definition_id as string, status: row.instance_status as InstanceState['status'],
    state: row.instance_state as InstanceState, started_by: row.instance_started_by as string | null,
  };
}

/** One transaction's worth of engine work (in a group commit: the work of all its callers). */
export class Unit {
  readonly loaded = new Map<string, LoadedInstance>();
  readonly history: HistoryRow[] = [];
  /** The history rows written by the last flush, for flush hooks. */
  flushed: HistoryRow[] = [];
  readonly queue: Work[] = [];
  readonly touched = new Set<string>();
  readonly intents: NotificationIntent[] = [];
  readonly now: Date;
  jobsCreated = false;
  /** Outcome of the message/signal work handed in (not of those it sets off): how many subscriptions or starts it reached, -1 buffered. */
  correlations = 0;
  /** New instances, tasks and jobs, written set-based before any other statement and at flush (writes.ts). */
  readonly writes = new DeferredWrites();
  /**
   * The transaction behind a barrier: every statement through it writes the pending rows first.
   * Loading instances and definitions uses raw (they can never be pending rows).
   */
  readonly tx: Queryable;
  /** Rows of instances started in this unit, while pending (flush writes their final state into them). */
  private readonly newRows = new Map<string, Record<string, unknown>>();
  /** The result of the caller whose work is processed now. */
  private current: UnitResult | null = null;
  /** Inline connector runs per instance in this unit (effects.ts bounds them). */
  readonly inlineRuns = new Map<string, number>();
  /** The work handed in from outside (a request, a worker): its variables count against the instance limit. */
  readonly external = new Set<Work>();
  /** Hops of the work item being processed (see Work); what it sets off inherits them, a throw or call adds one. */
  private hops = 0;
  /** Set once the unit has processed MAX_CASCADE_ITEMS items: from then on throws and calls become incidents. */
  private spent: string | null = null;
  private decisions: Record<string, CompiledDecision> | null = null;

  constructor(
    readonly engine: Engine,
    readonly raw: Queryable,
    public actor: string | null,
  ) {
    this.now = engine.now();
    const writes = this.writes;
    this.tx = {
      async query(sql, params) {
        if (writes.size) await writes.drain(raw);
        return raw.query(sql, params);
      },
      async exec(sql) {
        if (writes.size) await writes.drain(raw);
        return raw.exec(sql);
      },
    };
  }

  hasPendingChanges(): boolean {
    return this.writes.changing;
  }

  /**
   * Starts the work of one caller: its actor, fresh cascade limits, its own result (touched
   * instances, correlations). A unit of its own has one caller; a group commit's unit many.
   */
  begin(actor: string | null): UnitResult {
    this.actor = actor;
    this.spent = null;
    this.inlineRuns.clear();
    this.external.clear();
    this.correlations = 0;
    const result: UnitResult = { loaded: this.loaded, touched: new Set<string>(), correlations: 0, jobsCreated: false, tasksCreated: [] };
    this.current = result;
    return result;
  }

  /** Ends the current caller's work: its correlation count stays with its result. */
  end() {
    if (this.current) this.current.correlations = this.correlations;
    this.current = null;
  }

  /** Marks an instance changed by the current caller's work. */
  touch(instanceId: string) {
    this.touched.add(instanceId);
    this.current?.touched.add(instanceId);
  }

  /** Notes a user task the current caller's work opened. */
  createdTask(id: string, instanceId: string) {
    this.current?.tasksCreated.push({ id, instanceId });
  }

  /** Notes that the current caller's work created jobs or timers (wakes the worker after commit). */
  createdJobs() {
    this.jobsCreated = true;
    if (this.current) this.current.jobsCreated = true;
  }

  async process(work: Work[]) {
    this.queue.push(...work);
    let n = 0;
    while (this.queue.length) {
      // A backstop: the cascade limits below stop throws and calls long before (a fan-out of thousands
      // of subscriptions or starts from one item can still get here). Nothing is written.
      if (++n > MAX_WORK_ITEMS) {
        throw new HttpError(422, 'cascade_limit', `The request set off more than ${MAX_WORK_ITEMS.toLocaleString('en')} engine steps in one transaction (signals, messages or called processes in a loop?); nothing was saved`);
      }
      if (n > MAX_CASCADE_ITEMS) this.spent ??= `more than ${MAX_CASCADE_ITEMS.toLocaleString('en')} engine steps set off in one transaction (endless loop of signals, messages or called processes?)`;
      const item = this.queue.shift()!;
      this.hops = item.hops ?? 0;
      if (item.kind === 'start') await this.start(item);
      else if (item.kind === 'trigger') await this.trigger(item);
      else if (item.kind === 'signal') await this.signal(item);
      else await this.message(item);
    }
  }

  /**
   * Queues work the current item sets off. hop: it is a signal, a message or a called process (one
   * more hop in a row); everything else (triggers of subscriptions, parents, inline results) keeps the hops.
   */
  enqueue(work: Work, hop = false) {
    work.hops = this.hops + (hop ? 1 : 0);
    this.queue.push(work);
  }

  /** Work that must run before anything else queued (inline connector results for the same instance). */
  next(work: Work) {
    work.hops = this.hops;
    this.queue.unshift(work);
  }

  /** The cascade limit this item has run into, if any (limits.ts): the core then raises incidents on throws and calls. */
  private cascadeSpent(): CoreOptions {
    if (this.hops >= MAX_CASCADE_DEPTH) {
      return { cascadeSpent: `more than ${MAX_CASCADE_DEPTH} signals, messages or called processes in a row without a wait state (endless loop?)` };
    }
    return this.spent ? { cascadeSpent: this.spent } : {};
  }

  private async options(model: CompiledProcess): Promise<CoreOptions> {
    const limit = this.cascadeSpent();
    const called = Object.values(model.elements).flatMap((e) => (e.calledDecision ? [e.calledDecision.decisionId] : []));
    if (!called.length) return limit;
    this.decisions ??= {};
    if (called.some((id) => !(id in this.decisions!))) await this.engine.decisionCache.load(this.raw, called, this.decisions);
    return { decisions: this.decisions, ...limit };
  }

  async load(instanceId: string): Promise<LoadedInstance | null> {
    const known = this.loaded.get(instanceId);
    if (known) return known;
    const r = await this.raw.query<InstanceRow>(`SELECT ${INSTANCE_COLUMNS} FROM process_instances WHERE id = $1 FOR UPDATE`, [instanceId]);
    return r.rows[0] ? this.preload(r.rows[0]) : null;
  }

  /** Takes a caller's extra (UnitExtra): its instance rows, then its history rows before the engine's. */
  async accept(extra: UnitExtra) {
    for (const row of extra.preloaded ?? []) await this.preload(row);
    if (extra.history) this.history.push(...extra.history);
  }

  /**
   * An instance row the caller has already locked FOR UPDATE in this transaction (the task or job
   * lock returning it saves a round trip). One this unit already holds keeps its newer state.
   */
  async preload(row: InstanceRow): Promise<LoadedInstance> {
    const known = this.loaded.get(row.id);
    if (known) return known;
    const inst: LoadedInstance = {
      id: row.id,
      definition: await this.engine.definition(this.raw, row.definition_id),
      status: row.status,
      state: row.state,
      startedBy: row.started_by,
      isNew: false,
      dirty: false,
    };
    this.loaded.set(inst.id, inst);
    return inst;
  }

  private async start(w: Extract<Work, { kind: 'start' }>) {
    const definition = await this.engine.definition(this.raw, w.definitionId);
    const res = startInstance(definition.model, w.input, this.now, uuidIds, await this.options(definition.model));
    if (res.rejected) throw conflict(res.rejected, 'start_rejected');
    if (this.external.has(w)) assertInstanceVariables(rootVariables(res.state));
    const inst: LoadedInstance = { id: w.instanceId, definition, status: res.state.status, state: res.state, startedBy: w.startedBy, isNew: true, dirty: false };
    this.loaded.set(inst.id, inst);
    this.touch(inst.id);
    // The state as it starts; the end of the unit writes its final state (flush).
    const row: Record<string, unknown> = {
      id: inst.id, definition_id: definition.id, process_key: definition.key, department_id: definition.departmentId,
      business_key: w.input.businessKey ?? null, status: res.state.status, state: res.state, variables: rootVariables(res.state),
      started_by: w.startedBy, parent_id: w.parentId ?? null, parent_ref: w.parentRef ?? null, idempotency_key: w.idempotency?.key ?? null,
      idempotency_hash: w.idempotency?.hash ?? null, started_at: this.now, reference: w.reference ?? null, ended_at: null,
    };
    this.writes.add(INSTANCES, row);
    this.newRows.set(inst.id, row);
    if (w.startedBy && !w.parentId) this.intents.push({ kind: 'request_received', instanceId: inst.id, userIds: [w.startedBy] });
    await applyEffects(this, inst, res.effects);
  }

  private async trigger(w: Extract<Work, { kind: 'trigger' }>) {
    const inst = await this.load(w.instanceId);
    if (!inst) {
      if (w.lenient) return;
      throw conflict(`process instance ${w.instanceId} does not exist`);
    }
    const res = applyTrigger(inst.definition.model, inst.state, w.trigger, this.now, uuidIds, await this.options(inst.definition.model));
    if (res.rejected) {
      if (w.lenient) {
        this.engine.log.debug('follow-up trigger ignored', { instanceId: inst.id, reason: res.rejected });
        return;
      }
      throw conflict(res.rejected, 'trigger_rejected');
    }
    if (this.external.has(w) && 'variables' in w.trigger && w.trigger.variables) assertInstanceVariables(rootVariables(res.state));
    inst.state = res.state;
    inst.status = res.state.status;
    inst.dirty = true;
    this.touch(inst.id);
    await applyEffects(this, inst, res.effects);
  }

  private async signal(w: Extract<Work, { kind: 'signal' }>) {
    const { name, variables, departments } = w;
    const scope = departments ?? null;
    const subs = await this.tx.query<{ id: string; instance_id: string }>(
      `SELECT s.id, s.instance_id FROM signal_subscriptions s JOIN process_instances p ON p.id = s.instance_id
       WHERE s.signal_name = $1 AND ($2::uuid[] IS NULL OR p.department_id = ANY($2::uuid[])) ORDER BY s.instance_id`,
      [name, scope],
    );
    for (const s of subs.rows) this.enqueue({ kind: 'trigger', instanceId: s.instance_id, trigger: { type: 'signal_received', subscriptionId: s.id, variables }, lenient: true });
    const starts = await this.tx.query<{ definition_id: string; element_id: string }>(
      `SELECT s.definition_id, s.element_id FROM start_events s JOIN definitions d ON d.id = s.definition_id
       WHERE s.kind = 'signal' AND s.name = $1 AND ($2::uuid[] IS NULL OR d.department_id = ANY($2::uuid[]))`,
      [name, scope],
    );
    for (const s of starts.rows) {
      this.enqueue({ kind: 'start', instanceId: randomUUID(), definitionId: s.definition_id, input: { variables, startEventId: s.element_id }, startedBy: null });
    }
    if (this.external.has(w)) this.correlations += subs.rows.length + starts.rows.length;
  }

  /** A message reaches the oldest waiting subscription per instance, else starts a process, else is buffered (ttl). */
  private async message(w: Extract<Work, { kind: 'message' }>) {
    const scope = w.departments ?? null;
    const subs = await this.tx.query<{ id: string; instance_id: string }>(
      `SELECT DISTINCT ON (s.instance_id) s.id, s.instance_id FROM message_subscriptions s JOIN process_instances p ON p.id = s.instance_id
       WHERE s.message_name = $1 AND s.correlation_key = $2 AND ($3::uuid[] IS NULL OR p.department_id = ANY($3::uuid[]))
       ORDER BY s.instance_id, s.created_at`,
      [w.name, w.correlationKey, scope],
    );
    for (const s of subs.rows) {
      this.enqueue({ kind: 'trigger', instanceId: s.instance_id, trigger: { type: 'message_correlated', subscriptionId: s.id, variables: w.variables }, lenient: true });
    }
    let reached = subs.rows.length;
    if (reached === 0) {
      const starts = await this.tx.query<{ definition_id: string; element_id: string }>(
        `SELECT s.definition_id, s.element_id FROM start_events s JOIN definitions d ON d.id = s.definition_id
         WHERE s.kind = 'message' AND s.name = $1 AND ($2::uuid[] IS NULL OR d.department_id = ANY($2::uuid[]))`,
        [w.name, scope],
      );
      for (const s of starts.rows) {
        this.enqueue({
          kind: 'start', instanceId: randomUUID(), definitionId: s.definition_id,
          input: { variables: w.variables, startEventId: s.element_id, businessKey: w.correlationKey || undefined }, startedBy: null,
        });
      }
      reached = starts.rows.length;
    }
    if (reached === 0 && w.ttlMs && w.ttlMs > 0) {
      await this.tx.query(
        'INSERT INTO buffered_messages (id, name, correlation_key, variables, expires_at, created_at, department_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [randomUUID(), w.name, w.correlationKey, JSON.stringify(w.variables), new Date(this.now.getTime() + w.ttlMs), this.now, scope],
      );
      reached = -1; // buffered
    }
    if (this.external.has(w)) this.correlations += reached;
  }

  /**
   * Writes the unit's end in one statement: pending new rows, every changed instance (one UPDATE …
   * FROM) and the history of the whole unit. A new instance still pending is written as it ends.
   */
  async flush() {
    const { notifier, flushHooks } = this.engine.ports;
    if (this.intents.length && notifier) await notifier(this.tx, this.intents.splice(0), this.now);
    const changed: Record<string, unknown>[] = [];
    for (const inst of this.loaded.values()) {
      if (!inst.dirty) continue;
      inst.dirty = false;
      const row = this.newRows.get(inst.id);
      const ended = inst.state.status !== 'active';
      if (row && this.writes.has(row)) {
        Object.assign(row, { state: inst.state, status: inst.state.status, variables: rootVariables(inst.state), ended_at: ended ? this.now : null });
      } else {
        changed.push({ id: inst.id, state: inst.state, status: inst.state.status, variables: rootVariables(inst.state), ended });
      }
    }
    this.newRows.clear();
    const parts = this.writes.take();
    const changes = this.writes.takeUpdates();
    if (parts.length || changes.length || changed.length || this.history.length) {
      const { sql, params } = combined(parts, changed.length ? { rows: changed, now: this.now } : null, this.history, changes);
      await this.raw.query(sql, params);
    }
    this.flushed = this.history.splice(0);
    for (const hook of flushHooks) await hook(this.tx, this);
  }

  /** Appends a history event of an instance (written at flush, in the same transaction). */
  record(inst: LoadedInstance, kind: string, fields: Partial<Pick<HistoryRow, 'element_id' | 'element_type' | 'element_instance_id' | 'data' | 'time'>> = {}) {
    this.history.push({
      instance_id: inst.id,
      definition_id: inst.definition.id,
      process_key: inst.definition.key,
      element_id: fields.element_id ?? null,
      element_type: fields.element_type ?? null,
      element_instance_id: fields.element_instance_id ?? null,
      kind,
      time: fields.time ?? this.now.toISOString(),
      actor: this.actor,
      data: fields.data ?? null,
    });
  }
}

/** Variables a request or worker hands in: each at most 256 KB, 2 MB together (limits.ts). */
function checkInputVariables(w: Work): void {
  if (w.kind === 'start') assertVariableSizes(w.input.variables);
  else if (w.kind === 'trigger') assertVariableSizes('variables' in w.trigger ? w.trigger.variables : undefined);
  else assertVariableSizes(w.variables);
}

export function rootVariables(state: InstanceState): Variables {
  return state.instances[state.rootId]?.vars ?? {};
}
