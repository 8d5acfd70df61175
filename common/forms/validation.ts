/**
 * Form data validation, shared by the browser renderer and the server: one ajv compile of the form's
 * JSON Schema plus the FEEL conditions of the UI schema. Both sides call checkFormData with the same
 * compiled form, so they agree by construction (a property test holds them to it).
 *
 * Rules (docs/forms.md): empty strings and null count as "not given"; the value of a field hidden by
 * its show-if is dropped and its requiredness does not apply; a key that is not a property of the
 * schema is refused (422 "is not a field of this form").
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseExpression } from 'feelin';
import { evalFeel, stripEquals } from '../feel';
import { deletePath, ensureContainers, getAt, pointerOf, pruneContainers, setPath } from './paths';
import type { FormDefinition, FormError, JsonSchema, UiField } from './types';

/** A fresh ajv for one form version: schemas with the same $id in two versions cannot collide. */
export function newAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

export interface CompiledForm {
  definition: FormDefinition;
  validate: ValidateFunction;
}

/** `hidden`: JSON pointers of fields hidden by their show-if (the renderer does not draw them). */
export type CheckResult = { ok: true; data: Record<string, unknown>; hidden: string[] } | { ok: false; data: Record<string, unknown>; hidden: string[]; errors: FormError[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects of the form (nested ones of dotted keys and group items too) refuse unknown keys unless the schema says otherwise. */
function closeObject(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out.additionalProperties === undefined && out.unevaluatedProperties === undefined) out.unevaluatedProperties = false;
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, p]) => {
        if (isObject(p) && p.type === 'object' && isObject(p.properties)) return [k, closeObject(p as JsonSchema)];
        return [k, isObject(p) && isObject(p.items) && p.items.type === 'object' ? { ...p, items: closeObject(p.items as JsonSchema) } : p];
      }),
    );
  }
  return out;
}

/** The schema as compiled: root $id dropped (versions share it), unknown keys closed. */
export function prepareSchema(schema: JsonSchema): JsonSchema {
  const { $id: _id, ...rest } = schema;
  return closeObject(rest as JsonSchema);
}

/** Compiles a definition's schema once; throws when the schema does not compile. */
export function compileForm(definition: FormDefinition): CompiledForm {
  return { definition, validate: newAjv().compile(prepareSchema(definition.schema)) };
}

interface Condition {
  /** Top-level variables the expression reads (null: could not tell, pass everything). */
  names: string[] | null;
  /** Results by the values of those variables: FEEL is pure, so a condition is a function of them. */
  results: Map<string, boolean>;
}
const conditions = new Map<string, Condition>();

/** Parses once (feelin's parser) to learn which variables a condition reads. */
function conditionOf(expression: string): Condition {
  let c = conditions.get(expression);
  if (!c) {
    let names: string[] | null = null;
    try {
      const found = new Set<string>();
      const text = stripEquals(expression);
      parseExpression(text, {}, undefined).iterate({ enter: (n) => void (n.name === 'VariableName' && found.add(text.slice(n.from, n.to))) });
      // now()/today() make the result depend on the time: never memoised.
      names = found.has('now') || found.has('today') ? null : [...found];
    } catch {
      names = null;
    }
    c = { names, results: new Map() };
    if (conditions.size > 5000) conditions.clear();
    conditions.set(expression, c);
  }
  return c;
}

/**
 * True only when the FEEL condition evaluates to boolean true (errors and null hide). Evaluated by
 * server/engine/feel over just the variables it reads; results are memoised per distinct values.
 */
export function conditionHolds(expression: string, scope: Record<string, unknown>, now: Date): boolean {
  const c = conditionOf(expression);
  if (!c.names) {
    const r = evalFeel(stripEquals(expression), scope, now);
    return r.ok && r.value === true;
  }
  const vars: Record<string, unknown> = {};
  for (const n of c.names) if (scope[n] !== undefined) vars[n] = scope[n];
  const memoKey = JSON.stringify(vars);
  let holds = c.results.get(memoKey);
  if (holds === undefined) {
    const r = evalFeel(stripEquals(expression), vars, now);
    holds = r.ok && r.value === true;
    if (c.results.size > 1000) c.results.clear();
    c.results.set(memoKey, holds);
  }
  return holds;
}

/** A copy of nested plain objects (arrays and leaves shared); works on Vue's reactive proxies, unlike structuredClone. */
function copyObjects(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isObject(x) ? copyObjects(x) : x]));
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

interface Walk {
  now: Date;
  hidden: Set<string>;
  errors: FormError[];
}

/** Drops empty values and hidden fields, checks required-if; returns the cleaned data of one object. */
function cleanObject(fields: UiField[], data: Record<string, unknown>, outer: Record<string, unknown>, pointer: string, w: Walk) {
  const out: Record<string, unknown> = {};
  // Nested objects are copied: the values of dotted keys are cleaned in place below.
  for (const [k, v] of Object.entries(data)) if (v !== '' && v !== null && v !== undefined) out[k] = isObject(v) ? copyObjects(v) : v;
  for (const field of fields) {
    const path = pointerOf(field.key, pointer);
    const dotted = field.key.includes('.');
    if (dotted && (getAt(out, field.key) === '' || getAt(out, field.key) === null)) deletePath(out, field.key);
    // Built only when needed: copying the data for every field would dominate the check's cost.
    const scope = field.showIf || field.requiredIf || field.kind === 'group' ? { ...outer, ...out } : out;
    if (field.showIf && !conditionHolds(field.showIf, scope, w.now)) {
      deletePath(out, field.key);
      w.hidden.add(path);
      continue;
    }
    const value = getAt(out, field.key);
    if (field.kind === 'group' && Array.isArray(value)) {
      setPath(out, field.key, value.map((item, i) => (isObject(item) ? cleanObject(field.fields ?? [], item, scope, `${path}/${i}`, w) : item)));
    }
    if (field.requiredIf && isEmpty(getAt(out, field.key)) && conditionHolds(field.requiredIf, scope, w.now)) {
      w.errors.push({ path, message: 'is required', keyword: 'required', params: { missingProperty: field.key } });
    }
    // A required leaf below a missing object is reported at its own path (ajv would name the object).
    if (dotted) ensureContainers(out, field.key);
  }
  return out;
}

/** Maps one ajv error to a field path; null for errors about hidden fields. */
function toFormError(e: ErrorObject, hidden: Set<string>): FormError | null {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    const path = `${e.instancePath}/${String(params.missingProperty)}`;
    return hidden.has(path) ? null : { path, message: 'is required', keyword: 'required', params };
  }
  const extra = e.keyword === 'unevaluatedProperties' ? params.unevaluatedProperty : e.keyword === 'additionalProperties' ? params.additionalProperty : undefined;
  if (extra !== undefined) return { path: `${e.instancePath}/${String(extra)}`, message: 'is not a field of this form', keyword: 'unknown', params: {} };
  return { path: e.instancePath || '/', message: e.message ?? 'is not valid', keyword: e.keyword, params };
}

/** Drops the empty containers that dotted keys got for the check, at every level of groups. */
function pruneAll(fields: UiField[], data: Record<string, unknown>) {
  for (const f of fields) {
    if (f.key.includes('.')) pruneContainers(data, f.key);
    const items = getAt(data, f.key);
    if (f.kind === 'group' && Array.isArray(items)) for (const item of items) if (isObject(item)) pruneAll(f.fields ?? [], item);
  }
}

/**
 * Checks submitted data against a compiled form. `context` holds process variables that conditions
 * may read besides the form data; `now` feeds FEEL's now()/today().
 */
export function checkFormData(form: CompiledForm, data: unknown, options: { context?: Record<string, unknown>; now?: Date } = {}): CheckResult {
  if (!isObject(data)) return { ok: false, data: {}, hidden: [], errors: [{ path: '/', message: 'must be an object', keyword: 'type', params: { type: 'object' } }] };
  const w: Walk = { now: options.now ?? new Date(), hidden: new Set(), errors: [] };
  const cleaned = cleanObject(form.definition.ui.fields, data, options.context ?? {}, '', w);
  const errors = [...w.errors];
  if (!form.validate(cleaned)) {
    const seen = new Set(errors.map((e) => `${e.path} ${e.keyword}`));
    for (const e of form.validate.errors ?? []) {
      const fe = toFormError(e, w.hidden);
      if (fe && !seen.has(`${fe.path} ${fe.keyword}`)) {
        seen.add(`${fe.path} ${fe.keyword}`);
        errors.push(fe);
      }
    }
  }
  // Containers made only for the check leave the data again (in group items too).
  pruneAll(form.definition.ui.fields, cleaned);
  const hidden = [...w.hidden];
  return errors.length ? { ok: false, data: cleaned, hidden, errors } : { ok: true, data: cleaned, hidden };
}
