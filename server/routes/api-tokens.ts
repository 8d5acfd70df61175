import { Hono } from 'hono';
import jobsSchema from '../../schemas/api/jobs.json';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenInput } from '../auth/tokens';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import type { Deps } from './deps';

const admin = access(['admin']);

/** API tokens for job workers and message senders (mounted at /api/admin/api-tokens; admins only). */
export function apiTokenRoutes({ db, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/', admin, async (c) => c.json({ items: await listApiTokens(db) }))
    .post('/', admin, async (c) => {
      const body = await readBody<ApiTokenInput>(c, jobsSchema.$defs.token);
      return c.json(await createApiToken(db, body, principalOf(c).id), 201);
    })
    .delete('/:id', admin, async (c) => {
      await revokeApiToken(db, isUuid(c.req.param('id'), 'API token'), now());
      return c.body(null, 204);
    });
}
