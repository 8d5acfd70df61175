import { eraseBody, requestRetentionBody } from '../../documents/schemas';
import { anyObject, arrayOf, int, obj, str, time, uuid } from '../records';
import type { Catalogue, JsonSchema } from '../types';

/** Retention of request data and GDPR requests (issue #20, points 4 and 5). */
const items = (schema: JsonSchema) => obj(['items'], { items: arrayOf(schema) });
const requestRule = obj(['processKey', 'years'], { processKey: str, years: int });
const kept = obj(['kind', 'id', 'label', 'reason'], { kind: { enum: ['document', 'request', 'account'] }, id: uuid, label: str, reason: obj(['code'], { code: { enum: ['legal_hold', 'retention_rule', 'open_request', 'kept_documents'] } }) });
const person = obj(['id', 'name', 'email'], { id: uuid, name: str, email: str });

export const privacyRoutes: Catalogue = {
  'GET /api/retention/request-rules/:departmentId': {
    tag: 'Retention', summary: "How long a department keeps the personal data of each service's closed requests", auth: 'session',
    ok: { 200: { description: 'Rules', schema: items(requestRule) } },
  },
  'PUT /api/retention/request-rules/:departmentId': {
    tag: 'Retention', summary: "Replace a department's request retention rules (expired requests are anonymised, KPIs stay)", auth: 'session', body: requestRetentionBody,
    ok: { 200: { description: 'Rules', schema: items(requestRule) } },
  },
  'GET /api/privacy/people': {
    tag: 'Privacy', summary: 'Find a person by name or e-mail (admins, privacy role)', auth: 'session',
    query: [{ name: 'q', description: 'At least 2 characters of the name or e-mail', schema: str, required: true }],
    ok: { 200: { description: 'At most 20 people', schema: items(person) } },
  },
  'GET /api/privacy/people/:id/erasure': {
    tag: 'Privacy', summary: 'What an erasure of the person would anonymise and what it must keep, with the reason', auth: 'session',
    ok: { 200: { description: 'The plan', schema: obj(['person', 'erase', 'kept'], { person, erase: obj(['requests', 'documents'], { requests: arrayOf(uuid), documents: arrayOf(uuid) }), kept: arrayOf(kept) }) } },
  },
  'GET /api/privacy/people/:id/export': {
    tag: 'Privacy', summary: 'Everything Lotse holds about the person: a ZIP of JSON files and their documents, streamed (logged)', auth: 'session',
    ok: { 200: { description: 'The ZIP', media: 'application/zip' } },
  },
  'POST /api/privacy/people/:id/erase': {
    tag: 'Privacy', summary: 'Erase the person: anonymise their requests and traces, delete their documents — except what a legal hold or retention rule keeps (listed)', auth: 'session', body: eraseBody,
    ok: { 200: { description: 'Done', schema: obj(['erased', 'kept'], { person: obj(['id'], { id: uuid }), erased: anyObject, kept: arrayOf(kept) }) } }, errors: [409, 422],
  },
  'GET /api/privacy/log': {
    tag: 'Privacy', summary: 'Who exported or erased whose data, when', auth: 'session',
    ok: { 200: { description: 'Newest first', schema: items(obj(['id', 'at', 'actor', 'action', 'subjectId'], { id: int, at: time, actor: str, action: { enum: ['export', 'erase'] }, subjectId: uuid, subjectName: { type: ['string', 'null'] }, summary: anyObject })) } },
  },
};
