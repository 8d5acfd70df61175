/** Request bodies of the absences and master-data routes (the OpenAPI catalogue imports the same objects). */
export const absenceBody = {
  $id: 'urn:lotse:api:absence',
  type: 'object',
  required: ['employeeEmail', 'departmentId', 'kind', 'firstDay', 'lastDay'],
  properties: {
    employeeEmail: { type: 'string', minLength: 3, maxLength: 254 },
    departmentId: { type: 'string', format: 'uuid' },
    kind: { enum: ['vacation', 'sick', 'other'] },
    firstDay: { type: 'string', format: 'date' },
    lastDay: { type: 'string', format: 'date' },
    substituteEmail: { type: 'string', maxLength: 254 },
    documentId: { type: 'string', format: 'uuid' },
    note: { type: 'string', maxLength: 500 },
  },
  additionalProperties: false,
} as const;

export const masterDataBody = {
  $id: 'urn:lotse:api:personnel-file:master-data',
  type: 'object',
  properties: {
    entryDate: { type: ['string', 'null'], format: 'date' },
    jobTitle: { type: ['string', 'null'], maxLength: 200 },
  },
  additionalProperties: false,
} as const;
