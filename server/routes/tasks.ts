import { Hono } from 'hono';
import assignSchema from '../../schemas/api/task-assign.json';
import variablesSchema from '../../schemas/api/variables.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { assignTask, claimTask, completeTask, getTask, listTasks, unclaimTask } from '../tasks/tasks';
import { parseTaskFilter } from '../tasks/task-filters';
import { saveTaskDraft, taskDraft } from '../tasks/drafts';
import type { Deps } from './deps';

// Requesters complete tasks assigned to them (e.g. "send the missing certificate"), so every
// signed-in user may reach these routes; which tasks they see is decided per row.
const anyone = access('authenticated');

/** Tasks (mounted at /api/tasks): the caller's queues, one task with the caller's draft, claim, assign, complete, bulk claim. */
export function taskRoutes({ db, engine, now }: Deps) {
  const id = (c: { req: { param(n: 'id'): string } }) => isUuid(c.req.param('id'), 'Task');
  return new Hono<AppEnv>()
    .get('/', anyone, async (c) => {
      const filter = parseTaskFilter((n) => c.req.query(n));
      return c.json(await listTasks(db, principalOf(c), filter, now()));
    })
    .get('/:id', anyone, async (c) => {
      const me = principalOf(c);
      return c.json({ ...(await getTask(db, me, id(c), now())), draft: await taskDraft(db, me.id, id(c)) });
    })
    .post('/:id/claim', anyone, async (c) => {
      await claimTask(engine, principalOf(c), id(c));
      return c.json(await getTask(db, principalOf(c), id(c)));
    })
    .post('/:id/unclaim', anyone, async (c) => {
      await unclaimTask(engine, principalOf(c), id(c));
      return c.json(await getTask(db, principalOf(c), id(c)));
    })
    .post('/:id/assign', anyone, async (c) => {
      const body = await readBody<{ assignee: string | null }>(c, assignSchema);
      await assignTask(engine, principalOf(c), id(c), body.assignee);
      return c.body(null, 204);
    })
    .post('/:id/complete', anyone, async (c) => {
      const body = await readBody<{ variables?: Record<string, unknown> }>(c, variablesSchema);
      await completeTask(engine, principalOf(c), id(c), body.variables ?? {});
      return c.body(null, 204);
    })
    .put('/:id/draft', anyone, async (c) => {
      const body = await readBody<{ variables: Record<string, unknown> }>(c, { type: 'object', required: ['variables'], properties: { variables: { type: 'object' } }, additionalProperties: false });
      await saveTaskDraft(db, principalOf(c), id(c), body.variables, now());
      return c.body(null, 204);
    })
    .post('/bulk-claim', access(['agent', 'owner', 'admin']), async (c) => {
      const body = await readBody<{ ids: string[] }>(c, { type: 'object', required: ['ids'], properties: { ids: { type: 'array', maxItems: 200, items: { type: 'string', format: 'uuid' } } }, additionalProperties: false });
      const claimed: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const taskId of body.ids) {
        try {
          await claimTask(engine, principalOf(c), taskId);
          claimed.push(taskId);
        } catch (err) {
          failed.push({ id: taskId, error: (err as Error).message });
        }
      }
      return c.json({ claimed, failed });
    });
}
