import { Hono } from 'hono';
import draftSchema from '../../schemas/api/draft.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { getDefinition, listDefinitions, setDefinitionEnabled } from '../definitions/definitions';
import { getDraft, listProcesses, saveDraft } from '../definitions/drafts';
import type { Deps } from './deps';

const owners = access(['owner', 'admin']);

/** The modeller's process list and drafts (mounted at /api/processes). */
export function processRoutes({ db, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/', owners, async (c) => c.json({ items: await listProcesses(db, principalOf(c)) }))
    .get('/:key/draft', owners, async (c) => c.json(await getDraft(db, principalOf(c), c.req.param('key'))))
    .put('/:key/draft', owners, async (c) => {
      const body = await readBody<{ xml: string; revision?: number; departmentId?: string }>(c, draftSchema);
      return c.json(await saveDraft(db, principalOf(c), c.req.param('key'), body, now()));
    });
}

/** Deployed versions (mounted at /api/definitions): read by owners, admins and analysts, enabled or disabled by owners. */
export function definitionRoutes({ db }: Deps) {
  return new Hono<AppEnv>()
    .get('/', access(['owner', 'admin', 'analyst']), async (c) => c.json({ items: await listDefinitions(db, principalOf(c), c.req.query('key')) }))
    .get('/:id', access(['owner', 'admin', 'analyst']), async (c) => c.json(await getDefinition(db, principalOf(c), isUuid(c.req.param('id'), 'Definition'))))
    .patch('/:id', owners, async (c) => {
      const body = await readBody<{ enabled: boolean }>(c, { type: 'object', required: ['enabled'], properties: { enabled: { type: 'boolean' } }, additionalProperties: false });
      return c.json(await setDefinitionEnabled(db, principalOf(c), isUuid(c.req.param('id'), 'Definition'), body.enabled));
    });
}
