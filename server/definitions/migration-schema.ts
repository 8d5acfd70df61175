/** The body of POST /api/process-definitions/:key/migrations (the route validates with it, the OpenAPI document shows it). */
import { MAX_MIGRATION_INSTANCES, MAX_MIGRATION_MAPPING } from '../../common/limits';

const elementId = { type: 'string', minLength: 1, maxLength: 255 };
export const migrationSchema = {
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

