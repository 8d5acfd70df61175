/** Connectors with network I/O: the job worker (jobs/jobs.ts) runs them outside any transaction. */
import type { Variables } from '../core/types';
import { ConnectorError, field, type JobInput } from './registry';

/** The http connector: method, url, headers, body from task headers / variables; 2xx or a failure. */
export async function runHttpConnector(job: JobInput, timeoutMs = 10_000): Promise<Variables> {
  const method = String(field(job, 'method') ?? 'GET').toUpperCase();
  const url = String(field(job, 'url') ?? '');
  if (!/^https?:\/\//.test(url)) throw new ConnectorError(`http: url "${url}" is not an http(s) URL`, false);
  let headers: Record<string, string> = {};
  const rawHeaders = field(job, 'headers');
  if (typeof rawHeaders === 'string' && rawHeaders.trim()) {
    try {
      headers = JSON.parse(rawHeaders);
    } catch {
      throw new ConnectorError('http: headers are not a JSON object', false);
    }
  } else if (rawHeaders && typeof rawHeaders === 'object') headers = rawHeaders as Record<string, string>;
  const body = field(job, 'body');
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers, 'idempotency-key': job.jobId },
    body: method === 'GET' || method === 'HEAD' || body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new ConnectorError(`http: ${method} ${url} answered ${res.status}`);
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep text */
  }
  const resultVariable = String(field(job, 'resultVariable') ?? 'response');
  return { [resultVariable]: { status: res.status, body: parsed } };
}
