import type { FormDefinition } from '../../common/forms/types';

/** A leave request: the designer's example and the fixture of the forms tests. */
export const leaveRequestForm: FormDefinition = {
  schema: {
    type: 'object',
    properties: {
      startDate: { type: 'string', format: 'date' },
      days: { type: 'integer', minimum: 1, maximum: 30 },
      reason: { type: 'string', enum: ['vacation', 'training', 'other'] },
      otherReason: { type: 'string', minLength: 5, maxLength: 500 },
      substitutes: {
        type: 'array',
        maxItems: 3,
        items: { type: 'object', properties: { name: { type: 'string', minLength: 2 }, email: { type: 'string', format: 'email' } }, required: ['name'] },
      },
      attachment: { type: 'string', format: 'uuid' },
    },
    required: ['startDate', 'days', 'reason', 'otherReason'],
  },
  ui: {
    fields: [
      { key: 'intro', kind: 'heading', label: { de: 'Urlaubsantrag', en: 'Leave request' } },
      { key: 'startDate', kind: 'date', label: { de: 'Erster Tag', en: 'First day' }, width: 'half' },
      { key: 'days', kind: 'number', label: { de: 'Tage', en: 'Days' }, width: 'half', help: { de: '1 bis 30', en: '1 to 30' } },
      {
        key: 'reason',
        kind: 'select',
        label: { de: 'Grund', en: 'Reason' },
        options: [
          { value: 'vacation', label: { de: 'Erholung', en: 'Vacation' } },
          { value: 'training', label: { de: 'Weiterbildung', en: 'Training' } },
          { value: 'other', label: { de: 'Anderer Grund', en: 'Other' } },
        ],
      },
      { key: 'otherReason', kind: 'textarea', label: { de: 'Welcher Grund?', en: 'Which reason?' }, showIf: '=reason = "other"' },
      {
        key: 'substitutes',
        kind: 'group',
        label: { de: 'Vertretung', en: 'Substitutes' },
        fields: [
          { key: 'name', kind: 'text', label: { de: 'Name', en: 'Name' }, width: 'half' },
          { key: 'email', kind: 'email', label: { de: 'E-Mail', en: 'Email' }, width: 'half' },
        ],
      },
      { key: 'attachment', kind: 'file', label: { de: 'Anhang', en: 'Attachment' } },
    ],
  },
};
