/**
 * Built-in connectors by job type. Pure ones (noop, set, log) and the mail outbox complete inside
 * the trigger's transaction; http does network I/O and runs from the job worker outside any transaction.
 */
import type { Queryable } from '../../db';
import type { Logger } from '../../log';
import { processMailFooter } from '../../notify/mail-links';
import { withLinkLine } from '../../notify/messages';
import { evalValue, isExpression } from '../../../common/feel';
import type { Variables } from '../core/types';

export interface JobInput {
  jobId: string;
  instanceId: string;
  elementId: string;
  type: string;
  headers: Record<string, string>;
  variables: Variables;
  /** The engine's clock, for FEEL in headers (`now()`). */
  now: Date;
}

export class ConnectorError extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
  }
}

/**
 * A connector setting: the task header of that name (a value starting with `=` is FEEL over the
 * job's variables), else the variable (Camunda's REST connector passes its settings as inputs).
 */
function field(job: JobInput, name: string): unknown {
  const header = job.headers[name];
  if (header === undefined) return job.variables[name];
  if (!isExpression(header)) return header;
  const r = evalValue(header, job.variables, job.now);
  if (!r.ok) throw new ConnectorError(`${job.type}: header "${name}": ${r.error}`, false);
  return r.value;
}

/**
 * Runs a connector that needs no network; returns the job result variables. With publicUrl a mail
 * to the requester alone ends with the link to their request.
 */
export async function runInlineConnector(tx: Queryable, job: JobInput, log: Logger, publicUrl: string | null = null): Promise<Variables> {
  switch (job.type) {
    case 'noop':
    case 'set':
      return {};
    case 'log':
      log.info('process log', { instanceId: job.instanceId, elementId: job.elementId, message: field(job, 'message') ?? null });
      return {};
    case 'email': {
      const to = field(job, 'to');
      const recipients = (Array.isArray(to) ? to : String(to ?? '').split(',')).map((s) => String(s).trim()).filter(Boolean);
      if (recipients.length === 0) throw new ConnectorError('email: no recipient ("to" header)', false);
      const subject = String(field(job, 'subject') ?? '');
      const body = String(field(job, 'body') ?? '');
      const footer = publicUrl ? await processMailFooter(tx, job.instanceId, recipients, publicUrl) : null;
      await tx.query('INSERT INTO mail_outbox (recipients, subject, body, instance_id) VALUES ($1, $2, $3, $4)', [recipients, subject, withLinkLine(body, footer), job.instanceId]);
      return {};
    }
    default:
      throw new ConnectorError(`no inline connector for type ${job.type}`, false);
  }
}

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
