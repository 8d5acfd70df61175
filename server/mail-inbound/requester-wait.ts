/**
 * A requester's mail reply answers the step that waits for them, as their answer in the portal
 * would: the open user task assigned to the requester is completed with the mail's text in the
 * task form's first long-text field (validated by the form like any submission). A form that
 * needs more than text (a yes/no decision) keeps the step open; the reply is still a comment.
 */
import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import type { UnitResult } from '../engine/runtime/runtime';
import { compiledForm, validateSubmission, type FormBinding } from '../forms';
import { notify } from '../notify/notifications';

export interface WaitAnswer {
  /** answered:<elementId>, wait_kept:<elementId> (the form needs more) or null (nothing waited). */
  reason: string | null;
  unit: UnitResult | null;
  /** The comment notification to the assignees of the steps open when the mail came (not the sender). */
  notify(tx: Queryable): Promise<void>;
}

export async function answerRequesterWait(engine: Engine, tx: Queryable, sender: Principal, instanceId: string, text: string): Promise<WaitAnswer> {
  const me = sender.email.toLowerCase();
  const open = await tx.query<{ id: string; element_id: string; assignee: string | null; form_id: string | null; definition_id: string; process_key: string; initiator: string | null; binding: FormBinding | null }>(
    `SELECT t.id, t.element_id, t.assignee, t.form_id, p.definition_id, p.process_key, lower(p.variables ->> 'initiator') AS initiator, d.form_bindings -> t.form_id AS binding
     FROM tasks t JOIN process_instances p ON p.id = t.instance_id JOIN definitions d ON d.id = p.definition_id
     WHERE t.instance_id = $1 AND t.status = 'open' ORDER BY t.created_at, t.id FOR UPDATE OF t`,
    [instanceId],
  );
  const assignees = open.rows.filter((t) => t.assignee && t.assignee !== me).map((t) => t.assignee!);
  const requester = await tx.query<{ started_by: string | null }>('SELECT started_by FROM process_instances WHERE id = $1', [instanceId]);
  const startedBy = requester.rows[0]?.started_by ?? null;
  const answer: WaitAnswer = {
    reason: null,
    unit: null,
    notify: (q) =>
      notify(q, [{ kind: 'comment_added', instanceId, userIds: startedBy ? [startedBy] : [], emails: assignees, author: sender.name, text: text.slice(0, 500), excludeUserId: sender.id }], engine.now(), engine.publicUrl),
  };
  const task = open.rows.find((t) => t.assignee === me && (t.initiator === me || startedBy === sender.id));
  if (!task) return answer;
  let data: Record<string, unknown> = {};
  if (task.binding) {
    const form = await compiledForm(tx, task.binding.formKey, task.binding.version);
    const field = form.definition.ui.fields.find((f) => f.kind === 'textarea');
    const checked = await validateSubmission(tx, task.binding, field ? { [field.key]: text } : {}, { now: engine.now() });
    if (!checked.ok) return { ...answer, reason: `wait_kept:${task.element_id}` };
    data = checked.data;
  }
  const now = engine.now();
  await tx.query("UPDATE tasks SET status = 'completed', completed_at = $2, completed_by = $3 WHERE id = $1", [task.id, now, sender.id]);
  await tx.query(
    `INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, kind, time, actor, data)
     VALUES ($1, $2, $3, $4, 'userTask', 'task_completed', $5, $6, $7)`,
    [instanceId, task.definition_id, task.process_key, task.element_id, now, sender.email, JSON.stringify({ taskId: task.id, channel: 'mail' })],
  );
  const unit = await engine.runIn(tx, [{ kind: 'trigger', instanceId, trigger: { type: 'task_completed', taskId: task.id, variables: data as never } }], sender.email);
  return { ...answer, reason: `answered:${task.element_id}`, unit };
}
