import assignSchema from '../../../schemas/api/task-assign.json';
import commentSchema from '../../../schemas/api/comment.json';
import messageSchema from '../../../schemas/api/message.json';
import secretSchema from '../../../schemas/api/secret.json';
import slaSchema from '../../../schemas/api/sla.json';
import startSchema from '../../../schemas/api/instance-start.json';
import jobsSchema from '../../../schemas/api/jobs.json';
import variablesSchema from '../../../schemas/api/variables.json';
import { arrayOf, bool, int, list, obj, ref, str, uuid } from '../records';
import type { Catalogue, Param } from '../types';

/*
 * Mirrors of the body schemas that the route files declare inline (not exported): rating,
 * priority, task draft, bulk claim, signals, notifications read. The contract test compares each with
 * the schema the route hands to readBody, so a change on either side fails it.
 */
const ratingSchema = { type: 'object', required: ['score'], properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000 } }, additionalProperties: false };
const prioritySchema = { type: 'object', required: ['priority'], properties: { priority: { enum: ['low', 'medium', 'high', 'critical'] } }, additionalProperties: false };
const taskDraftSchema = { type: 'object', required: ['variables'], properties: { variables: { type: 'object' } }, additionalProperties: false };
const bulkClaimSchema = { type: 'object', required: ['ids'], properties: { ids: { type: 'array', maxItems: 200, items: { type: 'string', format: 'uuid' } } }, additionalProperties: false };
const signalSchema = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, variables: { type: 'object' } }, additionalProperties: false };
const readSchema = { type: 'object', properties: { ids: { type: 'array', maxItems: 500, items: { type: 'string', format: 'uuid' } } }, additionalProperties: false };
// The same wrappers server/routes/sla.ts and secrets.ts build around their $defs (ajv resolves the $refs against the $id).
const calendarBody = { $id: 'urn:lotse:api:sla:calendar', $defs: slaSchema.$defs, $ref: '#/$defs/calendar' };
const departmentSlaBody = { $id: 'urn:lotse:api:sla:department', $defs: slaSchema.$defs, $ref: '#/$defs/department' };
const secretCreateBody = { $id: 'urn:lotse:api:secret:create', $defs: secretSchema.$defs, $ref: '#/$defs/create' };
const secretReplaceBody = { $id: 'urn:lotse:api:secret:replace', $defs: secretSchema.$defs, $ref: '#/$defs/replace' };

const paging: Param[] = [
  { name: 'limit', description: 'Page size', schema: { type: 'integer', minimum: 1 } },
  { name: 'offset', description: 'Rows to skip', schema: { type: 'integer', minimum: 0 } },
];
const taskQuery: Param[] = [
  { name: 'assignee', description: "'me', 'none' or an e-mail address", schema: str },
  { name: 'candidateGroup', description: 'Group key', schema: str },
  { name: 'processKey', description: 'Process key', schema: str },
  { name: 'state', description: 'open (default), claimed, completed, all', schema: str },
  { name: 'priority', description: 'Comma-separated priorities', schema: str },
  { name: 'due', description: 'Comma-separated: overdue, today, week, none', schema: str },
  { name: 'olderThan', description: 'ISO-8601 duration (P3D, PT12H)', schema: str },
  { name: 'q', description: 'Search: reference, title, requester, form text (German and English stemming, every word a prefix; at most 200 characters)', schema: { type: 'string', maxLength: 200 } },
  { name: 'sort', description: 'Sort key', schema: str },
  { name: 'direction', description: 'asc or desc', schema: { enum: ['asc', 'desc'] } },
  { name: 'limit', description: 'Page size (1–200, default 50)', schema: { type: 'integer', minimum: 1, maximum: 200 } },
  { name: 'offset', description: 'Rows to skip', schema: { type: 'integer', minimum: 0 } },
];
const task = { 200: { description: 'The task', schema: ref('Task') } };
const done = { 204: { description: 'Done' } };

export const workRoutes: Catalogue = {
  'POST /api/process-instances': {
    tag: 'Requests', summary: 'Start a request (an Idempotency-Key header makes a retry answer the first start)', auth: 'session', body: startSchema,
    ok: { 200: { description: 'Already started with this Idempotency-Key', schema: ref('Started') }, 201: { description: 'Started', schema: ref('Started') } },
  },
  'GET /api/process-instances': {
    tag: 'Requests', summary: 'Requests I may see (mine=1: the ones I started)', auth: 'session',
    query: [
      { name: 'mine', description: '1 or true: only the requests I started', schema: str },
      { name: 'status', description: 'Only this status', schema: str },
      { name: 'processKey', description: 'Only this process', schema: str },
      ...paging,
    ],
    ok: { 200: { description: 'A page of requests', schema: list('RequestSummary', { total: int }) } },
  },
  'GET /api/process-instances/:id': { tag: 'Requests', summary: 'One request with tasks, history and comments', auth: 'session', ok: { 200: { description: 'The request', schema: ref('Request') } } },
  'POST /api/process-instances/:id/cancel': { tag: 'Requests', summary: 'Withdraw or cancel a request', auth: 'session', ok: { 200: { description: 'Cancelled', schema: obj(['id', 'status'], { id: uuid, status: { const: 'terminated' } }) } } },
  'POST /api/process-instances/:id/comments': { tag: 'Requests', summary: 'Comment on a request: a public reply or (agents, owners, admins; never the requester) an internal note, with files uploaded before', auth: 'session', body: commentSchema, ok: { 201: { description: 'The comment', schema: ref('Comment') } } },
  'POST /api/process-instances/:id/rating': { tag: 'Requests', summary: 'Rate a completed request (1–5)', auth: 'session', body: ratingSchema, ok: { 201: { description: 'The rating', schema: obj(['score'], { score: int }) } } },
  'GET /api/process-instances/:id/diagram': {
    tag: 'Requests', summary: 'The diagram of a request with its active elements', auth: 'session',
    ok: { 200: { description: 'BPMN XML and active element ids', schema: obj(['xml', 'activeElementIds'], { xml: str, activeElementIds: arrayOf(str) }) } },
  },
  'POST /api/process-instances/:id/priority': { tag: 'Requests', summary: 'Change the priority of a request (restarts its SLA clocks)', auth: 'session', body: prioritySchema, ok: { 200: { description: 'The request', schema: ref('Request') } } },

  'GET /api/tasks': { tag: 'Tasks', summary: 'My task queues (filtered, sorted, paged)', auth: 'session', query: taskQuery, ok: { 200: { description: 'A page of tasks', schema: obj(['items', 'total'], { items: arrayOf(ref('Task')), total: int, totalExact: { ...bool, description: 'Only on a search: false when more tasks match than were counted (total is then the cap)' } }) } } },
  'GET /api/tasks/:id': {
    tag: 'Tasks', summary: 'One task with the request variables and my saved draft', auth: 'session',
    ok: { 200: { description: 'The task', schema: { allOf: [ref('Task'), obj(['variables', 'draft'], { variables: { type: 'object' }, draft: { type: ['object', 'null'] } })] } } },
  },
  'POST /api/tasks/:id/claim': { tag: 'Tasks', summary: 'Claim a task', auth: 'session', ok: task },
  'POST /api/tasks/:id/unclaim': { tag: 'Tasks', summary: 'Give a task back to its groups', auth: 'session', ok: task },
  'POST /api/tasks/:id/assign': { tag: 'Tasks', summary: 'Assign a task to a colleague (null: unassign)', auth: 'session', body: assignSchema, ok: done },
  'POST /api/tasks/:id/complete': { tag: 'Tasks', summary: 'Complete a task with the form values', auth: 'session', body: variablesSchema, ok: done },
  'PUT /api/tasks/:id/draft': { tag: 'Tasks', summary: 'Save my unfinished form values', auth: 'session', body: taskDraftSchema, ok: done },
  'POST /api/tasks/bulk-claim': {
    tag: 'Tasks', summary: 'Claim several tasks; answers per id', auth: 'session', body: bulkClaimSchema,
    ok: { 200: { description: 'Claimed and failed ids', schema: obj(['claimed', 'failed'], { claimed: arrayOf(uuid), failed: arrayOf(obj(['id', 'error'], { id: str, error: str })) }) } },
  },

  'POST /api/messages': {
    tag: 'Integration', summary: 'Correlate a message (or buffer it for ttl)', auth: 'worker', body: messageSchema,
    ok: { 200: { description: 'Correlated or buffered', schema: obj(['correlated', 'buffered'], { correlated: int, buffered: bool }) } },
  },
  'POST /api/signals': { tag: 'Integration', summary: 'Broadcast a signal', auth: 'worker', body: signalSchema, ok: { 200: { description: 'How many waits it reached', schema: obj(['reached'], { reached: int }) } } },
  'POST /api/jobs/activate': {
    tag: 'Integration', summary: 'Fetch and lock jobs of a type (external workers)', auth: 'worker', body: jobsSchema.$defs.activate,
    ok: { 200: { description: 'Locked jobs (none when the token does not cover the type)', schema: obj(['jobs'], { jobs: arrayOf(ref('Job')) }) } },
  },
  'POST /api/jobs/:id/complete': { tag: 'Integration', summary: 'Complete a job', auth: 'worker', body: jobsSchema.$defs.complete, ok: done },
  'POST /api/jobs/:id/fail': { tag: 'Integration', summary: 'Fail a job (retries 0: an incident)', auth: 'worker', body: jobsSchema.$defs.fail, ok: done },
  'POST /api/jobs/:id/error': { tag: 'Integration', summary: 'Throw a BPMN error from a job', auth: 'worker', body: jobsSchema.$defs.error, ok: done },
  'GET /api/incidents': {
    tag: 'Operations', summary: 'Incidents of my departments', auth: 'session',
    query: [{ name: 'status', description: 'open (default) or resolved', schema: { enum: ['open', 'resolved'] } }],
    ok: { 200: { description: 'Incidents', schema: list('Incident') } },
  },
  'POST /api/incidents/:id/retry': { tag: 'Operations', summary: 'Retry an incident, optionally with corrected variables', auth: 'session', body: variablesSchema, ok: done },

  'GET /api/notifications': {
    tag: 'Notifications', summary: 'My latest notifications, written in the reader\'s language', auth: 'session',
    query: [{ name: 'lang', description: 'de or en (the UI language); default: the user\'s language setting, else Accept-Language', schema: { enum: ['de', 'en'] } }],
    ok: { 200: { description: 'Notifications', schema: list('Notification', { unread: int }) } } },
  'POST /api/notifications/read': { tag: 'Notifications', summary: 'Mark notifications read (all without ids)', auth: 'session', body: readSchema, ok: done },
  'GET /api/events': {
    tag: 'Notifications', summary: 'Live updates (Server-Sent Events: "changed" with the visible instance ids, "ping")', auth: 'session',
    ok: { 200: { description: 'An event stream', media: 'text/event-stream' } },
  },

  'GET /api/calendars': { tag: 'SLA', summary: 'Working-time calendars', auth: 'session', ok: { 200: { description: 'Calendars', schema: list('Calendar') } } },
  'POST /api/calendars': { tag: 'SLA', summary: 'Create a calendar', auth: 'session', body: calendarBody, ok: { 201: { description: 'Created', schema: ref('Calendar') } } },
  'PUT /api/calendars/:id': { tag: 'SLA', summary: 'Replace a calendar', auth: 'session', body: calendarBody, ok: { 200: { description: 'The calendar', schema: ref('Calendar') } } },
  'DELETE /api/calendars/:id': { tag: 'SLA', summary: 'Delete an unused calendar', auth: 'session', ok: { 204: { description: 'Deleted' } } },
  'GET /api/sla/departments/:id': { tag: 'SLA', summary: 'SLA policies of a department', auth: 'session', ok: { 200: { description: 'Policies', schema: ref('DepartmentSla') } } },
  'PUT /api/sla/departments/:id': { tag: 'SLA', summary: 'Replace the SLA policies of a department', auth: 'session', body: departmentSlaBody, ok: { 200: { description: 'Policies', schema: ref('DepartmentSla') } } },

  'GET /api/secrets': {
    tag: 'Connectors', summary: 'Connector secrets I manage (names only, never values)', auth: 'session',
    ok: { 200: { description: 'Secrets; canStore is false without LOTSE_SECRET_KEY', schema: list('Secret', { canStore: bool }) } },
  },
  'POST /api/secrets': { tag: 'Connectors', summary: 'Store a secret', auth: 'session', body: secretCreateBody, ok: { 201: { description: 'Stored', schema: ref('Secret') } } },
  'PUT /api/secrets/:id': { tag: 'Connectors', summary: 'Replace the value of a secret', auth: 'session', body: secretReplaceBody, ok: { 200: { description: 'The secret', schema: ref('Secret') } } },
  'DELETE /api/secrets/:id': { tag: 'Connectors', summary: 'Delete a secret', auth: 'session', ok: { 204: { description: 'Deleted' } } },
};
