/**
 * Server-side validation of a 50-field submission after compilation (issue #5: < 0.1 ms median).
 * Run: npx tsx bench/forms.ts — prints the median and p90 per submission, via validateSubmission
 * with a warm cache (the path process start and task completion take).
 */
import type { Queryable } from '../server/db';
import { validateSubmission } from '../server/forms/bind';
import type { FormDefinition, JsonSchema, UiField } from '../common/forms/types';

const kinds = ['text', 'number', 'date', 'select', 'email', 'checkbox', 'money', 'textarea', 'datetime', 'multiselect'] as const;
const properties: Record<string, JsonSchema> = {};
const fields: UiField[] = [];
const data: Record<string, unknown> = {};
for (let i = 0; i < 50; i++) {
  const kind = kinds[i % kinds.length];
  const key = `f${i}`;
  const schema: JsonSchema =
    kind === 'number' || kind === 'money' ? { type: 'number', minimum: 0, maximum: 1e6 }
    : kind === 'date' ? { type: 'string', format: 'date' }
    : kind === 'datetime' ? { type: 'string', format: 'date-time' }
    : kind === 'select' ? { type: 'string', enum: ['a', 'b', 'c'] }
    : kind === 'email' ? { type: 'string', format: 'email' }
    : kind === 'checkbox' ? { type: 'boolean' }
    : kind === 'multiselect' ? { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['a', 'b', 'c'] } }
    : { type: 'string', minLength: 1, maxLength: 200, ...(kind === 'text' ? { pattern: '^[A-Za-z ]+$' } : {}) };
  properties[key] = schema;
  // Every fifth field has a show-if, so FEEL evaluation is part of the measurement.
  fields.push({ key, kind, label: { en: key }, ...(i % 5 === 4 ? { showIf: '=f1 > 10' } : {}) });
  data[key] = kind === 'number' || kind === 'money' ? 42 : kind === 'date' ? '2030-05-01' : kind === 'datetime' ? '2030-05-01T10:00:00Z'
    : kind === 'select' ? 'b' : kind === 'email' ? 'a@example.org' : kind === 'checkbox' ? true : kind === 'multiselect' ? ['a', 'c'] : 'Hello world';
}
const definition: FormDefinition = { schema: { type: 'object', properties, required: Object.keys(properties).slice(0, 25) }, ui: { fields } };

// The form row as the database returns it; after the first call the compiled validator is cached.
const db = { query: async () => ({ rows: [{ id: 'x', key: 'bench', version: 1, departmentId: null, title: {}, definition, createdAt: new Date() }], rowCount: 1 }), exec: async () => {} } as unknown as Queryable;
const binding = { formKey: 'bench', version: 1 };
const now = new Date('2030-01-01T00:00:00Z');

const first = await validateSubmission(db, binding, data, { now });
if (!first.ok) throw new Error(`the bench submission should be valid: ${JSON.stringify(first.errors)}`);

const BATCH = 100;
const samples: number[] = [];
for (let round = 0; round < 400; round++) {
  const start = performance.now();
  for (let i = 0; i < BATCH; i++) await validateSubmission(db, binding, data, { now });
  samples.push((performance.now() - start) / BATCH);
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.floor(q * (samples.length - 1))];
console.log(`forms: validate a 50-field submission (10 show-if) after compilation, ${samples.length} × ${BATCH} runs`);
console.log(`  median ${(at(0.5) * 1000).toFixed(1)} µs   p90 ${(at(0.9) * 1000).toFixed(1)} µs   (target < 100 µs)`);
