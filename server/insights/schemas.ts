/** JSON Schema of the event-log import body (validated at the edge with ajv). */
import { DATE_FORMATS } from '../../common/eventlog';

export const importSchema = {
  type: 'object',
  // Without content the dataset waits for its log as the body of PUT /api/insights/datasets/{id}/content.
  required: ['name', 'format'],
  additionalProperties: false,
  // CSV needs a column mapping; XES names its case, activity and timestamp itself.
  if: { properties: { format: { const: 'csv' } } },
  then: { required: ['mapping'] },
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    departmentId: { type: ['string', 'null'], format: 'uuid' },
    format: { enum: ['csv', 'xes'] },
    content: { type: 'string', minLength: 1 },
    mapping: {
      type: 'object',
      required: ['case', 'activity', 'timestamp'],
      additionalProperties: false,
      properties: {
        case: { type: 'string', minLength: 1 },
        activity: { type: 'string', minLength: 1 },
        timestamp: { type: 'string', minLength: 1 },
        resource: { type: ['string', 'null'] },
        attributes: { type: 'array', items: { type: 'string' }, maxItems: 100 },
        dateFormat: { enum: ['auto', ...DATE_FORMATS] },
        duplicates: { enum: ['keep', 'skip', 'reject'] },
      },
    },
  },
} as const;
