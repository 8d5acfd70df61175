import problemSchema from '../../../schemas/api/problem.json';
import { arrayOf, bool, int, nnum, nstr, ntime, nuuid, num, obj, ref, str, time, uuid } from '../records';
import type { Catalogue, JsonSchema, Param } from '../types';

// The same wrappers server/routes/problems.ts hands to readBody.
const body = (def: string) => ({ $id: `urn:lotse:api:problem:${def}`, $defs: problemSchema.$defs, $ref: `#/$defs/${def}` });
const status = { enum: ['new', 'analysis', 'known_error', 'resolved', 'closed'] };
const period: Param[] = [
  { name: 'from', description: 'First day (YYYY-MM-DD; default 89 days before to)', schema: { type: 'string', format: 'date' } },
  { name: 'to', description: 'Last day (YYYY-MM-DD; default today)', schema: { type: 'string', format: 'date' } },
  { name: 'departmentId', description: 'Only this department', schema: uuid },
];
const window = obj(['from', 'to', 'incidents', 'perWeek', 'mttrHours'], { from: time, to: time, incidents: int, perWeek: num, mttrHours: nnum });
const effect: JsonSchema = { type: ['object', 'null'], required: ['serviceKey', 'resolvedAt', 'days', 'before', 'after'], properties: { serviceKey: str, resolvedAt: time, days: int, before: window, after: window } };

/** Response records of problem management, merged into the document's components. */
export const problemRecords: Record<string, JsonSchema> = {
  Problem: obj(['id', 'reference', 'departmentId', 'title', 'status', 'priority', 'canEdit', 'nextStatuses'], {
    id: uuid, reference: str, departmentId: uuid, title: str, description: str, status, rootCause: str, fiveWhys: arrayOf(str), workaround: str,
    serviceKey: nstr, priority: { enum: ['critical', 'high', 'medium', 'low'] }, owner: { type: ['object', 'null'] }, analysisInstanceId: nuuid, changeInstanceId: nuuid,
    workaroundArticleId: nuuid, createdAt: time, updatedAt: time, resolvedAt: ntime, closedAt: ntime, requestCount: int, canEdit: bool, nextStatuses: arrayOf(status),
  }),
  ProblemDetail: {
    allOf: [
      ref('Problem'),
      obj(['requests', 'hiddenRequests', 'kpis', 'analysis', 'changeRequests'], {
        requests: arrayOf(obj(['id', 'reference', 'processKey', 'status', 'startedAt', 'cycleHours'], {
          id: uuid, reference: nstr, processKey: str, serviceTitle: nstr, serviceTitleDe: nstr, departmentId: nuuid, summary: str, status: str, startedAt: time, endedAt: ntime, cycleHours: num,
        })),
        hiddenRequests: int,
        analysis: { type: ['object', 'null'], properties: { id: uuid, reference: nstr, status: str, processKey: str } },
        changeRequests: arrayOf(obj(['id', 'status'], { id: uuid, reference: nstr, status: str, processKey: str })),
        kpis: obj(['incidents', 'timeLostHours', 'openRequests', 'effect'], { incidents: int, timeLostHours: num, openRequests: int, effect }),
      }),
    ],
  },
};

const detail = { 200: { description: 'The problem with its linked requests and numbers', schema: ref('ProblemDetail') } };

export const problemRoutes: Catalogue = {
  'GET /api/problems': {
    tag: 'Problems', summary: 'Problems of my departments (analysts: all, read-only)', auth: 'session',
    query: [
      { name: 'status', description: 'Only this status', schema: status },
      { name: 'departmentId', description: 'Only this department', schema: uuid },
      { name: 'q', description: 'Words of the title, a reference (PRB-…) or an id', schema: { type: 'string', maxLength: 200 } },
      { name: 'limit', description: 'Page size', schema: { type: 'integer', minimum: 1 } },
      { name: 'offset', description: 'Rows to skip', schema: { type: 'integer', minimum: 0 } },
    ],
    ok: { 200: { description: 'Problems', schema: obj(['items', 'total'], { items: arrayOf(ref('Problem')), total: int }) } },
  },
  'POST /api/problems': {
    tag: 'Problems', summary: 'Create a problem in a department I work in, optionally linking requests (e.g. a recurring-incident group)', auth: 'session', body: body('create'),
    ok: { 201: { description: 'Created', schema: ref('ProblemDetail') } }, errors: [409],
  },
  'GET /api/problems/recurring': {
    tag: 'Problems', summary: 'Recurring incidents: groups of alike requests (same service and category, similar summary) not yet linked to a problem', auth: 'session',
    query: [
      ...period,
      { name: 'processKey', description: 'Only this service', schema: str },
      { name: 'similarity', description: 'Trigram similarity two summaries need (0.1–1, default 0.45)', schema: { type: 'number', minimum: 0.1, maximum: 1 } },
      { name: 'minCount', description: 'Smallest group shown (default 3)', schema: { type: 'integer', minimum: 2 } },
      { name: 'sort', description: 'count (default) or timeLost', schema: { enum: ['count', 'timeLost'] } },
      { name: 'limit', description: 'At most this many groups (default 20, at most 100)', schema: { type: 'integer', minimum: 1, maximum: 100 } },
    ],
    ok: {
      200: {
        description: 'Groups',
        schema: obj(['groups', 'candidates', 'truncated'], {
          groups: arrayOf(obj(['processKey', 'count', 'timeLostHours', 'summary', 'requests'], {
            processKey: str, serviceTitle: nstr, serviceTitleDe: nstr, departmentId: nuuid, category: nstr, summary: str, count: int, timeLostHours: num, firstAt: time, lastAt: time,
            requests: arrayOf(obj(['id'], { id: uuid, reference: nstr, summary: str, startedAt: time })),
          })),
          candidates: int,
          truncated: bool,
        }),
      },
    },
  },
  'GET /api/problems/kpis': {
    tag: 'Problems', summary: 'Per problem of the period: incidents, time lost, and its service before and after the fix', auth: 'session',
    query: [...period, { name: 'days', description: 'Length of the before and after windows in days (default 30)', schema: { type: 'integer', minimum: 1, maximum: 365 } }],
    ok: {
      200: {
        description: 'Problem KPIs',
        schema: obj(['items', 'totals'], {
          items: arrayOf(obj(['id', 'reference', 'title', 'status', 'incidents', 'timeLostHours', 'effect'], { id: uuid, reference: str, title: str, status, departmentId: uuid, serviceKey: nstr, incidents: int, timeLostHours: num, effect })),
          totals: obj(['problems', 'incidents', 'timeLostHours'], { problems: int, incidents: int, timeLostHours: num }),
        }),
      },
    },
  },
  'GET /api/problems/by-request/:requestId': {
    tag: 'Problems', summary: 'The problem a request is linked to (null when none, or when I may not see the problem)', auth: 'session',
    ok: { 200: { description: 'The problem or null', schema: obj(['problem'], { problem: { anyOf: [ref('Problem'), { type: 'null' }] } }) } },
  },
  'GET /api/problems/:id': { tag: 'Problems', summary: 'One problem with its linked requests and numbers', auth: 'session', ok: detail },
  'PATCH /api/problems/:id': { tag: 'Problems', summary: 'Change a problem (title, description, root cause, 5 Whys, workaround, service, priority, owner)', auth: 'session', body: body('update'), ok: detail, errors: [409] },
  'POST /api/problems/:id/status': {
    tag: 'Problems', summary: 'Move the status (new → analysis → known_error → resolved → closed); resolving tells the open linked requests', auth: 'session', body: body('status'),
    ok: detail, errors: [409],
  },
  'POST /api/problems/:id/workaround-article': {
    tag: 'Problems', summary: "Publish the known error's workaround as a public knowledge article (owners publish, agents submit for review)", auth: 'session',
    ok: { 200: { description: 'The article made before', schema: obj(['articleId', 'status'], { articleId: uuid, status: str }) }, 201: { description: 'Made', schema: obj(['articleId', 'status'], { articleId: uuid, status: str }) } },
  },
  'POST /api/problems/:id/analysis': {
    tag: 'Problems', summary: 'Start the department\'s problem-analysis process for the problem (message start "problem-recorded")', auth: 'session',
    ok: { 201: { description: 'Started; the problem as it is now', schema: ref('ProblemDetail') } }, errors: [409],
  },
  'POST /api/problems/:id/requests': { tag: 'Problems', summary: 'Link requests I may see (each request to one problem at most)', auth: 'session', body: body('link'), ok: detail, errors: [409] },
  'DELETE /api/problems/:id/requests/:requestId': { tag: 'Problems', summary: 'Unlink a request', auth: 'session', ok: { 204: { description: 'Unlinked' } } },
  'POST /api/problems/:id/close-requests': {
    tag: 'Problems', summary: 'Close the open linked requests in bulk (all, or requestIds) once the problem is resolved', auth: 'session', body: body('closeRequests'),
    ok: { 200: { description: 'The requests closed', schema: obj(['closed'], { closed: arrayOf(uuid) }) } }, errors: [409],
  },
};
