import type { FormDefinition, FormError, JsonSchema, UiField } from '../../../common/forms/types';

export type Data = Record<string, unknown>;

/** A copy of `data` with the value at a JSON pointer replaced (undefined removes the key). */
export function setAt(data: Data, path: string, value: unknown): Data {
  const [head, ...rest] = path.split('/').filter(Boolean);
  if (head === undefined) return data;
  const out: any = Array.isArray(data) ? [...data] : { ...data };
  if (rest.length === 0) {
    if (value === undefined && !Array.isArray(out)) delete out[head];
    else out[head] = value;
    return out;
  }
  out[head] = setAt((out[head] ?? (/^\d+$/.test(rest[0]) ? [] : {})) as Data, rest.join('/'), value);
  return out;
}

/** Initial data: the schema defaults of the top-level fields. */
export function initialData(definition: FormDefinition): Data {
  const out: Data = {};
  for (const [key, prop] of Object.entries(definition.schema.properties ?? {})) {
    if (prop && typeof prop === 'object' && prop.default !== undefined) out[key] = structuredClone(prop.default);
  }
  return out;
}

/** The UI field a JSON pointer into the data points at (array indexes of groups skipped). */
export function fieldAt(definition: FormDefinition, path: string): UiField | undefined {
  let fields = definition.ui.fields;
  let found: UiField | undefined;
  for (const seg of path.split('/').filter(Boolean)) {
    if (/^\d+$/.test(seg) && found?.kind === 'group') continue;
    found = fields.find((f) => f.key === seg);
    if (!found) return undefined;
    fields = found.fields ?? [];
  }
  return found;
}

/** The DOM id of a field's control, the same for labels, links of the error summary and focus. */
export const controlId = (prefix: string, path: string) => `${prefix}${path.replace(/\//g, '-')}`;

/** The property schema of a field in its parent's properties. */
export const propertyOf = (properties: Record<string, JsonSchema> | undefined, key: string): JsonSchema => (properties?.[key] ?? {}) as JsonSchema;

/** Errors for exactly this path (the first is shown at the field). */
export const errorsAt = (errors: FormError[], path: string) => errors.filter((e) => e.path === path);
