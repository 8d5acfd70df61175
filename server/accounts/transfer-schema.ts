import { KEY_KINDS } from './key-owners';

/** The body of POST /api/admin/key-ownership/transfer (the route validates with it, the OpenAPI document shows it). */
export const transferSchema = {
  type: 'object',
  required: ['kind', 'key', 'departmentId'],
  properties: {
    kind: { enum: [...KEY_KINDS] },
    key: { type: 'string', minLength: 1, maxLength: 200 },
    departmentId: { type: 'string', format: 'uuid' },
    reason: { type: 'string', maxLength: 1000 },
  },
  additionalProperties: false,
};
