/** Request bodies of the documents routes (the OpenAPI catalogue imports the same objects). */
export const openFileBody = {
  $id: 'urn:lotse:api:personnel-file:open',
  type: 'object',
  required: ['employeeEmail', 'departmentId'],
  properties: { employeeEmail: { type: 'string', minLength: 3, maxLength: 254 }, departmentId: { type: 'string', format: 'uuid' } },
  additionalProperties: false,
} as const;

export const templateBody = {
  $id: 'urn:lotse:api:document-template',
  type: 'object',
  required: ['departmentId', 'title', 'documentType', 'body'],
  properties: {
    departmentId: { type: 'string', format: 'uuid' },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    documentType: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,39}$' },
    body: { type: 'string', minLength: 1, maxLength: 100000 },
    sample: { type: 'object' },
  },
  additionalProperties: false,
} as const;

export const retentionBody = {
  $id: 'urn:lotse:api:retention-rules',
  type: 'object',
  required: ['rules'],
  properties: {
    rules: {
      type: 'array', maxItems: 100,
      items: {
        type: 'object', required: ['documentType', 'years', 'anchor'], additionalProperties: false,
        properties: { documentType: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,39}$' }, years: { type: 'integer', minimum: 0, maximum: 100 }, anchor: { enum: ['document_date', 'end_of_year'] } },
      },
    },
  },
  additionalProperties: false,
} as const;

export const holdBody = {
  $id: 'urn:lotse:api:legal-hold',
  type: 'object',
  required: ['departmentId', 'reason'],
  properties: { employeeEmail: { type: 'string', minLength: 3, maxLength: 254 }, instanceId: { type: 'string', format: 'uuid' }, reference: { type: 'string', minLength: 1, maxLength: 100 }, departmentId: { type: 'string', format: 'uuid' }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
  additionalProperties: false,
} as const;

export const previewBody = {
  $id: 'urn:lotse:api:document-template:preview',
  type: 'object',
  required: ['body'],
  properties: { body: { type: 'string', minLength: 1, maxLength: 100000 }, sample: { type: 'object' }, title: { type: 'string', maxLength: 200 } },
  additionalProperties: false,
} as const;

export const requestRetentionBody = {
  $id: 'urn:lotse:api:request-retention-rules',
  type: 'object',
  required: ['rules'],
  properties: {
    rules: {
      type: 'array', maxItems: 200,
      items: {
        type: 'object', required: ['processKey', 'years'], additionalProperties: false,
        properties: { processKey: { type: 'string', minLength: 1, maxLength: 200 }, years: { type: 'integer', minimum: 0, maximum: 100 } },
      },
    },
  },
  additionalProperties: false,
} as const;

export const eraseBody = {
  $id: 'urn:lotse:api:privacy:erase',
  type: 'object',
  required: ['confirm'],
  properties: { confirm: { type: 'string', minLength: 3, maxLength: 254 } },
  additionalProperties: false,
} as const;
