/** Request bodies of the forms API; the definition itself is checked by checkDefinition (meta-schema). */
const text = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { de: { type: 'string', maxLength: 200 }, en: { type: 'string', maxLength: 200 } },
};

export const FORM_KEY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$';

export const createFormBody = {
  type: 'object',
  required: ['key', 'title', 'definition'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', pattern: FORM_KEY_PATTERN },
    departmentId: { type: ['string', 'null'], format: 'uuid' },
    title: text,
    definition: { type: 'object' },
  },
};

export const updateFormBody = {
  type: 'object',
  required: ['title', 'definition'],
  additionalProperties: false,
  properties: { title: text, definition: { type: 'object' } },
};

export const camundaFormBody = {
  type: 'object',
  required: ['components'],
  properties: { components: { type: 'array', maxItems: 1000 } },
};
