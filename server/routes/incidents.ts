import { Hono } from 'hono';
import variablesSchema from '../../schemas/api/variables.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { refuseReserved } from '../http/reserved-variables';
import { listIncidents, retryIncident } from '../requests/incidents';
import type { Deps } from './deps';

const operators = access(['admin', 'owner']);

/** Incidents of the caller's departments (mounted at /api/incidents): list, retry with corrected variables. */
export function incidentRoutes({ db, engine }: Deps) {
  return new Hono<AppEnv>()
    .get('/', operators, async (c) => c.json({ items: await listIncidents(db, principalOf(c), c.req.query('status') === 'resolved' ? 'resolved' : 'open') }))
    .post('/:id/retry', operators, async (c) => {
      const body = await readBody<{ variables?: Record<string, unknown> }>(c, variablesSchema);
      refuseReserved(body.variables);
      await retryIncident(engine, principalOf(c), isUuid(c.req.param('id'), 'Incident'), body.variables);
      return c.body(null, 204);
    });
}
