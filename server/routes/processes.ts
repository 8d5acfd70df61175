import { Hono } from 'hono';
import draftSchema from '../../schemas/api/draft.json';
import deploymentSchema from '../../schemas/api/deployment.json';
import { deploy, type DeployInput } from '../definitions/deploy';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { getDefinition, getDraft, listDefinitions, listProcesses, saveDraft, setDefinitionEnabled } from '../process/definitions';
import type { Deps } from './deps';

const owners = access(['owner', 'admin']);

/** The modeller's resources: process list, drafts, deployments, deployed definitions. */
export function processRoutes({ db, engine, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/processes', owners, async (c) => c.json({ items: await listProcesses(db, principalOf(c)) }))
    .get('/processes/:key/draft', owners, async (c) => c.json(await getDraft(db, principalOf(c), c.req.param('key'))))
    .put('/processes/:key/draft', owners, async (c) => {
      const body = await readBody<{ xml: string; revision?: number; departmentId?: string }>(c, draftSchema);
      return c.json(await saveDraft(db, principalOf(c), c.req.param('key'), body, now()));
    })
    .post('/deployments', owners, async (c) => {
      const body = await readBody<DeployInput>(c, deploymentSchema);
      const result = await deploy(engine, body, principalOf(c));
      return c.json(result, result.processes.some((p) => p.created) ? 201 : 200);
    })
    .get('/definitions', access(['owner', 'admin', 'analyst']), async (c) => c.json({ items: await listDefinitions(db, principalOf(c), c.req.query('key')) }))
    .get('/definitions/:id', access(['owner', 'admin', 'analyst']), async (c) => c.json(await getDefinition(db, principalOf(c), isUuid(c.req.param('id'), 'Definition'))))
    .patch('/definitions/:id', owners, async (c) => {
      const body = await readBody<{ enabled: boolean }>(c, { type: 'object', required: ['enabled'], properties: { enabled: { type: 'boolean' } }, additionalProperties: false });
      return c.json(await setDefinitionEnabled(db, principalOf(c), isUuid(c.req.param('id'), 'Definition'), body.enabled));
    });
}
