import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { badRequest } from '../errors';
import { migrateInstances, type MigrationInput } from '../definitions/migration';
import { migrationSchema } from '../definitions/migration-schema';
import type { Deps } from './deps';

const owners = access(['owner', 'admin']);

/** Moving running instances to another version (mounted at /api/process-definitions): owners of the process's department and admins. */
export function migrationRoutes({ engine }: Deps) {
  return new Hono<AppEnv>().post('/:key/migrations', owners, async (c) => {
    const key = c.req.param('key');
    if (key.length > 255) throw badRequest('The process key is too long');
    const body = await readBody<MigrationInput>(c, migrationSchema);
    return c.json(await migrateInstances(engine, principalOf(c), key, body));
  });
}
