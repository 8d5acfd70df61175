import type { FieldKind, JsonSchema } from '../../../common/forms/types';

const PHONE = '^\\+?[0-9 ()/-]{5,20}$';

/** The schema a new field of each kind starts with (null: display only, no data). */
export function defaultSchema(kind: FieldKind): JsonSchema | null {
  switch (kind) {
    case 'number': return { type: 'number' };
    case 'money': return { type: 'number', minimum: 0 };
    case 'date': return { type: 'string', format: 'date' };
    case 'datetime': return { type: 'string', format: 'date-time' };
    case 'select':
    case 'radio': return { type: 'string', enum: ['a', 'b'] };
    case 'multiselect': return { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['a', 'b'] } };
    case 'checkbox':
    case 'yesno': return { type: 'boolean' };
    case 'email':
    case 'person': return { type: 'string', format: 'email' };
    case 'phone': return { type: 'string', pattern: PHONE };
    case 'file': return { type: 'string', format: 'uuid' };
    case 'group': return { type: 'array', items: { type: 'object', properties: {} } };
    case 'heading':
    case 'readonly': return null;
    default: return { type: 'string' };
  }
}

export const hasOptions = (kind: FieldKind) => kind === 'select' || kind === 'radio' || kind === 'multiselect';
export const isTextual = (kind: FieldKind) => ['text', 'textarea', 'email', 'phone', 'person'].includes(kind);
export const isNumeric = (kind: FieldKind) => kind === 'number' || kind === 'money';
