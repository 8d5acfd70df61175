/** A user's unsaved task form (PUT /api/tasks/:id/draft), per task and user, behind the task's visibility rule. */
import type { Principal } from '../auth/principal';
import type { Db, Queryable } from '../db/types';
import { conflict } from '../errors';
import { getTask } from './tasks';

export async function saveTaskDraft(db: Db, p: Principal, taskId: string, variables: Record<string, unknown>, now: Date) {
  const task = await getTask(db, p, taskId);
  if (task.status !== 'open') throw conflict(`The task is already ${task.status}`, 'task_finished');
  await db.query(
    `INSERT INTO task_drafts (task_id, user_id, variables, saved_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (task_id, user_id) DO UPDATE SET variables = EXCLUDED.variables, saved_at = EXCLUDED.saved_at`,
    [taskId, p.id, JSON.stringify(variables), now],
  );
}

export async function taskDraft(db: Queryable, userId: string, taskId: string) {
  const r = await db.query<{ variables: Record<string, unknown>; saved_at: Date }>('SELECT variables, saved_at FROM task_drafts WHERE task_id = $1 AND user_id = $2', [taskId, userId]);
  return r.rows[0] ? { variables: r.rows[0].variables, savedAt: r.rows[0].saved_at } : null;
}
