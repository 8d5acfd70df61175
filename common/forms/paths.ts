/**
 * Dotted field keys: a field key `disputeDetails.disputeAmount.amount` (as Camunda Forms write it)
 * addresses a nested object in the data and in the schema, so submitted variables stay nested
 * objects, as in Camunda 8. A plain key is the one-segment case. Pure: shared by browser and server.
 */
import type { JsonSchema } from './types';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The segments of a field key (`a.b.c` → a, b, c). */
export const keySegments = (key: string): string[] => key.split('.');

/** The JSON pointer of a field key below `pointer` (`a.b` → `/a/b`). */
export const pointerOf = (key: string, pointer = ''): string => `${pointer}/${keySegments(key).join('/')}`;

/** The value at a field key, undefined when a container on the way is missing. */
export function getAt(data: unknown, key: string): unknown {
  let cur: unknown = data;
  for (const seg of keySegments(key)) {
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Sets the value at a field key in place, creating missing containers. */
export function setPath(data: Obj, key: string, value: unknown): void {
  const segs = keySegments(key);
  let cur = data;
  for (const seg of segs.slice(0, -1)) {
    if (!isObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Obj;
  }
  cur[segs[segs.length - 1]] = value;
}

/** Removes the value at a field key in place (containers stay; pruneEmpty drops them). */
export function deletePath(data: Obj, key: string): void {
  const segs = keySegments(key);
  let cur: unknown = data;
  for (const seg of segs.slice(0, -1)) {
    if (!isObject(cur)) return;
    cur = cur[seg];
  }
  if (isObject(cur)) delete cur[segs[segs.length - 1]];
}

/** Makes sure every container of a dotted key exists, so a required leaf is reported at its own path. */
export function ensureContainers(data: Obj, key: string): void {
  let cur = data;
  for (const seg of keySegments(key).slice(0, -1)) {
    if (cur[seg] === undefined || cur[seg] === null || cur[seg] === '') cur[seg] = {};
    if (!isObject(cur[seg])) return;
    cur = cur[seg] as Obj;
  }
}

/** Drops the containers that `ensureContainers` made and that stayed empty. */
export function pruneContainers(data: Obj, key: string): void {
  const segs = keySegments(key);
  for (let depth = segs.length - 1; depth >= 1; depth--) {
    const parent = depth === 1 ? data : getAt(data, segs.slice(0, depth - 1).join('.'));
    const child = isObject(parent) ? parent[segs[depth - 1]] : undefined;
    if (isObject(parent) && isObject(child) && Object.keys(child).length === 0) delete parent[segs[depth - 1]];
  }
}

/** The object schema that holds the last segment of a key (the root for a plain key); undefined when missing. */
export function containerSchema(root: JsonSchema, key: string): JsonSchema | undefined {
  let cur: JsonSchema | undefined = root;
  for (const seg of keySegments(key).slice(0, -1)) {
    const next: unknown = cur?.properties?.[seg];
    cur = isObject(next) ? (next as JsonSchema) : undefined;
  }
  return cur;
}

/** The property schema of a field key in an object schema's properties; undefined when missing. */
export function propertyAt(properties: Record<string, JsonSchema> | undefined, key: string): JsonSchema | undefined {
  const segs = keySegments(key);
  const holder = containerSchema({ properties: properties ?? {} }, key);
  const p: unknown = holder?.properties?.[segs[segs.length - 1]];
  return isObject(p) ? (p as JsonSchema) : undefined;
}

/** Whether the schema lists the field's last segment as required in its own container. */
export function requiredAt(root: JsonSchema, key: string): boolean {
  const segs = keySegments(key);
  return containerSchema(root, key)?.required?.includes(segs[segs.length - 1]) ?? false;
}

/**
 * The values of a form's own fields taken from process variables (a task form prefilled): a dotted
 * key reads the nested object and writes it nested again; other variables stay out.
 */
export function valuesForFields(fields: { key: string; kind: string }[], variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'heading' || f.kind === 'readonly') continue;
    const v = getAt(variables, f.key);
    if (v !== undefined && v !== null) setPath(out, f.key, JSON.parse(JSON.stringify(v)));
  }
  return out;
}
