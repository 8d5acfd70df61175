/**
 * Absolute links (under PUBLIC_URL) in mails. Notification mails follow the bell's rule
 * (links.ts): the task when the recipient has the task list and may still see that task, else the
 * request. Process mails (BPMN send tasks) that go to the requester alone end with their request.
 */
import type { Queryable } from '../db/types';
import { areasOf, loadPrincipals, type Principal } from '../auth/principal';
import { isCandidate } from '../auth/visibility';
import { notificationTarget, publicLink, requestPath } from '../../common/links';
import { linkLine } from './messages';

export interface MailAbout {
  userId: string;
  locale: 'de' | 'en' | null;
  instanceId: string;
  taskId: string | null;
}

/**
 * For each mail (same order) the line that links to what it is about; a few queries for all, none
 * per mail. known: the readers already loaded (notify loads them with the recipients), not loaded again.
 */
export async function notificationLinkLines(tx: Queryable, mails: MailAbout[], publicUrl: string, known: ReadonlyMap<string, Principal> = new Map()): Promise<(string | null)[]> {
  const taskIds = [...new Set(mails.flatMap((m) => (m.taskId ? [m.taskId] : [])))];
  const tasks = taskIds.length
    ? await tx.query<{ id: string; candidate_groups: string[]; candidate_users: string[]; assignee: string | null; department_id: string | null }>(
        `SELECT t.id, t.candidate_groups, t.candidate_users, t.assignee, p.department_id
         FROM tasks t JOIN process_instances p ON p.id = t.instance_id WHERE t.id = ANY($1::uuid[])`,
        [taskIds],
      )
    : { rows: [] };
  const byTask = new Map(tasks.rows.map((t) => [t.id, t]));
  const readers = [...new Set(mails.filter((m) => m.taskId && byTask.has(m.taskId)).map((m) => m.userId))];
  const missing = readers.filter((id) => !known.has(id));
  const principals = new Map([...known, ...(await loadPrincipals(tx, missing)).map((p) => [p.id, p] as const)]);
  return mails.map((m) => {
    const task = m.taskId ? byTask.get(m.taskId) : undefined;
    const reader = principals.get(m.userId);
    // As the feed does: the task only while the reader may see it, then the bell's choice.
    const visibleTask = task && reader && isCandidate(reader, task) ? task.id : null;
    const target = notificationTarget({ instanceId: m.instanceId, taskId: visibleTask }, !!reader && areasOf(reader).includes('tasks'));
    return target ? linkLine(target.kind, m.locale, publicLink(publicUrl, target.path)) : null;
  });
}

/** The footer of a process mail when every recipient is the request's requester: their request in the portal. */
export async function processMailFooter(tx: Queryable, instanceId: string, recipients: string[], publicUrl: string): Promise<string | null> {
  const r = await tx.query<{ email: string; locale: 'de' | 'en' | null }>(
    'SELECT u.email, u.locale FROM process_instances p JOIN users u ON u.id = p.started_by WHERE p.id = $1',
    [instanceId],
  );
  const requester = r.rows[0];
  if (!requester || recipients.length === 0) return null;
  const own = requester.email.toLowerCase();
  if (!recipients.every((to) => to.toLowerCase() === own)) return null;
  return linkLine('your_request', requester.locale, publicLink(publicUrl, requestPath(instanceId)));
}
