import deploymentSchema from '../../../schemas/api/deployment.json';
import draftSchema from '../../../schemas/api/draft.json';
import { camundaFormBody, createFormBody, updateFormBody } from '../../forms/body-schemas';
import { anyObject, arrayOf, bool, list, obj, ref, str, uuid } from '../records';
import type { Catalogue } from '../types';
import { migrationSchema } from '../../definitions/migration-schema';

/** Mirror of the inline body of PATCH /api/definitions/:id (server/routes/processes.ts), checked against it by the contract test. */
const enabledSchema = { type: 'object', required: ['enabled'], properties: { enabled: { type: 'boolean' } }, additionalProperties: false };

const deployResult = obj(['processes', 'forms'], {
  processes: arrayOf(obj(['id', 'key', 'version', 'created'], { id: uuid, key: str, version: { type: 'integer' }, created: bool, resource: str })),
  forms: arrayOf(obj(['key', 'created'], { key: str, version: { type: 'integer' }, created: bool })),
  decisions: arrayOf(anyObject),
  warnings: arrayOf({}),
});

export const modellingRoutes: Catalogue = {
  'GET /api/forms': {
    tag: 'Forms', summary: 'Forms of my departments (latest versions)', auth: 'session',
    query: [{ name: 'departmentId', description: 'Only this department (one I own)', schema: uuid }],
    ok: { 200: { description: 'Forms', schema: list('FormSummary') } },
  },
  'POST /api/forms': { tag: 'Forms', summary: 'Create a form', auth: 'session', body: createFormBody, ok: { 201: { description: 'Created', schema: ref('Form') } } },
  'POST /api/forms/import/camunda': {
    tag: 'Forms', summary: 'Convert a Camunda form (.form JSON) into a Lotse form definition; nothing is stored', auth: 'session', body: camundaFormBody,
    ok: { 200: { description: 'The converted definition and what could not be converted', schema: anyObject } },
  },
  'GET /api/forms/:key': {
    tag: 'Forms', summary: 'A form to fill (latest or a given version)', auth: 'session',
    query: [{ name: 'version', description: 'This version instead of the latest', schema: { type: 'integer', minimum: 1 } }],
    ok: { 200: { description: 'The form', schema: ref('Form') } },
  },
  'GET /api/forms/:key/versions': { tag: 'Forms', summary: 'Versions of a form', auth: 'session', ok: { 200: { description: 'Versions', schema: list('FormVersion') } } },
  'PUT /api/forms/:key': {
    tag: 'Forms', summary: 'Save a form (a changed definition becomes a new version)', auth: 'session', body: updateFormBody,
    ok: { 200: { description: 'The form; created tells whether a new version was made', schema: { allOf: [ref('Form'), obj(['created'], { created: bool })] } } },
  },
  'POST /api/files': {
    tag: 'Files', summary: 'Upload an attachment (multipart, field "file")', auth: 'session',
    multipart: obj(['file'], { file: { type: 'string', contentMediaType: 'application/octet-stream' } }),
    ok: { 201: { description: 'Stored', schema: ref('StoredFile') } },
  },
  'GET /api/files/:id': { tag: 'Files', summary: 'Download an attachment (whoever may see its request)', auth: 'session', ok: { 200: { description: 'The file as uploaded', media: 'application/octet-stream' } } },

  'GET /api/processes': { tag: 'Modelling', summary: 'Processes of my departments with draft and latest version', auth: 'session', ok: { 200: { description: 'Processes', schema: list('Process') } } },
  'GET /api/processes/:key/draft': { tag: 'Modelling', summary: 'The draft of a process (or its latest version)', auth: 'session', ok: { 200: { description: 'The draft', schema: ref('Draft') } } },
  'PUT /api/processes/:key/draft': {
    tag: 'Modelling', summary: 'Save a draft (optimistic: send the revision you read)', auth: 'session', body: draftSchema,
    ok: { 200: { description: 'The saved draft (without its XML)', schema: obj(['key', 'revision', 'updatedAt'], { key: str, revision: { type: 'integer' }, departmentId: { type: ['string', 'null'] }, updatedAt: { type: 'string', format: 'date-time' }, updatedBy: anyObject }) } },
  },
  'POST /api/deployments': {
    tag: 'Modelling', summary: 'Deploy a BPMN document or a Camunda project (all or nothing)', auth: 'session', body: deploymentSchema,
    multipart: obj([], { resources: arrayOf({ type: 'string', contentMediaType: 'application/octet-stream' }), comment: str }),
    description: 'JSON (xml, or resources) or multipart (every file part is a resource, named by its file name). 201 when anything new was deployed, 200 when all of it was already there.',
    ok: { 200: { description: 'Nothing new', schema: deployResult }, 201: { description: 'Deployed', schema: deployResult } },
  },
  'POST /api/process-definitions/:key/migrations': {
    tag: 'Modelling', summary: 'Move running instances of one version to another (dry run lists what would happen)', auth: 'session', body: migrationSchema,
    description: 'Owners of the process\'s department and admins. Each instance moves in its own transaction; an instance with an active element that has no target is refused with the element id.',
    ok: { 200: { description: 'Per instance: migrated or refused with reason and element; both versions\' elements', schema: anyObject } },
  },
  'GET /api/definitions': {
    tag: 'Modelling', summary: 'Deployed versions', auth: 'session',
    query: [{ name: 'key', description: 'Only versions of this process', schema: str }],
    ok: { 200: { description: 'Versions', schema: list('Definition') } },
  },
  'GET /api/definitions/:id': { tag: 'Modelling', summary: 'One deployed version with its XML', auth: 'session', ok: { 200: { description: 'The version', schema: ref('Definition') } } },
  'PATCH /api/definitions/:id': { tag: 'Modelling', summary: 'Enable or disable a version for new requests', auth: 'session', body: enabledSchema, ok: { 200: { description: 'The version', schema: ref('Definition') } } },
  'GET /api/catalog': { tag: 'Portal', summary: 'The services I may request', auth: 'session', ok: { 200: { description: 'Services', schema: list('CatalogService') } } },
};
