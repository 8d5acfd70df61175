/**
 * The REST connector, as Camunda 8 ships it (`io.camunda:http-json:1`, element template
 * io.camunda.connectors.HttpJson.v2) and as Lotse's own `http` type: method, url, headers,
 * queryParameters, body, authentication (none, basic, bearer, API key, OAuth 2.0 client
 * credentials), timeouts. Each setting is a task header (a value starting with `=` is FEEL) or the
 * job's variable of that name (Camunda's template passes them as input mappings; `authentication.type`
 * may arrive as a nested context or as a flat name). `{{secrets.NAME}}` in any of them is filled in
 * from the secret store just before the call (secrets.ts). The job worker (jobs/jobs.ts) runs it
 * outside any transaction; what comes back is decided in outcome.ts.
 */
import type { Queryable } from '../../db/types';
import { MAX_CONNECTOR_CALL_MS, MAX_CONNECTOR_RESPONSE_BYTES } from '../../../common/limits';
import type { SecretResolver } from '../runtime/ports';
import { ConnectorError, field, type JobInput } from './registry';
import { fillSecrets, redactor, secretNames } from './secrets';
import { decideOutcome, type ConnectorOutcome, type HttpResponse } from './outcome';

export type { ConnectorOutcome } from './outcome';

export interface RestContext {
  db: Queryable;
  secrets: SecretResolver | null | undefined;
}

interface Authentication {
  type?: string;
  username?: string; password?: string; token?: string;
  name?: string; value?: string; apiKeyLocation?: string;
  oauthTokenEndpoint?: string; clientId?: string; clientSecret?: string; audience?: string; scopes?: string; clientAuthentication?: string;
}

interface RestInputs {
  method: string;
  url: string;
  headers: Record<string, string>;
  queryParameters: Record<string, unknown>;
  body: unknown;
  authentication: Authentication;
  timeoutMs: number;
  followRedirects: boolean;
}

/** A setting: task header, else the variable (nested `a.b` or flat `"a.b"`, as input mappings name it). */
function setting(job: JobInput, name: string): unknown {
  const direct = field(job, name);
  if (direct !== undefined || !name.includes('.')) return direct;
  const [head, ...rest] = name.split('.');
  let cur: unknown = field(job, head);
  for (const part of rest) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

function objectSetting(job: JobInput, name: string): Record<string, unknown> {
  const raw = setting(job, name);
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'string') {
    try {
      const parsed = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
    } catch {
      /* reported below */
    }
    throw new ConnectorError(`${job.type}: ${name} must be a context (a JSON object)`, false);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConnectorError(`${job.type}: ${name} must be a context (a JSON object)`, false);
  return raw as Record<string, unknown>;
}

const AUTH_FIELDS = ['type', 'username', 'password', 'token', 'name', 'value', 'apiKeyLocation', 'oauthTokenEndpoint', 'clientId', 'clientSecret', 'audience', 'scopes', 'clientAuthentication'];

function seconds(job: JobInput, name: string): number {
  const raw = setting(job, name);
  if (raw === undefined || raw === null || raw === '') return 20;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new ConnectorError(`${job.type}: ${name} must be a number of seconds`, false);
  return n === 0 ? MAX_CONNECTOR_CALL_MS / 1000 : n;
}

function readInputs(job: JobInput): RestInputs {
  const authObject = objectSetting(job, 'authentication');
  const authentication: Authentication = {};
  for (const f of AUTH_FIELDS) {
    const v = authObject[f] ?? setting(job, `authentication.${f}`);
    if (v !== undefined && v !== null) (authentication as Record<string, unknown>)[f] = v;
  }
  const headers = Object.fromEntries(Object.entries(objectSetting(job, 'headers')).map(([k, v]) => [k, String(v)]));
  const timeoutMs = Math.min(MAX_CONNECTOR_CALL_MS, 1000 * (seconds(job, 'connectionTimeoutInSeconds') + seconds(job, 'readTimeoutInSeconds')));
  const follow = setting(job, 'followRedirects');
  return {
    method: String(setting(job, 'method') ?? 'GET').toUpperCase(),
    url: String(setting(job, 'url') ?? ''),
    headers,
    queryParameters: objectSetting(job, 'queryParameters'),
    body: setting(job, 'body'),
    authentication,
    timeoutMs,
    // Camunda's connector follows no redirect unless asked; Lotse's own `http` type always did.
    followRedirects: follow === undefined || follow === null ? job.type === 'http' : follow === true || follow === 'true',
  };
}

/** Reads an answer body, at most MAX_CONNECTOR_RESPONSE_BYTES. */
async function readCapped(res: Response, what: string): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_CONNECTOR_RESPONSE_BYTES) {
      await reader.cancel().catch(() => {});
      throw new ConnectorError(`${what}: the answer is larger than ${MAX_CONNECTOR_RESPONSE_BYTES / 1024 / 1024} MB`, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
const hasHeader = (headers: Record<string, string>, name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);

/** OAuth 2.0 client credentials: a token from the token endpoint (RFC 6749 §4.4). */
async function oauthToken(auth: Authentication, signal: AbortSignal, type: string): Promise<string> {
  const endpoint = String(auth.oauthTokenEndpoint ?? '');
  if (!/^https?:\/\//.test(endpoint)) throw new ConnectorError(`${type}: authentication.oauthTokenEndpoint is not an http(s) URL`, false);
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (auth.audience) form.set('audience', String(auth.audience));
  if (auth.scopes) form.set('scope', String(auth.scopes));
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (auth.clientAuthentication === 'basicAuthHeader') headers.authorization = basic(String(auth.clientId ?? ''), String(auth.clientSecret ?? ''));
  else {
    form.set('client_id', String(auth.clientId ?? ''));
    form.set('client_secret', String(auth.clientSecret ?? ''));
  }
  const res = await fetch(endpoint, { method: 'POST', headers, body: form.toString(), signal, redirect: 'manual' });
  const text = await readCapped(res, `${type}: OAuth token endpoint`);
  if (!res.ok) throw new ConnectorError(`${type}: the OAuth token endpoint answered ${res.status}`);
  const token = (parseBody(text) as { access_token?: unknown } | null)?.access_token;
  if (typeof token !== 'string' || !token) throw new ConnectorError(`${type}: the OAuth token endpoint answered without an access_token`);
  return token;
}

async function authorize(inputs: RestInputs, url: URL, signal: AbortSignal, type: string): Promise<void> {
  const a = inputs.authentication;
  switch (a.type ?? 'noAuth') {
    case 'noAuth': case 'none': case '':
      return;
    case 'basic':
      inputs.headers.Authorization = basic(String(a.username ?? ''), String(a.password ?? ''));
      return;
    case 'bearer':
      inputs.headers.Authorization = `Bearer ${String(a.token ?? '')}`;
      return;
    case 'apiKey':
      if (a.apiKeyLocation === 'query') url.searchParams.append(String(a.name ?? ''), String(a.value ?? ''));
      else inputs.headers[String(a.name ?? '')] = String(a.value ?? '');
      return;
    case 'oauth-client-credentials-flow': case 'oauth-client-credentials':
      inputs.headers.Authorization = `Bearer ${await oauthToken(a, signal, type)}`;
      return;
    default:
      throw new ConnectorError(`${type}: authentication type "${a.type}" is not supported (none, basic, bearer, apiKey, oauth-client-credentials-flow)`, false);
  }
}

function requestBody(inputs: RestInputs): string | undefined {
  const { method, body } = inputs;
  if (method === 'GET' || method === 'HEAD' || body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  const contentType = Object.entries(inputs.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded') && typeof body === 'object') {
    return new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();
  }
  return JSON.stringify(body);
}

/** The call itself: an answer (any status) or a thrown error. */
async function call(job: JobInput, inputs: RestInputs, shownUrl: string): Promise<HttpResponse> {
  if (!/^https?:\/\//.test(inputs.url)) throw new ConnectorError(`${job.type}: url "${shownUrl}" is not an http(s) URL`, false);
  const url = new URL(inputs.url);
  for (const [k, v] of Object.entries(inputs.queryParameters)) {
    if (v !== null && v !== undefined) url.searchParams.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const signal = AbortSignal.timeout(inputs.timeoutMs);
  const what = `${job.type}: ${inputs.method} ${shownUrl}`;
  try {
    await authorize(inputs, url, signal, job.type);
    const headers: Record<string, string> = { ...inputs.headers, 'idempotency-key': job.jobId };
    const body = requestBody(inputs);
    if (body !== undefined && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    const res = await fetch(url, { method: inputs.method, headers, body, signal, redirect: inputs.followRedirects ? 'follow' : 'manual' });
    const text = await readCapped(res, what);
    return { status: res.status, headers: Object.fromEntries(res.headers), body: parseBody(text) };
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    const e = err as Error & { cause?: Error };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new ConnectorError(`${what} timed out after ${inputs.timeoutMs / 1000} s`);
    throw new ConnectorError(`${what} failed: ${e.cause?.message ?? e.message}`);
  }
}

/** Runs one REST connector job: never throws; the outcome says complete, BPMN error or failure. */
export async function runRestConnector(job: JobInput, ctx: RestContext): Promise<ConnectorOutcome> {
  let inputs: RestInputs;
  try {
    inputs = readInputs(job);
  } catch (err) {
    return { kind: 'fail', message: (err as Error).message, retryable: false };
  }
  const shownUrl = inputs.url;
  const names = [...secretNames(inputs)];
  let values: Record<string, string> = {};
  if (names.length) {
    if (!ctx.secrets) return { kind: 'fail', message: `${job.type}: the inputs name secrets (${names.join(', ')}) but this server has no secret store`, retryable: false };
    const found = await ctx.secrets(ctx.db, job.instanceId, names);
    if (found.error) return { kind: 'fail', message: `${job.type}: ${found.error}`, retryable: false };
    if (found.missing.length) {
      const list = found.missing.join(', ');
      return { kind: 'fail', message: `${job.type}: secret ${list} does not exist (neither in the process's department nor global)`, retryable: false };
    }
    values = found.values;
    inputs = fillSecrets(inputs, values);
  }
  // A Basic credential made from secrets travels base64-encoded; an echo of it is redacted too.
  const a = inputs.authentication;
  const derived = names.length && a.type === 'basic' ? [Buffer.from(`${String(a.username ?? '')}:${String(a.password ?? '')}`, 'utf8').toString('base64')] : [];
  const redact = redactor(values, derived);
  let response: HttpResponse | null = null;
  let failure: ConnectorError | null = null;
  try {
    response = await call(job, inputs, shownUrl);
  } catch (err) {
    failure = err instanceof ConnectorError ? err : new ConnectorError(`${job.type}: ${(err as Error).message}`);
  }
  if (response) response = redact(response);
  const message = failure ? redact(failure.message) : null;
  return decideOutcome(job, response, failure && message !== null ? { message, retryable: failure.retryable } : null, `${inputs.method} ${shownUrl}`);
}
