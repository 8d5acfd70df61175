import { importSchema } from '../../insights/schemas';
import { anyObject, arrayOf, int, list, nnum, obj, ref, str, uuid } from '../records';
import type { Catalogue, Operation, Param } from '../types';

const filter: Param[] = [
  { name: 'from', description: 'First day (YYYY-MM-DD; default 89 days before to)', schema: { type: 'string', format: 'date' } },
  { name: 'to', description: 'Last day (YYYY-MM-DD; default today)', schema: { type: 'string', format: 'date' } },
  { name: 'processKey', description: 'Only this process', schema: str },
  { name: 'version', description: 'Only this version (with processKey)', schema: { type: 'integer', minimum: 1 } },
  { name: 'departmentId', description: 'Only this department', schema: uuid },
  { name: 'channel', description: 'Only requests that came in through this channel (400 for any other word)', schema: { type: 'string', enum: ['portal', 'mail'] } },
];
const stats = obj(['mean', 'median', 'p90'], { mean: nnum, median: nnum, p90: nnum });
const kpi = (summary: string, schema: Record<string, unknown>): Operation => ({ tag: 'Insights', summary, auth: 'session', query: filter, ok: { 200: { description: summary, schema } } });
const filtered = (required: string[], properties: Record<string, Record<string, unknown>>) => obj(['filter', ...required], { filter: ref('InsightFilter'), ...properties });

const importReport = obj(['id', 'name', 'cases', 'events', 'activities', 'warnings'], { id: uuid, name: str, cases: int, events: int, activities: int, dateFormat: str, warnings: arrayOf({}), ms: int });

export const insightRoutes: Catalogue = {
  'GET /api/insights/processes': { tag: 'Insights', summary: 'Processes I may analyse, with their versions', auth: 'session', ok: { 200: { description: 'Processes', schema: list('InsightProcess') } } },
  'GET /api/insights/overview': kpi('Headline KPIs: volume, cycle time, work in progress, SLA, satisfaction, weeks', filtered(['requests', 'cycleTime', 'workInProgress', 'sla', 'weeks'], {
    processes: int, requests: obj(['started', 'completed'], { started: int, completed: int, terminated: int }), cycleTime: obj(['calendar', 'business'], { calendar: stats, business: stats }),
    workInProgress: anyObject, sla: anyObject, escalations: int, reopenRate: nnum, satisfaction: anyObject, weeks: arrayOf(anyObject),
  })),
  'GET /api/insights/cycle-times': kpi('Cycle time distribution (calendar and business time)', filtered(['completed', 'calendar', 'business'], { completed: int, calendar: anyObject, business: anyObject })),
  'GET /api/insights/steps': kpi('Per step: counts, durations, waiting and processing time', filtered(['items'], { items: arrayOf(obj(['elementId', 'started', 'completed'], { elementId: str, name: { type: ['string', 'null'] }, nameDe: { type: ['string', 'null'] }, started: int, completed: int })) })),
  'GET /api/insights/sla': kpi('SLA compliance by target, step and week', filtered(['targets', 'steps', 'weeks'], { targets: arrayOf(anyObject), steps: arrayOf(anyObject), weeks: arrayOf(anyObject) })),
  'GET /api/insights/escalations': kpi('Escalations by week and step', filtered(['weeks', 'byStep'], { weeks: arrayOf(anyObject), byStep: arrayOf(anyObject) })),
  'GET /api/insights/variants': kpi('Path variants of completed requests', filtered(['completed', 'variants', 'items'], { completed: int, variants: int, items: arrayOf(anyObject) })),
  'GET /api/insights/channels': kpi('Requests by channel (portal, e-mail)', obj(['weeks', 'channels'], { weeks: arrayOf(anyObject), channels: arrayOf(obj(['channel', 'started'], { channel: str, started: int })), mailShare: nnum })),
  'GET /api/insights/diagram': {
    tag: 'Insights', summary: 'The diagram of a process version for the heatmap', auth: 'session',
    query: [{ name: 'processKey', description: 'The process', schema: str, required: true }, { name: 'version', description: 'A version (default the latest)', schema: { type: 'integer', minimum: 1 } }],
    ok: { 200: { description: 'The diagram', schema: obj(['definitionId', 'processKey', 'version', 'xml'], { definitionId: uuid, processKey: str, version: int, xml: str }) } },
  },
  'GET /api/insights/export/:format{csv|xes|ocel}': {
    tag: 'Insights', summary: 'The event log as CSV, XES (IEEE 1849) or OCEL 2.0 JSON', auth: 'session', query: filter,
    ok: { 200: { description: 'A download: text/csv, application/xml or OCEL JSON', media: 'text/csv' } },
  },
  'GET /api/insights/datasets': { tag: 'Insights', summary: 'Imported event logs', auth: 'session', ok: { 200: { description: 'Datasets', schema: list('Dataset') } } },
  'POST /api/insights/datasets': {
    tag: 'Insights', summary: 'Import an event log (CSV or XES) with a column mapping',
    description: 'With `content` (up to 64 MB of JSON) the log is imported at once (201). Without it the dataset is created empty (202) and its log follows as the streamed body of PUT /api/insights/datasets/{id}/content, any size up to EVENTLOG_MAX_MB.',
    auth: 'session', body: importSchema,
    ok: {
      201: { description: 'Imported: counts, the date format found, warnings', schema: importReport },
      202: { description: 'Created without content: upload the log next', schema: obj(['id', 'status', 'upload'], { id: uuid, status: { const: 'pending' }, upload: str }) },
    },
  },
  'PUT /api/insights/datasets/:id/content': {
    tag: 'Insights', summary: 'Upload the log of a dataset created without content (streamed, plain or gzip)',
    description: 'The body is the XES or CSV file as it is, or gzipped (recognised by its first bytes). It is parsed and stored while it arrives; progress: GET …/progress. Over EVENTLOG_MAX_MB uncompressed (default 512): 413. An aborted upload, a log with problems (422 with the rows) or a DELETE of the dataset meanwhile leave nothing stored.',
    auth: 'session', raw: ['application/xml', 'text/csv', 'application/gzip', 'application/octet-stream'],
    ok: { 201: { description: 'Imported', schema: importReport } },
  },
  'GET /api/insights/datasets/:id/progress': {
    tag: 'Insights', summary: 'Progress of an import (for a progress bar; any server process answers it)', auth: 'session',
    ok: { 200: { description: 'Status and counts so far', schema: obj(['id', 'status', 'received', 'bytes', 'events', 'traces'], { id: uuid, status: { enum: ['pending', 'importing', 'ready'] }, received: int, bytes: int, events: int, traces: int }) } },
  },
  'GET /api/insights/datasets/:id': {
    tag: 'Insights', summary: 'Summary of an imported event log', auth: 'session',
    ok: { 200: { description: 'Summary', schema: { allOf: [ref('Dataset'), obj(['mapping', 'caseDuration', 'activityStats', 'variants'], { mapping: anyObject, caseDuration: anyObject, weeks: arrayOf(anyObject), activityStats: arrayOf(anyObject), variants: anyObject })] } } },
  },
  'GET /api/insights/datasets/:id/map': {
    tag: 'Insights', summary: 'Process map (directly-follows graph) of an imported log', auth: 'session',
    ok: { 200: { description: 'Nodes and edges', schema: obj(['nodes', 'edges'], { nodes: arrayOf(obj(['id', 'frequency'], { id: str, frequency: int })), edges: arrayOf(obj(['source', 'target', 'frequency'], { source: str, target: str, frequency: int, meanDuration: nnum })) }) } },
  },
  'DELETE /api/insights/datasets/:id': { tag: 'Insights', summary: 'Delete an imported log', auth: 'session', ok: { 204: { description: 'Deleted' } } },

  'GET /api/openapi.json': { tag: 'System', summary: 'This document (OpenAPI 3.1)', auth: 'public', ok: { 200: { description: 'The OpenAPI document', schema: obj(['openapi', 'paths'], { openapi: { const: '3.1.0' }, paths: anyObject }) } } },
  'GET /api/docs': { tag: 'System', summary: 'The API browser (Swagger UI, served from this server)', auth: 'public', ok: { 200: { description: 'An HTML page', media: 'text/html' } } },
  'GET /api/docs/:asset': { tag: 'System', summary: 'A file of the API browser', auth: 'public', ok: { 200: { description: 'A script, style sheet or icon', media: 'application/javascript' } } },
};
