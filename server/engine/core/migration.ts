/**
 * Instance migration between versions of one process (pure): checks that a running instance's state
 * can move to another version under a mapping of element ids, and rewrites the state.
 *
 * What is allowed follows Camunda 8's process instance migration: every active element needs a
 * target (explicit, or the element with the same id), of the same element type, in the same flow
 * scope (the target's parent must be where the instance's enclosing scope goes); multi-instance
 * bodies and their inner instances, gateways waiting for other branches and elements running
 * listeners are refused; a boundary event or event sub-process start with an open subscription
 * (message, signal, timer) must exist in the target with the same event and, for boundaries, on the
 * mapped activity. Subscriptions keep their names and correlation keys, timers their due dates
 * (Camunda 8 does the same) unless the target's timer definition differs: then the timer is
 * scheduled anew from now with the target's definition (a changed working-time timer is refused);
 * jobs take the target's job type. Variables are kept as they are.
 */
import { evalValue } from '../../../common/feel';
import { cycleIntervalError } from '../../../common/limits';
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../../../common/time';
import type { CompiledElement, CompiledProcess, TimerDefinition } from './model';
import type { InstanceState, Variables, Wait } from './types';

/** sourceElementId → targetElementId. */
export type ElementMapping = Record<string, string>;

export interface MigrationRefusal {
  elementId: string;
  reason: string;
}

export type MigrationPlan =
  /** timers: timer waits whose definition differs in the target, with their new due date (ISO). */
  | { ok: true; state: InstanceState; mapping: ElementMapping; timers: Record<string, string> }
  | { ok: false; refusal: MigrationRefusal };

/** The target element of a source element: the explicit mapping, else the element with the same id. */
export function targetOf(mapping: ElementMapping, target: CompiledProcess, sourceId: string): string | null {
  if (Object.hasOwn(mapping, sourceId)) return mapping[sourceId];
  return Object.hasOwn(target.elements, sourceId) ? sourceId : null;
}

/** The default mapping the versions view offers: every source element whose id exists in the target. */
export function autoMapping(source: CompiledProcess, target: CompiledProcess): ElementMapping {
  const out: ElementMapping = {};
  for (const id of Object.keys(source.elements)) if (Object.hasOwn(target.elements, id)) out[id] = id;
  return out;
}

/** Mapping entries that cannot work for any instance: unknown ids, or a different element type. */
export function checkMapping(source: CompiledProcess, target: CompiledProcess, mapping: ElementMapping): MigrationRefusal | null {
  for (const [from, to] of Object.entries(mapping)) {
    const s = source.elements[from];
    if (!Object.hasOwn(source.elements, from) || !s) return { elementId: from, reason: `"${from}" is not an element of the source version` };
    const t = Object.hasOwn(target.elements, to) ? target.elements[to] : undefined;
    if (!t) return { elementId: from, reason: `"${from}" is mapped to "${to}", which is not an element of the target version` };
    if (s.type !== t.type) return { elementId: from, reason: `"${from}" (${s.type}) cannot be mapped to "${to}" (${t.type}): the element type must stay the same` };
  }
  return null;
}

const refuse = (elementId: string, reason: string): MigrationPlan => ({ ok: false, refusal: { elementId, reason } });

function sameEvent(s: CompiledElement, t: CompiledElement): string | null {
  const a = s.event, b = t.event;
  if ((a?.kind ?? 'none') !== (b?.kind ?? 'none')) return `its event changes from ${a?.kind ?? 'none'} to ${b?.kind ?? 'none'}`;
  if (a?.kind === 'message' && a.messageName !== b?.messageName) return `its message changes from "${a.messageName}" to "${b?.messageName}"`;
  if (a?.kind === 'signal' && a.signalName !== b?.signalName) return `its signal changes from "${a.signalName}" to "${b?.signalName}"`;
  if ((s.interrupting ?? true) !== (t.interrupting ?? true)) return 'it changes between interrupting and non-interrupting';
  return null;
}

/**
 * Plans the migration of one instance's state from `source` to `target`: refused with the element
 * that stands in the way, or the rewritten state and the mapping actually used (active elements and
 * open subscriptions only).
 */
export function planMigration(source: CompiledProcess, target: CompiledProcess, state: InstanceState, mapping: ElementMapping, now: Date): MigrationPlan {
  const wrong = checkMapping(source, target, mapping);
  if (wrong) return { ok: false, refusal: wrong };
  if (state.status !== 'active') return refuse(state.processId, `the instance is ${state.status}, only active instances can be migrated`);
  const used: ElementMapping = {};
  const rootId = state.rootId;
  const instances = structuredClone(state.instances);
  for (const ei of Object.values(instances)) {
    if (ei.id === rootId) {
      ei.elementId = target.id;
      continue;
    }
    const s = source.elements[ei.elementId];
    if (!s) return refuse(ei.elementId, `"${ei.elementId}" is not an element of the source version`);
    if (ei.mi || ei.loopCounter !== undefined || s.loop) return refuse(s.id, `"${s.id}" is a multi-instance activity, which cannot be migrated`);
    if (ei.status === 'joining') return refuse(s.id, `"${s.id}" is a gateway waiting for other branches, which cannot be migrated`);
    if (ei.listeners) return refuse(s.id, `"${s.id}" is running its ${ei.listeners.event} listeners; migrate it once they are done`);
    if (ei.compensating) return refuse(s.id, `"${s.id}" is compensating, which cannot be migrated`);
    const to = targetOf(mapping, target, s.id);
    if (!to) return refuse(s.id, `the active element "${s.id}" has no counterpart in the target version; map it to an element of the same type`);
    const t = target.elements[to];
    if (t.type !== s.type) return refuse(s.id, `"${s.id}" (${s.type}) cannot be mapped to "${to}" (${t.type}): the element type must stay the same`);
    if (t.loop) return refuse(s.id, `"${s.id}" cannot be mapped to the multi-instance activity "${to}"`);
    // The flow scope must stay: the target's parent is where the instance's enclosing scope goes.
    const parent = ei.parentId ? state.instances[ei.parentId] : undefined;
    const expected = !parent || parent.id === rootId ? null : targetOf(mapping, target, parent.elementId);
    // An ad-hoc activation is a scope inside its ad-hoc sub-process, with the sub-process's id.
    if (ei.adHocInner ? to !== expected : (t.parent ?? null) !== expected) {
      return refuse(s.id, `"${s.id}" would move to another scope: "${to}" is in ${t.parent ? `"${t.parent}"` : 'the process'}, the instance's scope goes to ${expected ? `"${expected}"` : 'the process'}`);
    }
    used[s.id] = to;
    ei.elementId = to;
  }
  const waits = structuredClone(state.waits);
  for (const w of Object.values(waits)) {
    if (w.listener) return refuse(w.elementId, `"${w.elementId}" waits for a ${w.listener} listener job; migrate it once it is done`);
    const owner = state.instances[w.instanceId];
    const s = source.elements[w.elementId];
    if (!s) return refuse(w.elementId, `"${w.elementId}" is not an element of the source version`);
    if (owner && owner.elementId === w.elementId) {
      const to = used[s.id] ?? s.id;
      // A catch event or receive task keeps its subscription: the target must wait for the same thing.
      const changed = s.event && w.kind !== 'task' && w.kind !== 'job' && w.kind !== 'child' ? sameEvent(s, target.elements[to]) : null;
      if (changed) return refuse(s.id, `"${s.id}" waits for a ${w.kind} and ${changed} in the target version`);
      w.elementId = to;
      continue;
    }
    // A boundary event or an event sub-process start listening on an active scope.
    const to = targetOf(mapping, target, s.id);
    const t = to ? target.elements[to] : undefined;
    if (!to || !t) return refuse(s.id, `"${s.id}" has an open ${w.kind} subscription, but the target version has no such event; map it or let the instance move on first`);
    if (t.type !== s.type) return refuse(s.id, `"${s.id}" (${s.type}) cannot be mapped to "${to}" (${t.type}): the element type must stay the same`);
    const changed = sameEvent(s, t);
    if (changed) return refuse(s.id, `"${s.id}" has an open ${w.kind} subscription and ${changed} in the target version`);
    if (s.type === 'boundaryEvent') {
      const host = s.attachedTo ? used[s.attachedTo] ?? targetOf(mapping, target, s.attachedTo) : null;
      if (t.attachedTo !== host) return refuse(s.id, `the boundary event "${s.id}" is attached to "${t.attachedTo}" in the target version, not to "${host}"`);
    }
    used[s.id] = to;
    w.elementId = to;
  }
  const timers: Record<string, string> = {};
  for (const [waitId, w] of Object.entries(waits)) {
    if (w.kind !== 'timer') continue;
    const sourceId = state.waits[waitId].elementId;
    const before = source.elements[sourceId]?.event?.timer;
    const after = target.elements[w.elementId]?.event?.timer;
    if (!after || sameTimer(before, after)) continue;
    const due = reschedule(after, w, state, now);
    if (typeof due === 'string') return refuse(sourceId, `the timer of "${sourceId}" changes in the target version and cannot be scheduled anew: ${due}`);
    timers[waitId] = due.due;
    if (due.cycle) w.cycle = due.cycle;
    else delete w.cycle;
  }
  const compensation = state.compensation?.map((c) => ({ ...c }));
  for (const c of compensation ?? []) {
    const to = targetOf(mapping, target, c.elementId);
    const t = to ? target.elements[to] : undefined;
    if (!to || !t || (c.handler && !t.compensation)) {
      return refuse(c.elementId, `the completed activity "${c.elementId}" can still be compensated, but the target version has no compensable "${to ?? c.elementId}"`);
    }
    if (c.handler && t.compensation) c.handler = t.compensation.handler;
    c.elementId = to;
  }
  const next: InstanceState = { ...state, processId: target.id, instances, waits };
  if (compensation) next.compensation = compensation;
  return { ok: true, state: next, mapping: used, timers };
}

const sameTimer = (a: TimerDefinition | undefined, b: TimerDefinition) =>
  !!a && a.kind === b.kind && a.expression === b.expression && !!a.businessTime === !!b.businessTime;

/** The variables an element instance sees: its scope chain, the innermost winning. */
function visible(state: InstanceState, instanceId: string): Variables {
  const chain: Variables[] = [];
  let id: string | null = instanceId;
  while (id && state.instances[id]) {
    chain.push(state.instances[id].vars ?? {});
    id = state.instances[id].parentId;
  }
  return Object.assign({}, ...chain.reverse());
}

/** A timer scheduled anew from the target's definition (as the core does on entering the element), or why not. */
function reschedule(t: TimerDefinition, w: Wait, state: InstanceState, now: Date): { due: string; cycle?: Wait['cycle'] } | string {
  if (t.businessTime) return 'a timer in working time is only counted when the element is entered';
  const r = evalValue(t.expression, visible(state, w.instanceId), now);
  if (!r.ok) return r.error;
  const text = String(r.value);
  if (t.kind === 'date') {
    const d = parseDateTime(text);
    return d ? { due: d.toISOString() } : `'${text}' is not a valid date`;
  }
  if (t.kind === 'duration') {
    const d = parseDuration(text);
    return d ? { due: addDuration(now, d).toISOString() } : `'${text}' is not a valid duration`;
  }
  const c = parseCycle(text);
  if (!c) return `'${text}' is not a valid cycle`;
  const tooOften = cycleIntervalError(text);
  if (tooOften) return tooOften;
  const due = c.start && c.start > now ? c.start : addDuration(now, parseDuration(c.interval)!);
  return { due: due.toISOString(), cycle: { remaining: c.repetitions < 0 ? -1 : c.repetitions - 1, interval: c.interval } };
}
