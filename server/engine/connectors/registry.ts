/**
 * Built-in connectors by job type. Pure ones (noop, set, log) and those the domains register (the
 * e-mail outbox, see runtime/ports.ts) complete inside the trigger's transaction; http (http.ts) does
 * network I/O and runs from the job worker outside any transaction.
 */
import type { Logger } from '../../log';
import type { Queryable } from '../../db/types';
import { evalValue, isExpression } from '../../../common/feel';
import type { Variables } from '../core/types';
import type { InlineConnector, JobInput } from '../runtime/ports';

export type { JobInput } from '../runtime/ports';

export class ConnectorError extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
  }
}

/**
 * A connector setting: the task header of that name (a value starting with `=` is FEEL over the
 * job's variables), else the variable (Camunda's REST connector passes its settings as inputs).
 */
export function field(job: JobInput, name: string): unknown {
  const header = job.headers[name];
  if (header === undefined) return job.variables[name];
  if (!isExpression(header)) return header;
  const r = evalValue(header, job.variables, job.now);
  if (!r.ok) throw new ConnectorError(`${job.type}: header "${name}": ${r.error}`, false);
  return r.value;
}

export interface InlineContext {
  log: Logger;
  /** PUBLIC_URL, for links in what a connector writes (null: none). */
  publicUrl: string | null;
  /** The connectors the domains registered (runtime/ports.ts), by job type. */
  connectors: ReadonlyMap<string, InlineConnector>;
}

/** Runs a connector that needs no network; returns the job result variables. */
export async function runInlineConnector(tx: Queryable, job: JobInput, context: InlineContext): Promise<Variables> {
  switch (job.type) {
    case 'noop':
    case 'set':
      return {};
    case 'log':
      context.log.info('process log', { instanceId: job.instanceId, elementId: job.elementId, message: field(job, 'message') ?? null });
      return {};
    default: {
      const connector = context.connectors.get(job.type);
      if (!connector) throw new ConnectorError(`no inline connector for type ${job.type}`, false);
      return connector(tx, job, { log: context.log, publicUrl: context.publicUrl });
    }
  }
}
