/**
 * Resource limits that keep one model, expression or request from stalling the server for everyone
 * (issue #14, point 6). Pure: constants and checks, no I/O and no clock. docs/security/budgets.md
 * lists every limit with its value and where it applies.
 */
import type { ModelError } from './model-error';
import { addDuration, parseCycle, parseDuration } from './time';

/** Flow elements (events, activities, gateways, sequence flows, at any depth) per deployment. */
export const MAX_FLOW_ELEMENTS = 5_000;
/** Sub-processes inside sub-processes (embedded and event sub-processes). */
export const MAX_NESTING_DEPTH = 50;
/** Rules per DMN decision table. */
export const MAX_DMN_RULES = 2_000;
/** Inputs and outputs per DMN decision table. */
export const MAX_DMN_COLUMNS = 100;
/** Shortest interval of a repeating timer (cycle), in milliseconds. */
export const MIN_CYCLE_INTERVAL_MS = 60_000;
/** Instances one process may start from timer start events per minute; further firings are skipped. */
export const MAX_TIMER_STARTS_PER_MINUTE = 60;
/** One variable, serialized as JSON (bytes of UTF-16 code units, close to UTF-8 for text). */
export const MAX_VARIABLE_BYTES = 256 * 1024;
/** Items of one list inside a variable (FEEL works on lists item by item). */
export const MAX_LIST_ITEMS = 10_000;
/** All process-level variables of one instance, serialized as JSON. */
export const MAX_INSTANCE_VARIABLE_BYTES = 2 * 1024 * 1024;
/** Inline connector (noop, set, log, email) completions per instance in one transaction. */
export const MAX_INLINE_CASCADE = 100;
/**
 * Hops through signals, messages and called processes in a row, in one transaction (without a wait
 * state between them): signal ping-pong between two processes, a call activity calling its own process.
 * Past it the next throw or call becomes an incident on its element.
 */
export const MAX_CASCADE_DEPTH = 50;
/** Work items (starts, triggers, signals, messages) in one transaction after which no further throw or call is run: incidents instead. */
export const MAX_CASCADE_ITEMS = 1_000;
/** Work items in one transaction at all (a backstop the two limits above keep out of reach): past it, 422 and nothing written. */
export const MAX_WORK_ITEMS = 10_000;
/** Work units one FEEL evaluation may spend on iteration (see feel-budget.ts). */
export const FEEL_BUDGET = 300_000;
/** Milliseconds a deploy may spend compiling in the worker before it is refused. */
export const COMPILE_TIMEOUT_MS = 30_000;

/**
 * JSON size of a value, counting at most up to `limit` (walks the value, stops early): a 30 MB string
 * costs as little as a short one. Returns a number > limit when the value is larger.
 */
export function jsonSize(value: unknown, limit = Infinity): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || v === undefined) size += 4;
    else if (typeof v === 'string') size += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean') size += String(v).length;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (typeof v === 'object') {
      if (v instanceof Date) {
        size += 26;
        continue;
      }
      const keys = Object.keys(v);
      size += 2 + keys.length;
      for (const k of keys) {
        size += k.length + 3;
        stack.push((v as Record<string, unknown>)[k]);
      }
    } else size += 4;
    if (size > limit) return size;
  }
  return size;
}

/** The length of the longest list inside a value (walked without recursion). */
export function longestList(value: unknown): number {
  let longest = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      longest = Math.max(longest, v.length);
      stack.push(...v.filter((x) => x !== null && typeof x === 'object'));
    } else if (v !== null && typeof v === 'object') {
      for (const x of Object.values(v)) if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return longest;
}

/** Refusals of variables (a request's or the instance total): `{path, message}`, empty when fine. */
export function variableSizeErrors(variables: Record<string, unknown> | undefined, path = '/variables'): { path: string; message: string }[] {
  if (!variables || typeof variables !== 'object') return [];
  const errors: { path: string; message: string }[] = [];
  let total = 0;
  for (const [name, value] of Object.entries(variables)) {
    const size = jsonSize(value, MAX_VARIABLE_BYTES);
    if (size > MAX_VARIABLE_BYTES) errors.push({ path: `${path}/${name}`, message: `variable "${name}" is larger than ${MAX_VARIABLE_BYTES / 1024} KB` });
    else if (longestList(value) > MAX_LIST_ITEMS) errors.push({ path: `${path}/${name}`, message: `variable "${name}" holds a list of more than ${MAX_LIST_ITEMS} items` });
    total += size;
  }
  if (!errors.length && total > MAX_INSTANCE_VARIABLE_BYTES) {
    errors.push({ path, message: `variables are larger than ${MAX_INSTANCE_VARIABLE_BYTES / 1024 / 1024} MB in total` });
  }
  return errors;
}

/**
 * Structure limits of a parsed BPMN document, walked without recursion so that a deep model cannot
 * exhaust the stack before it is refused: flow element count and sub-process nesting depth.
 */
export function structureErrors(definitions: { rootElements?: unknown[] }): ModelError[] {
  const errors: ModelError[] = [];
  let count = 0;
  const stack: { el: any; depth: number }[] = [];
  for (const root of definitions.rootElements ?? []) {
    const r = root as any;
    if (r?.$type === 'bpmn:Process') stack.push({ el: r, depth: 0 });
  }
  while (stack.length) {
    const { el, depth } = stack.pop()!;
    for (const child of el.flowElements ?? []) {
      count++;
      if (child.flowElements) {
        if (depth + 1 > MAX_NESTING_DEPTH) {
          errors.push({ elementId: child.id ?? el.id, message: `sub-processes are nested more than ${MAX_NESTING_DEPTH} levels deep` });
          return errors;
        }
        stack.push({ el: child, depth: depth + 1 });
      }
    }
    if (count > MAX_FLOW_ELEMENTS) {
      const process = (definitions.rootElements ?? []).find((r: any) => r?.$type === 'bpmn:Process') as { id?: string } | undefined;
      errors.push({ elementId: process?.id ?? 'definitions', message: `the model has more than ${MAX_FLOW_ELEMENTS} flow elements` });
      return errors;
    }
  }
  return errors;
}

/** Why a timer cycle (`R/PT1H`) repeats too often, or null (also null when it is not a cycle). */
export function cycleIntervalError(cycle: string): string | null {
  const c = parseCycle(cycle);
  const d = c ? parseDuration(c.interval) : null;
  if (!c || !d) return null;
  const epoch = new Date(0);
  const ms = addDuration(epoch, d).getTime() - epoch.getTime();
  return ms < MIN_CYCLE_INTERVAL_MS
    ? `timer cycle '${cycle}' repeats too often: the interval must be at least ${MIN_CYCLE_INTERVAL_MS / 1000} seconds`
    : null;
}

// ---- connector secrets and the REST connector (server/secrets/, server/engine/connectors/http.ts) ----
/** Largest secret value (UTF-8 bytes). */
export const MAX_SECRET_BYTES = 8 * 1024;
/** Secrets per department, and global ones. */
export const MAX_SECRETS_PER_SCOPE = 200;
/** Secret names: a letter, then letters, digits, underscores (as Camunda's `{{secrets.NAME}}`). */
export const SECRET_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,63}$';
/** Largest answer body the REST connector reads (also for the OAuth token request). */
export const MAX_CONNECTOR_RESPONSE_BYTES = 1024 * 1024;
/** One REST connector call, OAuth token request included, ends after this at the latest. */
export const MAX_CONNECTOR_CALL_MS = 45_000;
/** Requests by e-mail (server/mail-inbound): the subject kept as the request's summary. */
export const MAX_MAIL_SUBJECT_CHARS = 500;
/** The text of one inbound mail kept as description or comment (the rest is cut). */
export const MAX_MAIL_TEXT_CHARS = 20_000;
/** Attachments taken from one inbound mail; further ones are listed in the note to the owners. */
export const MAX_MAIL_ATTACHMENTS = 20;
/** Files in one deployment (POST /api/deployments `resources`, a folder upload in the modeller). */
export const MAX_DEPLOYMENT_FILES = 50;
/** Total characters of the files of one deployment (below the route's body limit of 12 MB). */
export const MAX_DEPLOYMENT_BYTES = 10 * 1024 * 1024;
/** Characters of one Camunda form (a `.form` file or an embedded zeebe:userTaskForm). */
export const MAX_FORM_JSON_BYTES = 512 * 1024;

/** Instance migration (POST /api/process-definitions/:key/migrations): instances per call (the rest: call again). */
export const MAX_MIGRATION_INSTANCES = 500;
/** Instances read per batch while migrating (each instance still migrates in its own transaction). */
export const MIGRATION_BATCH_SIZE = 50;
/** Entries of an explicit element mapping. */
export const MAX_MIGRATION_MAPPING = 1000;
