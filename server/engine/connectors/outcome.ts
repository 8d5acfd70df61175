/**
 * What a REST connector call comes to, Camunda 8 style: the task headers `resultVariable` (the
 * whole answer `{status, headers, body}` under that name), `resultExpression` (FEEL over the answer,
 * a context merged into the variables) and `errorExpression` (FEEL that may return
 * `bpmnError(code, message[, variables])` → a BPMN error for a boundary event, or
 * `jobError(message[, variables[, retries[, retryBackoff]]])` → a failed attempt; null → no error).
 * The error expression sees the answer and the result expression's output after a call that
 * succeeded, and `error` ({code, message, variables: {response}}) after one that failed.
 * `retryBackoff` (ISO-8601 duration) is the wait between attempts.
 */
import { evalFeel, isExpression, stripEquals } from '../../../common/feel';
import { addDuration, parseDuration } from '../../../common/time';
import type { CONNECTOR_FEEL_FUNCTION_NAMES } from '../../../common/connector-types';
import type { Variables } from '../core/types';
import type { JobInput } from './registry';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type ConnectorOutcome =
  | { kind: 'complete'; variables: Variables }
  | { kind: 'bpmnError'; code: string; message: string; variables: Variables }
  /** retries: what remains after this attempt when the model says so (jobError); else the worker counts down. */
  | { kind: 'fail'; message: string; retryable: boolean; retries?: number; backoffMs?: number };

/** The FEEL functions of Camunda's connector runtime, available in errorExpression. */
export const CONNECTOR_FEEL_FUNCTIONS: Record<(typeof CONNECTOR_FEEL_FUNCTION_NAMES)[number], (...args: any[]) => unknown> = {
  bpmnError: (code: unknown, message?: unknown, variables?: unknown) => ({ errorType: 'bpmnError', code, message: message ?? null, variables: variables ?? null }),
  jobError: (message: unknown, variables?: unknown, retries?: unknown, retryBackoff?: unknown) =>
    ({ errorType: 'jobError', message, variables: variables ?? null, retries: retries ?? null, retryBackoff: retryBackoff ?? null }),
};

function backoffMs(text: unknown, now: Date): number | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  const d = parseDuration(text.trim());
  return d ? addDuration(now, d).getTime() - now.getTime() : undefined;
}

const isContext = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function evaluate(job: JobInput, header: string, context: Record<string, unknown>) {
  const text = job.headers[header];
  if (text === undefined || text.trim() === '') return { ok: true as const, value: null };
  return evalFeel(isExpression(text) ? stripEquals(text) : text, context, job.now);
}

/** What the error expression returned, as an outcome; null: it raised no error. */
function fromErrorExpression(job: JobInput, value: unknown, backoff: number | undefined): ConnectorOutcome | null {
  if (!isContext(value)) return null;
  const variables = isContext(value.variables) ? value.variables : {};
  if (value.errorType === 'bpmnError' || (value.errorType === undefined && typeof value.code === 'string')) {
    if (typeof value.code !== 'string' || !value.code) return { kind: 'fail', message: `${job.type}: errorExpression: bpmnError needs an error code`, retryable: false };
    return { kind: 'bpmnError', code: value.code, message: typeof value.message === 'string' ? value.message : '', variables };
  }
  if (value.errorType === 'jobError') {
    const retries = typeof value.retries === 'number' && value.retries >= 0 ? Math.floor(value.retries) : 0;
    return { kind: 'fail', message: String(value.message ?? 'job error'), retryable: retries > 0, retries, backoffMs: backoffMs(value.retryBackoff, job.now) ?? backoff };
  }
  return null;
}

/** Result variables, the error expression, or the failure (retried with the model's backoff). */
export function decideOutcome(
  job: JobInput, response: HttpResponse | null, failure: { message: string; retryable: boolean } | null, what: string,
): ConnectorOutcome {
  const backoff = backoffMs(job.headers.retryBackoff, job.now);
  const fail = (message: string, retryable = true): ConnectorOutcome => ({ kind: 'fail', message, retryable, backoffMs: backoff });

  const failed = failure ?? (response && response.status >= 400 ? { message: `${job.type}: ${what} answered ${response.status}`, retryable: true } : null);
  if (failed) {
    const error = { code: response ? String(response.status) : null, message: failed.message, type: 'connector', variables: { response } };
    const r = evaluate(job, 'errorExpression', { error, ...(response ? { response } : {}), ...CONNECTOR_FEEL_FUNCTIONS });
    if (!r.ok) return fail(`${job.type}: errorExpression: ${r.error}`, false);
    return fromErrorExpression(job, r.value, backoff) ?? fail(failed.message, failed.retryable);
  }

  const answer = response!;
  const variables: Variables = {};
  const resultVariable = job.headers.resultVariable?.trim() || (job.type === 'http' ? 'response' : '');
  if (resultVariable) variables[resultVariable] = answer;
  const context = { ...answer, response: answer };
  const result = evaluate(job, 'resultExpression', context);
  if (!result.ok) return fail(`${job.type}: resultExpression: ${result.error}`, false);
  if (result.value !== null) {
    if (!isContext(result.value)) return fail(`${job.type}: resultExpression must give a context, got ${JSON.stringify(result.value).slice(0, 80)}`, false);
    Object.assign(variables, result.value);
  }
  const err = evaluate(job, 'errorExpression', { ...context, ...variables, ...CONNECTOR_FEEL_FUNCTIONS });
  if (!err.ok) return fail(`${job.type}: errorExpression: ${err.error}`, false);
  return fromErrorExpression(job, err.value, backoff) ?? { kind: 'complete', variables };
}
