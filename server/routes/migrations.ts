import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { badRequest } from '../errors';
import { migrateInstances, type MigrationInput } from '../definitions/migration';
import { MAX_MIGRATION_INSTANCES, MAX_MIGRATION_MAPPING } from '../../common/limits';
import type { Deps } from './deps';

const owners = access(['owner', 'admin']);

const elementId = { type: 'string', minLength: 1, maxLength: 255 };
const migrationSchema = {
  type: 'object',
  required: ['sourceVersion', 'targetVersion'],
  additionalProperties: false,
  properties: {
    sourceVersion: { type: 'integer', minimum: 1 },
    targetVersion: { type: 'integer', minimum: 1 },
    mapping: { type: 'object', maxProperties: MAX_MIGRATION_MAPPING, propertyNames: elementId, additionalProperties: elementId },
    instanceIds: { type: 'array', maxItems: MAX_MIGRATION_INSTANCES, items: { type: 'string', format: 'uuid' } },
    dryRun: { type: 'boolean' },
  },
};

/** Moving running instances to another version (mounted at /api/process-definitions): owners of the process's department and admins. */
export function migrationRoutes({ engine }: Deps) {
  return new Hono<AppEnv>().post('/:key/migrations', owners, async (c) => {
    const key = c.req.param('key');
    if (key.length > 255) throw badRequest('The process key is too long');
    const body = await readBody<MigrationInput>(c, migrationSchema);
    return c.json(await migrateInstances(engine, principalOf(c), key, body));
  });
}
