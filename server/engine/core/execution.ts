/**
 * One run of the core: the mutable working copy of an instance state, the agenda of pending
 * activate/complete steps and the effects produced so far. Behaviours (behaviours/*.ts) act on it;
 * core.ts creates one per trigger and returns the state and effects when every token waits.
 */
import { evalValue, evalFeel, type FeelResult } from '../../../common/feel';
import { addDuration, parseCycle, parseDateTime, parseDuration, workingDuration } from '../../../common/time';
import { cycleIntervalError } from '../../../common/limits';
import { forgetCompensation } from './behaviours/compensation';
import type { CompiledElement, CompiledProcess, EventDefinition } from './model';
import type {
  CoreOptions, Effect, ElementInstance, HistoryKind, IdGenerator, InstanceState, Variables, Wait, WaitKind,
} from './types';

export type Op = { op: 'activate' | 'complete'; id: string };

export class Execution {
  readonly effects: Effect[] = [];
  readonly agenda: Op[] = [];
  steps = 0;

  constructor(
    readonly model: CompiledProcess,
    readonly state: InstanceState,
    readonly now: Date,
    readonly ids: IdGenerator,
    readonly options: CoreOptions,
  ) {}

  // ---- instances --------------------------------------------------------------------------
  get root(): ElementInstance { return this.state.instances[this.state.rootId]; }
  inst(id: string): ElementInstance | undefined { return this.state.instances[id]; }
  el(elementId: string): CompiledElement { return this.model.elements[elementId]; }
  children(scopeId: string): ElementInstance[] {
    return Object.values(this.state.instances).filter((i) => i.parentId === scopeId);
  }
  typeOf(inst: ElementInstance): string {
    return inst.id === this.state.rootId ? 'process' : this.el(inst.elementId)?.type ?? 'unknown';
  }

  create(elementId: string, parentId: string, extra: Partial<ElementInstance> = {}): ElementInstance {
    const inst: ElementInstance = { id: this.ids.next('element'), elementId, parentId, status: 'ready', ...extra };
    this.state.instances[inst.id] = inst;
    return inst;
  }
  push(op: Op['op'], inst: ElementInstance): void { this.agenda.push({ op, id: inst.id }); }

  /** Start an element inside a scope (entering through a flow, a link or as a sub-process start). */
  enter(elementId: string, scopeId: string): ElementInstance {
    const inst = this.create(elementId, scopeId);
    this.push('activate', inst);
    return inst;
  }

  /** An event element that fired already (boundary, event-gateway target, event sub-process start). */
  enterTriggered(elementId: string, scopeId: string, variables?: Variables): ElementInstance {
    const inst = this.create(elementId, scopeId, { status: 'active' });
    this.history('element_started', inst);
    if (variables && Object.keys(variables).length) this.completeWith(inst, variables);
    this.push('complete', inst);
    return inst;
  }

  // ---- variables --------------------------------------------------------------------------
  chain(instId: string): ElementInstance[] {
    const out: ElementInstance[] = [];
    for (let cur = this.inst(instId); cur; cur = cur.parentId ? this.inst(cur.parentId) : undefined) out.push(cur);
    return out;
  }
  visible(instId: string): Variables {
    return Object.assign({}, ...this.chain(instId).reverse().map((i) => i.vars ?? {}));
  }
  /** Set variables Camunda-style: in the nearest scope that defines them, else the process scope. */
  setVars(fromId: string, variables: Variables): void {
    const names = Object.keys(variables);
    if (names.length === 0) return;
    const chain = this.chain(fromId);
    for (const name of names) {
      const owner = chain.find((i) => i.vars && Object.prototype.hasOwnProperty.call(i.vars, name)) ?? this.root;
      (owner.vars ??= {})[name] = variables[name];
    }
    const from = this.inst(fromId) ?? this.root;
    this.history('variables_changed', from, { variables });
  }
  /** Result variables of a task/event: local when output mappings will pick them, else propagated. */
  completeWith(inst: ElementInstance, variables: Variables): void {
    if (this.el(inst.elementId)?.outputs?.length) inst.vars = { ...inst.vars, ...variables };
    else this.setVars(inst.id, variables);
  }
  evaluate(value: string, instId: string): FeelResult {
    return evalValue(value, this.visible(instId), this.now);
  }
  evaluateFeel(expression: string, instId: string, extra?: Variables): FeelResult {
    return evalFeel(expression, { ...this.visible(instId), ...extra }, this.now);
  }

  // ---- history and incidents --------------------------------------------------------------
  history(kind: HistoryKind, inst: ElementInstance, data?: Variables): void {
    this.effects.push({
      type: 'history', kind, time: this.now.toISOString(), elementId: inst.elementId,
      elementType: this.typeOf(inst), elementInstanceId: inst.id, ...(data ? { data } : {}),
    });
  }
  incident(inst: ElementInstance, message: string, phase: 'activate' | 'complete' | 'listener'): void {
    const id = this.ids.next('incident');
    inst.status = 'incident';
    inst.incident = { id, message, phase };
    this.effects.push({ type: 'incident.create', incidentId: id, elementId: inst.elementId, elementInstanceId: inst.id, message });
    this.history('incident', inst, { incidentId: id, message });
  }

  // ---- waits (tasks, jobs, timers, subscriptions, child instances) -----------------------
  openWait(kind: WaitKind, elementId: string, owner: ElementInstance, extra: Partial<Wait> = {}): string {
    const idKind = kind === 'message' || kind === 'signal' ? 'subscription' : kind;
    const id = this.ids.next(idKind);
    this.state.waits[id] = { kind, elementId, instanceId: owner.id, ...extra };
    return id;
  }
  waitsOf(instId: string): string[] {
    return Object.entries(this.state.waits).filter(([, w]) => w.instanceId === instId).map(([id]) => id);
  }
  closeWait(id: string): void {
    const w = this.state.waits[id];
    if (!w) return;
    delete this.state.waits[id];
    const cancel: Record<WaitKind, Effect> = {
      task: { type: 'user_task.cancel', taskId: id },
      job: { type: 'job.cancel', jobId: id },
      timer: { type: 'timer.cancel', timerId: id },
      message: { type: 'message_subscription.close', subscriptionId: id },
      signal: { type: 'signal_subscription.close', subscriptionId: id },
      child: { type: 'child_instance.cancel', childRef: id },
    };
    this.effects.push(cancel[w.kind]);
  }
  /** A wait that fired: gone from the state; subscriptions are closed explicitly (they may stay open). */
  consumeWait(id: string): void {
    const w = this.state.waits[id];
    if (!w) return;
    delete this.state.waits[id];
    if (w.kind === 'message') this.effects.push({ type: 'message_subscription.close', subscriptionId: id });
    if (w.kind === 'signal') this.effects.push({ type: 'signal_subscription.close', subscriptionId: id });
  }
  closeWaitsOf(instId: string, filter: (w: Wait) => boolean = () => true): void {
    for (const id of this.waitsOf(instId)) if (filter(this.state.waits[id])) this.closeWait(id);
  }

  /** Open the subscription an event definition needs (timer, message, signal). False: incident raised. */
  subscribe(event: EventDefinition, elementId: string, owner: ElementInstance, interrupting = true): boolean {
    if (event.kind === 'timer' && event.timer) return this.scheduleTimer(event, elementId, owner);
    if (event.kind === 'signal') {
      const id = this.openWait('signal', elementId, owner);
      this.effects.push({ type: 'signal_subscription.open', subscriptionId: id, elementId, signalName: event.signalName ?? '' });
      return true;
    }
    if (event.kind === 'message') {
      const name = this.evaluate(event.messageName ?? '', owner.id);
      const key = event.correlationKey ? this.evaluate(event.correlationKey, owner.id) : { ok: true as const, value: '' };
      if (!name.ok || !key.ok) {
        this.incident(owner, `message subscription of ${elementId}: ${!name.ok ? name.error : (key as { error: string }).error}`, 'activate');
        return false;
      }
      if (key.value === null || typeof key.value === 'object') {
        this.incident(owner, `correlation key of ${elementId} must be a string or number, got ${JSON.stringify(key.value)}`, 'activate');
        return false;
      }
      const id = this.openWait('message', elementId, owner);
      this.effects.push({
        type: 'message_subscription.open', subscriptionId: id, elementId, messageName: String(name.value),
        correlationKey: String(key.value), interrupting,
      });
      return true;
    }
    return true;
  }

  private scheduleTimer(event: EventDefinition, elementId: string, owner: ElementInstance): boolean {
    const t = event.timer!;
    const r = this.evaluate(t.expression, owner.id);
    const text = r.ok ? String(r.value) : '';
    let due: Date | null = null;
    let cycle: Wait['cycle'];
    let working: { days: number; ms: number } | undefined;
    if (t.kind === 'date') due = parseDateTime(text);
    else if (t.kind === 'duration') {
      const d = parseDuration(text);
      due = d ? addDuration(this.now, d) : null;
      if (d && t.businessTime) {
        working = workingDuration(d) ?? undefined;
        if (!working) {
          this.incident(owner, `timer of ${elementId}: '${text}' cannot be counted in working time (no years or months)`, 'activate');
          return false;
        }
      }
    } else {
      const c = parseCycle(text);
      const tooOften = c ? cycleIntervalError(text) : null;
      if (tooOften) {
        this.incident(owner, `timer of ${elementId}: ${tooOften}`, 'activate');
        return false;
      }
      if (c) {
        due = c.start && c.start > this.now ? c.start : addDuration(this.now, parseDuration(c.interval)!);
        cycle = { remaining: c.repetitions < 0 ? -1 : c.repetitions - 1, interval: c.interval };
      }
    }
    if (!due) {
      this.incident(owner, `timer of ${elementId}: ${r.ok ? `'${text}' is not a valid ${t.kind}` : r.error}`, 'activate');
      return false;
    }
    this.createTimer(elementId, owner, due, cycle, working);
    return true;
  }
  createTimer(elementId: string, owner: ElementInstance, due: Date, cycle?: Wait['cycle'], working?: { days: number; ms: number }): void {
    const id = this.openWait('timer', elementId, owner, cycle ? { cycle } : {});
    this.effects.push({ type: 'timer.create', timerId: id, elementId, due: due.toISOString(), ...(working ? { working } : {}) });
  }

  // ---- jobs and messages (shared by tasks and throw events) -----------------------------------
  /** A job for an external worker or connector; the element waits for its result. */
  createJob(inst: ElementInstance): void {
    const el = this.el(inst.elementId);
    const def = this.jobDefinition(inst, el.taskDefinition!);
    if (!def) return;
    const jobId = this.openWait('job', el.id, inst);
    inst.status = 'waiting';
    this.effects.push({
      type: 'job.create', jobId, elementId: el.id, elementInstanceId: inst.id, jobType: def.type,
      retries: def.retries, headers: el.headers ?? {}, variables: this.visible(inst.id),
    });
  }

  /**
   * Job type and retries, evaluated when the job is created (FEEL `=…` or a literal, as in Camunda 8):
   * the type must be a non-empty string, retries a whole number ≥ 1; else an incident (null returned).
   * Header values are static strings in Camunda 8 and are handed over as written.
   */
  jobDefinition(
    inst: ElementInstance, def: { type: string; retries: string }, what = 'job', phase: 'activate' | 'listener' = 'activate',
  ): { type: string; retries: number } | null {
    const fail = (message: string) => {
      this.incident(inst, `${what} ${message}`, phase);
      return null;
    };
    const type = this.evaluate(def.type, inst.id);
    if (!type.ok) return fail(`type: ${type.error}`);
    if (typeof type.value !== 'string' || type.value.trim() === '') return fail(`type '${def.type}' must be a non-empty string, got ${JSON.stringify(type.value)}`);
    const retries = this.evaluate(def.retries || '3', inst.id);
    if (!retries.ok) return fail(`retries: ${retries.error}`);
    const n = typeof retries.value === 'string' && retries.value.trim() !== '' ? Number(retries.value) : retries.value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return fail(`retries '${def.retries}' must be a whole number, got ${JSON.stringify(retries.value)}`);
    // As in Camunda 8: a job made with no retries left is an incident at once (c8ctl's "simple-will-create-incident").
    if (n === 0) return fail(`has no retries left (retries ${def.retries}): resolve by deploying more retries or retrying the incident`);
    return { type: type.value, retries: n };
  }

  /** Message throw without a job: publish with the element's input-mapped variables as payload. */
  publishMessage(inst: ElementInstance): boolean {
    if (this.options.cascadeSpent) {
      this.incident(inst, this.options.cascadeSpent, 'activate');
      return false;
    }
    const ev = this.el(inst.elementId).event!;
    const name = this.evaluate(ev.messageName ?? '', inst.id);
    const key = this.evaluate(ev.correlationKey ?? '', inst.id);
    if (!name.ok || !key.ok) {
      this.incident(inst, `message to publish: ${!name.ok ? name.error : (key as { error: string }).error}`, 'activate');
      return false;
    }
    this.effects.push({ type: 'message.publish', messageName: String(name.value), correlationKey: String(key.value ?? ''), variables: { ...(inst.vars ?? {}) } });
    return true;
  }

  // ---- termination ------------------------------------------------------------------------
  /** Cancel an element instance and everything below it, closing its waits and incidents. */
  terminate(instId: string): void {
    const inst = this.inst(instId);
    if (!inst) return;
    for (const child of this.children(instId)) this.terminate(child.id);
    this.closeWaitsOf(instId);
    forgetCompensation(this, instId);
    if (inst.incident) this.effects.push({ type: 'incident.resolve', incidentId: inst.incident.id });
    if (instId !== this.state.rootId) {
      if (!inst.adHocInner) this.history('element_cancelled', inst);
      delete this.state.instances[instId];
    }
  }
}
