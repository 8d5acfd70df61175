import { accountRoutes } from './catalogue/accounts';
import { insightRoutes } from './catalogue/insights';
import { knowledgeRecords, knowledgeRoutes } from './catalogue/knowledge';
import { modellingRoutes } from './catalogue/modelling';
import { workRoutes } from './catalogue/work';
import { documentRoutes } from './catalogue/documents';
import { privacyRoutes } from './catalogue/privacy';
import { absenceRoutes } from './catalogue/absences';
import { problemRecords, problemRoutes } from './catalogue/problems';
import { records } from './records';
import type { Catalogue, JsonSchema, Operation } from './types';

export const catalogue: Catalogue = { ...accountRoutes, ...modellingRoutes, ...workRoutes, ...insightRoutes, ...documentRoutes, ...privacyRoutes, ...absenceRoutes, ...problemRoutes, ...knowledgeRoutes };

/** The routes that belong in the document: the API and /metrics, as Hono lists them (one entry per handler). */
export function documentedRoutes(routes: readonly { method: string; path: string }[]): string[] {
  return [...new Set(routes.filter((r) => r.method !== 'ALL' && ((r.path.startsWith('/api/') && r.path !== '/api/*') || r.path === '/metrics')).map((r) => `${r.method} ${r.path}`))];
}

/** Hono's `/:id` and `/:format{csv|xes}` become OpenAPI's `/{id}`, with the parameters they name. */
export function openApiPath(path: string): { path: string; params: { name: string; schema: JsonSchema }[] } {
  const params: { name: string; schema: JsonSchema }[] = [];
  const out = path.replace(/:([A-Za-z_]\w*)(\{([^}]*)\})?/g, (_m, name: string, _g, pattern?: string) => {
    const schema: JsonSchema = pattern && /^[\w|-]+$/.test(pattern)
      ? { enum: pattern.split('|') }
      : pattern ? { type: 'string', pattern: `^(${pattern})$` } : name === 'id' ? { type: 'string', format: 'uuid' } : { type: 'string' };
    params.push({ name, schema });
    return `{${name}}`;
  });
  return { path: out, params };
}

const errorText: Record<number, string> = {
  400: 'Malformed request (not JSON, a bad query parameter, a NUL character)',
  401: 'Not signed in (no or expired session, no valid API token)',
  403: 'Signed in, but not allowed',
  404: 'Not found, or not visible to the caller',
  409: 'Conflict (exists already, still in use, changed concurrently)',
  413: 'The body is larger than the budget',
  422: 'The body does not match the schema or the rules; errors names the fields by JSON pointer',
  429: 'Too many attempts; Retry-After says when to try again',
  500: 'Internal error (logged with the request id)',
};

/** The error statuses an operation can answer: by its access, path parameters, body and method. */
export function errorStatuses(method: string, op: Operation, hasParams: boolean): number[] {
  const s = new Set<number>([500, ...(op.errors ?? [])]);
  if (op.auth !== 'public') [401, 403].forEach((x) => s.add(x));
  if (hasParams) s.add(404);
  if (op.body || op.multipart || op.raw) [400, 413, 422].forEach((x) => s.add(x));
  if (method !== 'GET') s.add(409);
  if (method === 'GET' && op.query?.length) [400, 422].forEach((x) => s.add(x));
  return [...s].sort();
}

function security(method: string, op: Operation) {
  if (op.auth === 'public') return [];
  const session = method === 'GET' ? { session: [] } : { session: [], csrf: [] };
  return op.auth === 'worker' ? [session, { apiToken: [] }] : [session];
}

/**
 * "GET /api/tasks/:id" → "getApiTasksId": camelCase, because Swagger UI reads `_` in a deep link as an
 * escaped space (and warns that this is deprecated), and code generators name methods after it.
 */
export function operationId(key: string): string {
  const words = key.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1))).join('');
}

function operationObject(key: string, method: string, op: Operation, pathParams: { name: string; schema: JsonSchema }[]) {
  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(op.ok)) {
    responses[status] = {
      description: answer.description,
      ...(answer.schema || answer.media ? { content: { [answer.media ?? 'application/json']: answer.schema ? { schema: answer.schema } : {} } } : {}),
    };
  }
  for (const status of errorStatuses(method, op, pathParams.length > 0)) responses[status] = { $ref: `#/components/responses/E${status}` };
  const content: Record<string, unknown> = {};
  if (op.body) content['application/json'] = { schema: op.body };
  if (op.multipart) content['multipart/form-data'] = { schema: op.multipart };
  for (const media of op.raw ?? []) content[media] = { schema: { type: 'string', format: 'binary' } };
  return {
    operationId: operationId(key),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: security(method, op),
    parameters: [
      ...pathParams.map((p) => ({ name: p.name, in: 'path', required: true, schema: p.schema })),
      ...(op.query ?? []).map((q) => ({ name: q.name, in: 'query', required: q.required ?? false, description: q.description, schema: q.schema })),
    ],
    ...(Object.keys(content).length ? { requestBody: { required: (!!op.body || !!op.raw) && method !== 'DELETE', content } } : {}),
    responses,
  };
}

export interface Built {
  document: Record<string, unknown>;
  /** Routes of the route table without a catalogue entry (listed in the document as undocumented). */
  missing: string[];
  /** Catalogue entries for routes that are not in the route table. */
  stale: string[];
}

/** Builds the OpenAPI 3.1 document by walking the route table, so no route can be left out silently. */
export function buildOpenApi(routes: readonly { method: string; path: string }[], version: string): Built {
  const table = documentedRoutes(routes);
  const paths: Record<string, Record<string, unknown>> = {};
  const missing: string[] = [];
  for (const key of table) {
    const [method, path] = key.split(' ');
    const op: Operation = catalogue[key] ?? { tag: 'Undocumented', summary: `${key} (no catalogue entry in server/openapi/catalogue)`, auth: 'session', ok: {} };
    if (!catalogue[key]) missing.push(key);
    const { path: p, params } = openApiPath(path);
    (paths[p] ??= {})[method.toLowerCase()] = operationObject(key, method, op, params);
  }
  const responses = Object.fromEntries(Object.entries(errorText).map(([status, description]) => [
    `E${status}`, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  ]));
  const document = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Lotse API',
      version,
      description: 'The HTTP API of Lotse. Request bodies are the JSON Schemas the server validates with (schemas/api). '
        + 'A browser session signs in with POST /api/auth/login (session cookie) and sends the header X-Lotse-CSRF: 1 on every write; '
        + 'external workers and message senders use an API token (Authorization: Bearer …). Every answer carries X-Request-Id; errors also name it as requestId.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.values(catalogue).map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...records, ...problemRecords, ...knowledgeRecords },
      responses,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'lotse_session', description: 'The session cookie set by POST /api/auth/login' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-Lotse-CSRF', description: 'Any value; required with the session cookie on every write' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (Administration → API tokens), limited to its job types, message and signal names' },
      },
    },
  };
  return { document, missing, stale: Object.keys(catalogue).filter((k) => !table.includes(k)) };
}
