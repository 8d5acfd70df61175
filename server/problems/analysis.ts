/**
 * The problem-analysis process (processes/problem-analysis): started for a problem by the message
 * "problem-recorded" (a message start keeps it out of the portal catalog), scoped to the problem's
 * department; its service tasks of type "problem" write cause, workaround and status back to the
 * one problem that started it (connector.ts).
 */
import type { Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import { conflict } from '../errors';
import { loadWritable } from './problems';

export const ANALYSIS_MESSAGE = 'problem-recorded';

/** Starts the department's analysis process for a problem; 409 when it runs already or none is deployed. */
export async function startAnalysis(engine: Engine, p: Principal, problemId: string): Promise<string> {
  const row = await loadWritable(engine.db, p, problemId);
  if (row.status === 'closed') throw conflict('A closed problem is not analysed any more', 'problem_closed');
  if (row.analysis_instance_id) {
    const running = await engine.db.query("SELECT 1 FROM process_instances WHERE id = $1 AND status = 'active'", [row.analysis_instance_id]);
    if (running.rowCount) throw conflict('The analysis of this problem is already running', 'analysis_running');
  }
  const variables = {
    problemId: row.id,
    problemReference: row.reference,
    problemTitle: row.title,
    problemDescription: row.description,
    initiator: p.email.toLowerCase(),
  };
  const unit = await engine.run([{ kind: 'message', name: ANALYSIS_MESSAGE, correlationKey: '', variables, departments: [row.department_id] }], p.email);
  const started = await engine.db.query<{ id: string }>(
    `SELECT id FROM process_instances WHERE id = ANY($1::uuid[]) AND variables ->> 'problemId' = $2 ORDER BY started_at DESC LIMIT 1`,
    [[...unit.touched], row.id],
  );
  const id = started.rows[0]?.id;
  if (!id) throw conflict('No problem-analysis process is deployed for this department (message start "problem-recorded")', 'no_analysis_process');
  await engine.db.query(
    `UPDATE problems SET analysis_instance_id = $2, status = CASE WHEN status = 'new' THEN 'analysis' ELSE status END, updated_at = $3 WHERE id = $1`,
    [row.id, id, engine.now()],
  );
  return id;
}
