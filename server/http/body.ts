import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Context } from 'hono';
import { badRequest, validationFailed, type FieldError } from '../errors';
import { assertNoNul } from './nul';

const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false });
addFormats(ajv);

const cache = new WeakMap<object, ValidateFunction>();

/** Maps ajv errors to `{path, message}` with a JSON-pointer path to the offending field. */
export function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    let path = e.instancePath || '';
    if (e.keyword === 'required') path += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties') path += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
    return { path: path || '/', message: e.message ?? 'is not valid', keyword: e.keyword, params: e.params as Record<string, unknown> };
  });
}

/** Compiles a JSON Schema once and returns a type-narrowing check that throws 422 with field paths. */
export function validator<T>(schema: object): (data: unknown) => T {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  const v = validate;
  return (data: unknown) => {
    if (!v(data)) throw validationFailed(toFieldErrors(v.errors));
    return data as T;
  };
}

/** Reads the JSON body: 400 when it is not JSON or holds a NUL character (named by its path), 422 when it does not match the schema. */
export async function readBody<T>(c: Context, schema: object): Promise<T> {
  const text = await c.req.text();
  let data: unknown;
  try {
    data = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
  assertNoNul(data);
  return validator<T>(schema)(data);
}
