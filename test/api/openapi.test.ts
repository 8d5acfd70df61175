import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Context } from 'hono';
import { buildOpenApi, catalogue, documentedRoutes, openApiPath } from '../../server/openapi/document';
import { dbTargets } from '../support/db';
import { Client, seededApp } from '../support/api';
import { buildVictim, type Victim } from './access-matrix/fixture';
import { RULES, type Caller } from './access-matrix/routes';

// The schema each route hands to readBody, in call order: the document must name exactly that one.
const seen = vi.hoisted(() => ({ schemas: [] as object[] }));
vi.mock('../../server/http/body', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../server/http/body')>();
  return {
    ...original,
    readBody: (c: Context, schema: object) => {
      seen.schemas.push(schema);
      return original.readBody(c, schema);
    },
  };
});

const emails: Partial<Record<Caller, string>> = {
  employee: 'employee@lotse.demo',
  agentHr: 'agent.hr@lotse.demo',
  ownerHr: 'owner.hr@lotse.demo',
  analyst: 'analyst@lotse.demo',
  admin: 'admin@lotse.demo',
};

type Doc = { openapi: string; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, unknown> } };

/** Inline response schemas point at '#/components/…' of the document; ajv gets the components under one id. */
const rooted = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"urn:lotse:openapi#/components/'));

describe('OpenAPI document: every route, answers as documented (pglite)', () => {
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let victim: Victim;
  let doc: Doc;
  const clients = {} as Record<Caller, Client>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<object, ValidateFunction>();
  const check = (schema: object, data: unknown) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(rooted(schema))));
    return v(data) ? null : ajv.errorsText(v.errors);
  };
  const operation = (key: string) => {
    const [method, path] = key.split(' ');
    return doc.paths[openApiPath(path).path]?.[method.toLowerCase()];
  };

  beforeAll(async () => {
    const opened = await dbTargets()[0].open();
    dispose = opened.dispose;
    ctx = await seededApp(opened.db);
    victim = await buildVictim(ctx, opened.db);
    clients.anonymous = ctx.anonymous();
    for (const [caller, email] of Object.entries(emails)) clients[caller as Caller] = await ctx.as(email);
    clients.token = ctx.anonymous();
    const res = await ctx.anonymous().get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as Doc;
    ajv.addSchema({ $id: 'urn:lotse:openapi', components: doc.components });
  }, 120_000);
  afterAll(() => dispose());

  it('is OpenAPI 3.1 with one operation for every route of the route table, and none for a route that is gone', () => {
    expect(doc.openapi).toBe('3.1.0');
    const built = buildOpenApi(ctx.app.routes, 'test');
    expect(built.missing).toEqual([]);
    expect(built.stale).toEqual([]);
    const table = documentedRoutes(ctx.app.routes);
    expect(table.length).toBeGreaterThan(100);
    const absent = table.filter((key) => !operation(key)?.summary || !Object.keys(operation(key).responses).length);
    expect(absent).toEqual([]);
    // The same routes as the access matrix's table: nothing documented that has no access rule.
    expect(table.filter((k) => !(k in RULES))).toEqual([]);
    // Operation ids are unique and without `_`, which Swagger UI's deep links read as an escaped space.
    const ids = table.map((key) => operation(key).operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
  });

  it('names every path parameter and compiles every documented answer schema', () => {
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      const named = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        const params = (op.parameters as { name: string; in: string }[]).filter((p) => p.in === 'path').map((p) => p.name);
        if (JSON.stringify(params) !== JSON.stringify(named)) wrong.push(`${method} ${path}: parameters ${params} ≠ ${named}`);
        for (const [status, answer] of Object.entries(op.responses as Record<string, any>)) {
          const schema = answer.content?.['application/json']?.schema ?? (answer.$ref ? doc.components.schemas.Error : undefined);
          try {
            if (schema) check(schema, null);
          } catch (err) {
            wrong.push(`${method} ${path} ${status}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers every GET as its documented schema says, for a caller who may', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [key, rule] of Object.entries(RULES)) {
      const [method] = key.split(' ');
      if (method !== 'GET' || rule.mode === 'skip' || key === 'GET /metrics') continue;
      const caller: Caller = rule.may.includes('admin') ? 'admin' : rule.may.find((c) => c !== 'anonymous' && c !== 'token') ?? 'admin';
      for (const path of [rule.path(victim)].flat()) {
        const res = await clients[caller].get(path);
        const answer = operation(key)?.responses?.[String(res.status)];
        if (!answer || res.status >= 300) {
          wrong.push(`${caller} ${path} → ${res.status} (documented: ${Object.keys(operation(key)?.responses ?? {})})`);
          continue;
        }
        const schema = answer.content?.['application/json']?.schema;
        if (!schema) continue; // a file, CSV/XES download or stream: the status is what the document promises
        const error = check(schema, res.body);
        if (error) wrong.push(`${caller} ${path} → ${error}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('documents the records lists that are empty for the matrix callers: the requester\'s notifications', async () => {
    const requester = await ctx.as(victim.requester);
    const res = await requester.get('/api/notifications');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(check(operation('GET /api/notifications').responses['200'].content['application/json'].schema, res.body)).toBeNull();
  });

  it('serves the document and its browser without signing in', async () => {
    const anonymous = ctx.anonymous();
    const page = await anonymous.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('/api/docs/swagger-ui-bundle.js');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const [asset, type] of [['swagger-ui-bundle.js', 'javascript'], ['swagger-ui.css', 'text/css'], ['init.js', 'javascript']]) {
      const res = await anonymous.get(`/api/docs/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
    }
    expect((await anonymous.get('/api/docs/init.js')).body).toContain('/api/openapi.json');
    const outside = await anonymous.get('/api/docs/..%2Fpackage.json');
    expect(outside.status).toBe(404);
    expect(check(doc.components.schemas.Error as object, outside.body)).toBeNull();
  });

  it('refuses an anonymous caller on every signed-in GET with the documented error answer', async () => {
    const wrong: string[] = [];
    for (const [key, rule] of Object.entries(RULES)) {
      const op = operation(key);
      if (!key.startsWith('GET ') || op.security.length === 0 || key === 'GET /api/events') continue;
      const res = await clients.anonymous.get([rule.path(victim)].flat()[0]);
      if (res.status !== 401 || !op.responses['401']) wrong.push(`${key} → ${res.status}`);
      const error = check(doc.components.schemas.Error as object, res.body);
      if (error) wrong.push(`${key}: ${error}`);
    }
    expect(wrong).toEqual([]);
  });

  it('validates every write with the documented request schema and answers a wrong body with the documented error', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [key, op] of Object.entries(catalogue)) {
      const [method] = key.split(' ');
      if (method === 'GET' || !op.body) continue;
      const path = [RULES[key].path(victim)].flat()[0];
      const client = op.auth === 'public' ? clients.anonymous : clients.admin;
      seen.schemas = [];
      const res = await client.request(method, path, { notAField: 1, components: 'x' });
      if (!seen.schemas.length) {
        wrong.push(`${key}: the route read no body (→ ${res.status})`);
        continue;
      }
      try {
        expect(seen.schemas[seen.schemas.length - 1]).toEqual(op.body);
        expect(operation(key).requestBody.content['application/json'].schema).toEqual(JSON.parse(JSON.stringify(op.body)));
      } catch {
        wrong.push(`${key}: the route validates with another schema than the document names`);
      }
      if (!operation(key).responses[String(res.status)]) wrong.push(`${key} → ${res.status}, not documented`);
      if (res.status !== 422) wrong.push(`${key}: a body with an unknown field → ${res.status}`);
      const error = check(doc.components.schemas.Error as object, res.body);
      if (error) wrong.push(`${key}: ${error}`);
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });
  // Last: these change the victim's records (the checks above read them first).
  it('answers the writes of the access matrix, done by an admin, as documented', async () => {
    const wrong: string[] = [];
    let ok = 0;
    for (const [key, rule] of Object.entries(RULES)) {
      const [method] = key.split(' ');
      if (method === 'GET' || method === 'DELETE' || rule.mode === 'skip' || !rule.body) continue;
      const path = [rule.path(victim)].flat()[0];
      seen.schemas = [];
      const res = await clients.admin.request(method, path, rule.body(victim));
      if (seen.schemas.length && !catalogue[key].body) wrong.push(`${key} reads a JSON body the document does not describe`);
      const answer = operation(key)?.responses?.[String(res.status)];
      if (!answer) {
        wrong.push(`${key} → ${res.status}, not documented: ${JSON.stringify(res.body)?.slice(0, 160)}`);
        continue;
      }
      const schema = res.status >= 400 ? doc.components.schemas.Error : answer.content?.['application/json']?.schema;
      if (res.status === 204 || !schema) continue;
      const error = check(schema as object, res.body);
      if (error) wrong.push(`${key} → ${res.status}: ${error}`);
      else if (res.status < 300) ok++;
    }
    expect(wrong).toEqual([]);
    expect(ok).toBeGreaterThan(15);
  });
});
