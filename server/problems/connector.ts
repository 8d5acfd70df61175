/**
 * The inline connector "problem" (a port of the engine, server/engine-wiring.ts): a service task of
 * the problem-analysis process writes what its forms gathered — 5 Whys, root cause, workaround,
 * priority, the change request it started — and, with the header "status", the status, into the
 * problem whose analysis this instance is (and no other). A status move the lifecycle does not
 * allow from where the problem stands (someone moved it by hand) is left out, not an incident.
 */
import { ConnectorError, field } from '../engine/connectors/registry';
import type { InlineConnector } from '../engine/runtime/ports';
import { notify } from '../notify/notifications';
import { TRANSITIONS, transitionErrors, type ProblemStatus } from './lifecycle';
import { resolvedIntents } from './links';
import type { ProblemRow } from './problems';

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 20000) : null);

/** The moves from `from` to `to`, through analysis when there is no direct one (new → known error). */
function path(from: ProblemStatus, to: ProblemStatus): ProblemStatus[] | null {
  if (from === to) return [];
  if (TRANSITIONS[from].includes(to)) return [to];
  if (TRANSITIONS[from].includes('analysis') && TRANSITIONS.analysis.includes(to)) return ['analysis', to];
  return null;
}

export const problemConnector: InlineConnector = async (tx, job, { publicUrl }) => {
  const r = await tx.query<ProblemRow>('SELECT * FROM problems WHERE analysis_instance_id = $1 FOR UPDATE', [job.instanceId]);
  const row = r.rows[0];
  if (!row) throw new ConnectorError('problem: this request is not the analysis of a problem', false);
  const v = job.variables;
  const whys = [1, 2, 3, 4, 5].map((i) => text(v[`why${i}`])).filter((w): w is string => !!w && !!w.trim()).map((w) => w.slice(0, 2000));
  const rootCause = text(v.rootCause) ?? row.root_cause;
  const workaround = text(v.workaround) ?? row.workaround;
  const priority = ['critical', 'high', 'medium', 'low'].includes(String(v.priority)) ? String(v.priority) : row.priority;
  const wanted = (field(job, 'status') as ProblemStatus | undefined) ?? (workaround.trim() ? 'known_error' : 'analysis');
  if (!(wanted in TRANSITIONS)) throw new ConnectorError(`problem: unknown status "${String(wanted)}"`, false);
  const moves = row.status === 'closed' ? null : path(row.status, wanted);
  const ok = moves !== null && moves.every((s) => !transitionErrors(s, { workaround, rootCause }).length);
  const status = ok && moves.length ? wanted : row.status;
  const now = job.now;
  await tx.query(
    `UPDATE problems SET root_cause = $2, workaround = $3, five_whys = CASE WHEN $4::int > 0 THEN $5::jsonb ELSE five_whys END, priority = $6, status = $7,
       resolved_at = CASE WHEN $7 = 'resolved' AND status <> 'resolved' THEN $8 WHEN $7 IN ('analysis', 'known_error') THEN NULL ELSE resolved_at END,
       closed_at = CASE WHEN $7 = 'closed' AND status <> 'closed' THEN $8 ELSE closed_at END,
       change_instance_id = coalesce((SELECT c.id FROM process_instances c WHERE c.parent_id = $9 ORDER BY c.started_at DESC LIMIT 1), change_instance_id),
       updated_at = $8
     WHERE id = $1`,
    [row.id, rootCause, workaround, whys.length, JSON.stringify(whys), priority, status, now, job.instanceId],
  );
  if (status === 'resolved' && row.status !== 'resolved') {
    await notify(tx, await resolvedIntents(tx, { ...row, status, title: row.title }, ''), now, publicUrl);
  }
  return { problemStatus: status };
};
