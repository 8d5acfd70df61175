/** Seeded randomness and plausible form data for the demo simulation. */
import type { Principal } from '../auth/principal';

export type Rng = () => number;

/** mulberry32: a tiny, fast, seedable PRNG — the same seed gives the same demo. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = ['Bitte so bald wie möglich.', 'Details siehe Anhang.', 'Please handle before Friday.', 'Rücksprache gern telefonisch.', 'As discussed with my team lead.'];

interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
}

function value(schema: FieldSchema, key: string, rng: Rng, people: Principal[]): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[Math.floor(rng() * schema.enum.length)];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return rng() < 0.82; // most requests are approved, confirmed, fixed
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 1;
      const max = schema.maximum ?? Math.max(min + 10, /amount|price|cost|betrag/i.test(key) ? 5000 : 20);
      const v = min + Math.pow(rng(), 2) * (max - min);
      const step = schema.multipleOf ?? (type === 'integer' ? 1 : 0.01);
      return Math.min(max, Math.max(min, Math.round(v / step) * step));
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      if (schema.items?.enum) {
        const picked = schema.items.enum.filter(() => rng() < 0.5);
        return picked.length >= min ? picked : schema.items.enum.slice(0, Math.max(min, 1));
      }
      const n = min + Math.floor(rng() * 3);
      const items = Array.from({ length: Math.min(n, schema.maxItems ?? n) }, () => (schema.items ? value(schema.items, key, rng, people) : undefined));
      return items.every((v) => v !== undefined) ? items : [];
    }
    case 'object': {
      if (!schema.properties) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, prop] of Object.entries(schema.properties)) {
        const v = value(prop, k, rng, people);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    default: {
      if (schema.format === 'date') return new Date(Date.now() + Math.floor(rng() * 30) * 86400_000).toISOString().slice(0, 10);
      if (schema.format === 'date-time') return new Date(Date.now() + Math.floor(rng() * 30) * 86400_000).toISOString();
      if (schema.format === 'email') {
        const pool = people.filter((p) => p.groups.length > 0 || p.roles.some((r) => r.role === 'owner'));
        return (pool[Math.floor(rng() * pool.length)] ?? people[0]).email;
      }
      if (schema.format === 'uuid' || schema.format === 'uri') return undefined;
      const text = TEXTS[Math.floor(rng() * TEXTS.length)];
      return schema.maxLength ? text.slice(0, schema.maxLength) : text;
    }
  }
}

/** Data for a form definition ({schema, ui}): every property filled plausibly; hidden ones are dropped by validation. */
export function formData(definition: unknown, rng: Rng, people: Principal[]): Record<string, unknown> {
  const schema = (definition as { schema?: FieldSchema } | undefined)?.schema;
  return (value({ type: 'object', properties: schema?.properties ?? {} }, '', rng, people) ?? {}) as Record<string, unknown>;
}
