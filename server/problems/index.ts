/** Problem management: what the routes call (each write in one transaction). */
import type { Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import type { Queryable } from '../db/types';
import { startAnalysis } from './analysis';
import { beforeAfter } from './kpis';
import { linkedRequests, linkRequests, notifyResolved } from './links';
import type { ProblemStatus } from './lifecycle';
import { changeStatus, createProblem, loadProblem, problemView, updateProblem, type ProblemInput, type ProblemUpdate } from './problems';

export { listProblems } from './problems';
export { closeLinkedRequests, problemOfRequest, unlinkRequest } from './links';
export { recurringIncidents, RECURRING_CANDIDATES, type RecurringFilter } from './recurring';
export { problemKpis } from './kpis';
export { PROBLEM_STATUSES, TRANSITIONS } from './lifecycle';
export { problemView, type ProblemView } from './problems';

/** Days before and after a resolution the "did it help" view compares. */
export const EFFECT_DAYS = 30;

/** The analysis process run for a problem and the change requests it started (its children). */
async function processLinks(db: Queryable, analysisId: string | null) {
  if (!analysisId) return { analysis: null, changes: [] };
  const r = await db.query<{ id: string; reference: string | null; status: string; process_key: string; parent_id: string | null }>(
    'SELECT id, reference, status, process_key, parent_id FROM process_instances WHERE id = $1 OR parent_id = $1 ORDER BY started_at',
    [analysisId],
  );
  const view = (x: (typeof r.rows)[number]) => ({ id: x.id, reference: x.reference, status: x.status, processKey: x.process_key });
  const own = r.rows.find((x) => x.id === analysisId);
  return { analysis: own ? view(own) : null, changes: r.rows.filter((x) => x.parent_id === analysisId && x.process_key === 'it-change-request').map(view) };
}

/** One problem with its linked requests (those the user may see), its processes and its numbers. */
export async function problemDetail(engine: Engine, p: Principal, id: string) {
  const now = engine.now();
  const row = await loadProblem(engine.db, p, id);
  const [linked, effects, processes] = await Promise.all([linkedRequests(engine.db, p, id, now), beforeAfter(engine.db, [id], now, EFFECT_DAYS), processLinks(engine.db, row.analysis_instance_id)]);
  const timeLost = linked.items.reduce((s, r) => s + r.cycleHours, 0);
  return {
    ...problemView(row, p),
    requests: linked.items,
    hiddenRequests: linked.hidden,
    analysis: processes.analysis,
    changeRequests: processes.changes,
    kpis: { incidents: row.request_count, timeLostHours: Math.round(timeLost * 10) / 10, openRequests: linked.items.filter((r) => r.status === 'active').length, effect: effects.get(id) ?? null },
  };
}

/** Creates a problem, linking the requests given (e.g. a recurring-incident group). */
export async function createWithLinks(engine: Engine, p: Principal, input: ProblemInput & { requestIds?: string[] }) {
  const now = engine.now();
  const id = await engine.db.transaction(async (tx) => {
    const { requestIds, ...fields } = input;
    const row = await createProblem(tx, p, fields, now);
    if (requestIds?.length) await linkRequests(tx, p, row.id, requestIds, now);
    return row.id;
  });
  return problemDetail(engine, p, id);
}

export async function editProblem(engine: Engine, p: Principal, id: string, input: ProblemUpdate) {
  await engine.db.transaction((tx) => updateProblem(tx, p, id, input, engine.now()));
  return problemDetail(engine, p, id);
}

/** Moves the status; on "resolved" the open linked requests' requesters and agents are told, in the same transaction. */
export async function setStatus(engine: Engine, p: Principal, id: string, status: ProblemStatus) {
  const now = engine.now();
  await engine.db.transaction(async (tx) => {
    const { before, after } = await changeStatus(tx, p, id, status, now);
    if (status === 'resolved' && before.status !== 'resolved') await notifyResolved(tx, engine, after, p.id, now);
  });
  return problemDetail(engine, p, id);
}

export async function addLinks(engine: Engine, p: Principal, id: string, requestIds: string[]) {
  await engine.db.transaction((tx) => linkRequests(tx, p, id, requestIds, engine.now()));
  return problemDetail(engine, p, id);
}

/** Starts the analysis process for the problem and answers the problem as it is then. */
export async function beginAnalysis(engine: Engine, p: Principal, id: string) {
  await startAnalysis(engine, p, id);
  return problemDetail(engine, p, id);
}
