/**
 * Checks a form definition before it is stored: the meta-schema, a schema that is valid JSON Schema
 * and compiles, unique keys, a schema property behind every data field, FEEL that parses. Every
 * problem names its place (a JSON pointer into the definition) and the field key.
 */
import metaSchema from '../../schemas/form-definition.schema.json';
import { feelSyntaxError, stripEquals } from '../feel';
import { propertyAt } from './paths';
import { isDataKind, type FormDefinition, type FormError, type JsonSchema, type UiField } from './types';
import { newAjv, prepareSchema } from './validation';

const metaAjv = newAjv();
const validateMeta = metaAjv.compile(metaSchema);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFields(fields: UiField[], properties: Record<string, JsonSchema>, pointer: string, errors: FormError[]) {
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    const at = `${pointer}/${i}`;
    if (seen.has(field.key)) errors.push({ path: `${at}/key`, message: `field "${field.key}": the key is used twice`, keyword: 'duplicate' });
    seen.add(field.key);
    const property = propertyAt(properties, field.key);
    if (isDataKind(field.kind) && !isObject(property)) {
      errors.push({ path: `${at}/key`, message: `field "${field.key}" has no property in the schema`, keyword: 'missing' });
    }
    for (const attr of ['showIf', 'requiredIf', 'source'] as const) {
      const expr = field[attr];
      const problem = expr === undefined ? null : feelSyntaxError(stripEquals(expr));
      if (problem) errors.push({ path: `${at}/${attr}`, message: `field "${field.key}": ${problem}`, keyword: 'syntax' });
    }
    if (field.kind === 'group') {
      const items = isObject(property) ? (property.items as JsonSchema | undefined) : undefined;
      if (isObject(property) && (property.type !== 'array' || !isObject(items) || !isObject(items.properties))) {
        errors.push({ path: `${at}/key`, message: `field "${field.key}": a repeating group needs an array of objects in the schema`, keyword: 'group' });
      } else if (items?.properties) {
        checkFields(field.fields ?? [], items.properties as Record<string, JsonSchema>, `${at}/fields`, errors);
      }
    }
  });
}

/** All problems of a definition (paths relative to it); empty when it can be stored. */
export function checkDefinition(definition: unknown): FormError[] {
  if (!validateMeta(definition)) {
    return (validateMeta.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'is not valid', keyword: e.keyword, params: e.params }));
  }
  const def = definition as unknown as FormDefinition;
  const ajv = newAjv();
  if (!ajv.validateSchema(def.schema)) {
    return (ajv.errors ?? []).map((e) => ({ path: `/schema${e.instancePath}`, message: `is not valid JSON Schema: ${e.message}`, keyword: 'schema' }));
  }
  const errors: FormError[] = [];
  try {
    ajv.compile(prepareSchema(def.schema));
  } catch (e) {
    errors.push({ path: '/schema', message: `does not compile: ${(e as Error).message}`, keyword: 'schema' });
  }
  checkFields(def.ui.fields, def.schema.properties, '/ui/fields', errors);
  return errors;
}
