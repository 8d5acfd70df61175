import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormValidator } from '../../app/forms/renderer/formValidator';
import type { Db } from '../../server/db';
import { checkDefinition, validateSubmission } from '../../server/forms';
import type { FormDefinition, JsonSchema, UiField } from '../../common/forms/types';
import { dbTargets } from '../support/db';

const KEYS = ['a', 'b', 'c', 'd', 'e'];
const now = new Date('2030-01-15T10:00:00Z');

const field = fc.record({
  key: fc.constantFrom(...KEYS),
  kind: fc.constantFrom('text', 'number', 'date', 'select', 'checkbox', 'multiselect', 'email' as const),
  required: fc.boolean(),
  min: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  max: fc.option(fc.integer({ min: 3, max: 10 }), { nil: undefined }),
  showIf: fc.option(fc.constantFrom('=a = "x"', '=b > 2', '=c', '=not(d = null)', '=e = "y" or a = "z"'), { nil: undefined }),
  requiredIf: fc.option(fc.constantFrom('=b > 4', '=c = true'), { nil: undefined }),
});

/** A random but valid definition: up to five fields of assorted kinds with constraints and conditions. */
const definition = fc.uniqueArray(field, { selector: (f) => f.key, minLength: 1, maxLength: 5 }).map((fields): FormDefinition => {
  const properties: Record<string, JsonSchema> = {};
  const ui: UiField[] = [];
  for (const f of fields) {
    const p: JsonSchema =
      f.kind === 'number' ? { type: 'number', ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}) }
      : f.kind === 'date' ? { type: 'string', format: 'date' }
      : f.kind === 'select' ? { type: 'string', enum: ['x', 'y', 'z'] }
      : f.kind === 'checkbox' ? { type: 'boolean' }
      : f.kind === 'multiselect' ? { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['x', 'y'] }, ...(f.max !== undefined ? { maxItems: 2 } : {}) }
      : f.kind === 'email' ? { type: 'string', format: 'email' }
      : { type: 'string', ...(f.min !== undefined ? { minLength: f.min } : {}), ...(f.max !== undefined ? { maxLength: f.max } : {}) };
    properties[f.key] = p;
    ui.push({ key: f.key, kind: f.kind, ...(f.showIf ? { showIf: f.showIf } : {}), ...(f.requiredIf ? { requiredIf: f.requiredIf } : {}) });
  }
  const required = fields.filter((f) => f.required).map((f) => f.key);
  return { schema: { type: 'object', properties, ...(required.length ? { required } : {}) }, ui: { fields: ui } };
});

const value = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.constant(''), fc.constantFrom('x', 'y', 'z', 'hello world', 'a@b.de', 'not-an-email'),
  fc.constantFrom('2030-02-30', '2030-02-28', '28.02.2030'), fc.integer({ min: -3, max: 12 }), fc.double({ min: -10, max: 20, noNaN: true }),
  fc.boolean(), fc.constantFrom(['x'], ['x', 'x'], ['x', 'y'], ['q'], []), fc.string({ maxLength: 12 }),
);
const data = fc.record(Object.fromEntries([...KEYS, 'zz'].map((k) => [k, value])), { requiredKeys: [] });

const normalise = (r: { ok: boolean; errors?: { path: string; keyword?: string }[]; data?: unknown }) => ({
  ok: r.ok,
  data: r.ok ? r.data : undefined,
  errors: (r.errors ?? []).map((e) => `${e.path} ${e.keyword}`).sort(),
});

describe.each(dbTargets())('browser and server validation agree ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let n = 0;
  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
  });
  afterAll(() => dispose());

  it('for random definitions and random data, the renderer check and validateSubmission give the same verdict', async () => {
    await fc.assert(
      fc.asyncProperty(definition, fc.array(data, { minLength: 1, maxLength: 5 }), async (def, samples) => {
        expect(checkDefinition(def)).toEqual([]);
        const key = `prop-${target.name}-${++n}`; // the validator cache is per process, keyed by form key
        // Stored as jsonb (key order changes) and compiled by the server from the database row.
        await db.query(`INSERT INTO forms (key, version, title, definition, definition_hash) VALUES ($1, 1, '{"en":"p"}', $2, 'h')`, [key, JSON.stringify(def)]);
        const browser = createFormValidator(def);
        for (const sample of samples) {
          const clean = JSON.parse(JSON.stringify(sample));
          const server = await validateSubmission(db, { formKey: key, version: 1 }, clean, { now });
          expect(normalise(server)).toEqual(normalise(browser(clean, {}, now)));
        }
      }),
      { numRuns: 60 },
    );
  });
});
