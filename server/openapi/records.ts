import type { JsonSchema } from './types';

/**
 * Response schemas of the records, written from what the routes answer (server/accounts, requests,
 * tasks, definitions, forms, …). `required` lists what the app relies on; further fields are allowed.
 */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const str: JsonSchema = { type: 'string' };
export const nstr: JsonSchema = { type: ['string', 'null'] };
export const int: JsonSchema = { type: 'integer' };
export const num: JsonSchema = { type: 'number' };
export const nnum: JsonSchema = { type: ['number', 'null'] };
export const bool: JsonSchema = { type: 'boolean' };
export const uuid: JsonSchema = { type: 'string', format: 'uuid' };
export const nuuid: JsonSchema = { type: ['string', 'null'], format: 'uuid' };
export const time: JsonSchema = { type: 'string', format: 'date-time' };
export const ntime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
export const anyObject: JsonSchema = { type: 'object' };
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const obj = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', required, properties });
/** `{ items: [Record] }`, the answer of every list route. */
export const list = (name: string, extra: Record<string, JsonSchema> = {}): JsonSchema =>
  obj(['items', ...Object.keys(extra)], { items: arrayOf(ref(name)), ...extra });

const roleGrant = obj(['role'], { role: { enum: ['employee', 'agent', 'owner', 'analyst', 'admin', 'privacy'] }, departmentId: uuid });
const priority = { enum: ['low', 'medium', 'high', 'critical'] };

export const records: Record<string, JsonSchema> = {
  Error: {
    type: 'object',
    description: 'Every error answer: a sentence, a stable code, the request id (also in the X-Request-Id header and the logs), and field errors on 422.',
    required: ['error', 'code', 'requestId'],
    properties: {
      error: str,
      code: str,
      requestId: str,
      errors: arrayOf(obj(['path', 'message'], { path: str, message: str, code: str })),
      retryAfter: int,
    },
  },
  SignedInUser: obj(['id', 'email', 'name', 'roles', 'groups', 'areas'], {
    id: uuid, email: str, name: str, locale: nstr, roles: arrayOf(roleGrant), groups: arrayOf(anyObject), areas: arrayOf(str),
  }),
  Department: obj(['id', 'key', 'name'], { id: uuid, key: str, name: str, referencePrefix: str }),
  GroupName: obj(['id', 'key', 'name'], { id: uuid, key: str, name: str, departmentId: nuuid }),
  User: obj(['id', 'email', 'name', 'roles', 'groupIds'], { id: uuid, email: str, name: str, locale: nstr, roles: arrayOf(roleGrant), groupIds: arrayOf(uuid), createdAt: time }),
  Group: obj(['id', 'key', 'name', 'memberIds'], { id: uuid, key: str, name: str, departmentId: nuuid, memberIds: arrayOf(uuid), leadIds: arrayOf(uuid) }),
  Person: obj(['name', 'email'], { name: str, email: str, department: nstr }),
  KeyOwner: obj(['kind', 'key', 'departmentId'], { kind: { enum: ['process', 'decision', 'form'] }, key: str, departmentId: uuid, department: obj(['key', 'name'], { key: str, name: str }), createdAt: time }),
  KeyTransfer: obj(['kind', 'key', 'fromDepartmentId', 'toDepartmentId'], { kind: str, key: str, fromDepartmentId: nuuid, toDepartmentId: uuid, reason: nstr }),
  ApiToken: obj(['id', 'name', 'jobTypes', 'createdAt', 'revokedAt'], {
    id: uuid, name: str, jobTypes: arrayOf(str), messageNames: arrayOf(str), signalNames: arrayOf(str), departmentId: nuuid, createdAt: time, revokedAt: ntime,
  }),
  FormSummary: obj(['key', 'version', 'title', 'createdAt'], { key: str, version: int, departmentId: nuuid, title: anyObject, fieldCount: int, createdAt: time }),
  Form: obj(['id', 'key', 'version', 'title', 'definition'], {
    id: uuid, key: str, version: int, departmentId: nuuid, title: anyObject,
    definition: obj(['schema', 'ui'], { schema: anyObject, ui: obj(['fields'], { fields: arrayOf(anyObject) }) }), createdAt: time,
  }),
  FormVersion: obj(['id', 'version', 'createdAt'], { id: uuid, version: int, createdAt: time, createdBy: nstr }),
  StoredFile: obj(['id'], { id: uuid, filename: str, contentType: str, size: int }),
  Process: obj(['key', 'name', 'departmentId', 'latest'], {
    key: str, name: nstr, departmentId: nuuid, draft: { type: ['object', 'null'] },
    latest: { type: ['object', 'null'], required: ['id', 'version', 'enabled'], properties: { id: uuid, version: int, deployedAt: time, enabled: bool } },
    runningInstances: int, openIncidents: int,
  }),
  Draft: obj(['key', 'xml', 'revision'], { key: str, xml: str, revision: int, departmentId: nuuid, updatedAt: ntime, updatedBy: { type: ['object', 'null'] }, fromVersion: { type: ['integer', 'null'] } }),
  Definition: obj(['id', 'key', 'version', 'departmentId', 'deployedAt', 'enabled'], {
    id: uuid, key: str, version: int, name: nstr, departmentId: nuuid, deployedAt: time, deployedBy: { type: ['object', 'null'] }, comment: nstr, enabled: bool,
    catalog: { type: ['object', 'null'] }, xml: str,
  }),
  CatalogService: obj(['definitionId', 'processKey', 'version', 'title', 'departmentId'], {
    definitionId: uuid, processKey: str, version: int, title: str, description: nstr, titleDe: nstr, descriptionDe: nstr, icon: nstr, departmentId: nuuid, departmentName: nstr, formId: nstr, formVersion: { type: ['integer', 'null'] },
  }),
  RequestSummary: obj(['id', 'processKey', 'version', 'reference', 'status', 'startedAt'], {
    id: uuid, processKey: str, processName: nstr, serviceTitle: nstr, serviceTitleDe: nstr, version: int, reference: str, businessKey: nstr,
    status: { enum: ['active', 'completed', 'terminated', 'cancelled', 'incident'] }, departmentId: nuuid, startedBy: nstr, startedAt: time, endedAt: ntime,
    openTasks: arrayOf(anyObject),
  }),
  Request: obj(['id', 'processKey', 'version', 'definitionId', 'reference', 'status', 'variables', 'activeElementIds', 'startedAt', 'tasks', 'history', 'comments'], {
    id: uuid, processKey: str, processName: nstr, version: int, definitionId: uuid, reference: str, businessKey: nstr, status: str, departmentId: nuuid,
    variables: anyObject, activeElementIds: arrayOf(str), startedBy: { type: ['object', 'null'], properties: { id: uuid, name: str, email: str } },
    fields: { ...anyObject, description: 'Per variable: the label (de/en), kind and option labels of the form field that asked for it (start form first)' },
    startedAt: time, endedAt: ntime, parentId: nuuid,
    tasks: arrayOf(obj(['id', 'elementId', 'status'], { id: uuid, elementId: str, name: nstr, nameDe: nstr, status: str, assignee: nstr, candidateGroups: arrayOf(str), dueAt: ntime, createdAt: time, completedAt: ntime })),
    incidents: arrayOf(anyObject),
    history: arrayOf(obj(['id', 'kind', 'time'], { id: int, kind: str, elementId: nstr, elementType: nstr, time: time, actor: nstr, data: {} })),
    comments: arrayOf(ref('Comment')),
    attachments: arrayOf(obj(['id', 'name'], { id: uuid, name: str, size: int, contentType: str, createdAt: time, commentId: nuuid })),
    internalNotes: bool,
  }),
  Started: obj(['id', 'state', 'reference'], { id: uuid, state: str, reference: str }),
  Comment: obj(['id', 'text', 'internal', 'attachments'], {
    id: uuid, text: str, internal: bool, author: {}, createdAt: time,
    attachments: arrayOf(obj(['id', 'name'], { id: uuid, name: str, size: int, contentType: str })),
  }),
  Task: obj(['id', 'instanceId', 'elementId', 'name', 'status', 'assignee', 'candidateGroups', 'createdAt', 'processKey', 'reference'], {
    id: uuid, instanceId: uuid, elementId: str, name: nstr, nameDe: nstr, formId: nstr, formVersion: { type: ['integer', 'null'] }, status: { enum: ['open', 'claimed', 'completed', 'cancelled'] },
    assignee: nstr, candidateGroups: arrayOf(str), candidateUsers: arrayOf(str), dueAt: ntime, dueState: nstr, followUpAt: ntime, priority: { type: ['integer', 'null'] },
    headers: anyObject, createdAt: time, claimedAt: ntime, completedAt: ntime, processKey: str, processName: nstr, serviceTitle: nstr, serviceTitleDe: nstr,
    version: int, reference: str, departmentId: nuuid, requestPriority: { anyOf: [priority, { type: 'null' }] }, sla: { type: ['object', 'null'] },
  }),
  Incident: obj(['id', 'instanceId', 'elementId', 'message', 'status', 'createdAt'], {
    id: uuid, instanceId: uuid, elementId: str, message: str, status: { enum: ['open', 'resolved'] }, createdAt: time, resolvedAt: ntime, processKey: str, reference: str, departmentId: nuuid,
  }),
  Job: obj(['id'], { id: uuid, type: str, instanceId: uuid, elementId: str, retries: int, variables: anyObject, customHeaders: anyObject }),
  Notification: obj(['id', 'kind', 'title', 'createdAt', 'readAt'], { id: uuid, kind: str, title: str, body: nstr, instanceId: nuuid, taskId: nuuid, createdAt: time, readAt: ntime }),
  Settings: obj(['notifications', 'substitute'], {
    notifications: { type: 'object', additionalProperties: obj(['inApp', 'email'], { inApp: bool, email: bool }) },
    substitute: { type: ['object', 'null'] },
  }),
  Calendar: obj(['id', 'key', 'name', 'timeZone', 'workingHours', 'closedDays'], { id: uuid, key: str, name: str, timeZone: str, workingHours: anyObject, holidayRegion: nstr, closedDays: arrayOf({}) }),
  DepartmentSla: obj(['policies'], { matrix: { type: ['object', 'null'] }, policies: arrayOf(anyObject), rules: arrayOf(anyObject), processes: arrayOf(anyObject) }),
  Secret: obj(['id', 'name', 'departmentId', 'createdAt', 'updatedAt'], { id: uuid, name: str, departmentId: nuuid, departmentName: nstr, createdAt: time, updatedAt: time, updatedBy: { type: ['object', 'null'] } }),
  Mailbox: obj(['id', 'departmentId', 'name', 'address', 'processKey', 'enabled', 'hasPassword'], {
    id: uuid, departmentId: uuid, name: str, address: str, processKey: str, defaults: anyObject, summaryField: nstr, descriptionField: nstr, unknownSenders: str,
    imapHost: nstr, imapPort: { type: ['integer', 'null'] }, imapUser: nstr, imapFolder: str, hasPassword: bool, enabled: bool, lastPollAt: ntime, lastError: nstr, createdAt: time, counts: anyObject,
  }),
  InboundMail: obj(['id', 'sender', 'receivedAt', 'outcome'], {
    id: uuid, messageId: nstr, sender: str, subject: nstr, receivedAt: time, outcome: str, reason: nstr, instanceId: nuuid, reference: nstr, size: { type: ['integer', 'null'] },
  }),
  RequestMail: obj(['id', 'sender', 'receivedAt', 'outcome', 'text', 'mailbox'], {
    id: uuid, sender: str, subject: nstr, receivedAt: time, outcome: str, reason: nstr, headers: { type: ['object', 'null'] }, text: nstr, mailbox: str,
  }),
  InsightProcess: obj(['key', 'versions'], { key: str, name: nstr, departmentId: nuuid, departmentName: nstr, versions: arrayOf(obj(['id', 'version'], { id: uuid, version: int })) }),
  InsightFilter: obj(['from', 'to'], { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, processKey: str, channel: { type: 'string', enum: ['portal', 'mail'] } }),
  Dataset: obj(['id', 'name', 'departmentId', 'source', 'cases', 'events'], {
    id: uuid, name: str, departmentId: nuuid, departmentName: nstr, source: str, cases: int, events: int, activities: int, firstEvent: ntime, lastEvent: ntime, createdAt: time,
  }),
  Priority: priority,
};
