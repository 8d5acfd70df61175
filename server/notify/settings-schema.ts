/** The body of PUT /api/me/settings: the route validates with it, the OpenAPI document shows it. */
import { NOTIFICATION_KINDS } from './messages';

const kindFlags = { type: 'object', properties: { inApp: { type: 'boolean' }, email: { type: 'boolean' } }, additionalProperties: false };
export const settingsSchema = {
  type: 'object',
  properties: {
    notifications: { type: 'object', propertyNames: { enum: [...NOTIFICATION_KINDS] }, additionalProperties: kindFlags },
    substitute: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['email', 'from', 'until'],
          properties: { email: { type: 'string', format: 'email' }, from: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' } },
          additionalProperties: false,
        },
      ],
    },
  },
  additionalProperties: false,
};

