import { keySegments, propertyAt, requiredAt } from '../../../common/forms/paths';
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

/** Initial data: the schema defaults of the fields, nested objects of dotted keys included. */
export function initialData(definition: FormDefinition): Data {
  const fill = (properties: Record<string, JsonSchema>): Data => {
    const out: Data = {};
    for (const [key, prop] of Object.entries(properties ?? {})) {
      if (!prop || typeof prop !== 'object') continue;
      if (prop.default !== undefined) out[key] = structuredClone(prop.default);
      else if (prop.type === 'object' && prop.properties) {
        const inner = fill(prop.properties);
        if (Object.keys(inner).length) out[key] = inner;
      }
    }
    return out;
  };
  return fill(definition.schema.properties);
}

/** The UI field a JSON pointer into the data points at (array indexes of groups skipped). */
export function fieldAt(definition: FormDefinition, path: string): UiField | undefined {
  let fields = definition.ui.fields;
  let found: UiField | undefined;
  const segs = path.split('/').filter(Boolean);
  for (let i = 0; i < segs.length; ) {
    if (/^\d+$/.test(segs[i]) && found?.kind === 'group') {
      i++;
      continue;
    }
    // A dotted key spans several pointer segments.
    found = fields.find((f) => keySegments(f.key).every((k, j) => segs[i + j] === k));
    if (!found) return undefined;
    i += keySegments(found.key).length;
    fields = found.fields ?? [];
  }
  return found;
}

/** The DOM id of a field's control, the same for labels, links of the error summary and focus. */
export const controlId = (prefix: string, path: string) => `${prefix}${path.replace(/\//g, '-')}`;

/** The property schema of a field (a dotted key walks nested objects) in its parent's properties. */
export const propertyOf = (properties: Record<string, JsonSchema> | undefined, key: string): JsonSchema => propertyAt(properties, key) ?? {};

/** `[key]` when the schema requires the field (in its own nested object), else empty: FieldControl's required list. */
export const requiredKeysOf = (schema: JsonSchema, key: string): string[] => (requiredAt(schema, key) ? [key] : []);

/** Errors for exactly this path (the first is shown at the field). */
export const errorsAt = (errors: FormError[], path: string) => errors.filter((e) => e.path === path);
