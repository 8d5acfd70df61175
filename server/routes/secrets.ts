import { Hono } from 'hono';
import secretSchema from '../../schemas/api/secret.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { createSecret, deleteSecret, listSecrets, replaceSecret } from '../secrets/store';
import type { Deps } from './deps';

const createBody = { $id: 'urn:lotse:api:secret:create', $defs: secretSchema.$defs, $ref: '#/$defs/create' };
const replaceBody = { $id: 'urn:lotse:api:secret:replace', $defs: secretSchema.$defs, $ref: '#/$defs/replace' };

/**
 * Connector secrets (mounted at /api/secrets): owners manage their departments', admins also the
 * global ones. No answer ever carries a value: names, departments and dates only.
 */
export function secretRoutes({ db, config, now }: Deps) {
  const key = config.secretKey ?? null;
  return new Hono<AppEnv>()
    .get('/', access(['admin', 'owner']), async (c) => c.json({ items: await listSecrets(db, principalOf(c)), canStore: key !== null }))
    .post('/', access(['admin', 'owner']), async (c) => {
      const input = await readBody<{ name: string; value: string; departmentId?: string | null }>(c, createBody);
      return c.json(await createSecret(db, key, principalOf(c), input), 201);
    })
    .put('/:id', access(['admin', 'owner']), async (c) => {
      const id = isUuid(c.req.param('id'), 'Secret');
      const { value } = await readBody<{ value: string }>(c, replaceBody);
      return c.json(await replaceSecret(db, key, principalOf(c), id, value, now()));
    })
    .delete('/:id', access(['admin', 'owner']), async (c) => {
      await deleteSecret(db, principalOf(c), isUuid(c.req.param('id'), 'Secret'));
      return c.body(null, 204);
    });
}
