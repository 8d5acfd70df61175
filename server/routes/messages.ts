import { Hono } from 'hono';
import messageSchema from '../../schemas/api/message.json';
import type { Principal } from '../auth/principal';
import type { ApiTokenScope } from '../auth/tokens';
import { notFound, validationFailed } from '../errors';
import { addDuration, parseDuration } from '../../common/time';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { refuseReserved } from '../http/reserved-variables';
import { sessionScope, tokenScope } from '../requests/correlation-scope';
import type { Deps } from './deps';

const operators = ['admin', 'owner', 'agent'] as const;
/** Messages and signals: operators with a session, or an API token whose scope lists the name. */
const correlators = access(operators, { tokens: true });

/** The departments a message or signal of this caller may reach (null: all), and the actor recorded in history. */
function sender(c: { get(k: 'apiToken'): ApiTokenScope | null; get(k: 'principal'): Principal | null }, kind: 'message' | 'signal', name: string) {
  const token = c.get('apiToken');
  if (token) return { departments: tokenScope(token, kind, name), actor: `worker:${token.id}` };
  const p = principalOf(c);
  return { departments: sessionScope(p), actor: p.email };
}

/** Correlating a message from outside (mounted at /api/messages). */
export function messageRoutes({ engine }: Deps) {
  return new Hono<AppEnv>().post('/', correlators, async (c) => {
    const body = await readBody<{ name: string; correlationKey?: string; variables?: Record<string, unknown>; ttl?: string }>(c, messageSchema);
    let ttlMs: number | undefined;
    if (body.ttl) {
      const d = parseDuration(body.ttl);
      if (!d) throw validationFailed([{ path: '/ttl', message: 'is not an ISO-8601 duration' }]);
      ttlMs = addDuration(new Date(0), d).getTime();
    }
    refuseReserved(body.variables);
    const { departments, actor } = sender(c, 'message', body.name);
    const unit = await engine.run([{ kind: 'message', name: body.name, correlationKey: body.correlationKey ?? '', variables: body.variables ?? {}, ttlMs, departments }], actor);
    // A subscription out of the caller's scope answers exactly like none at all.
    if (unit.correlations === 0) throw notFound(`Subscription for message "${body.name}" with this correlation key`);
    return c.json({ correlated: Math.max(0, unit.correlations), buffered: unit.correlations < 0 });
  });
}

/** Broadcasting a signal from outside (mounted at /api/signals). */
export function signalRoutes({ engine }: Deps) {
  return new Hono<AppEnv>().post('/', correlators, async (c) => {
    const body = await readBody<{ name: string; variables?: Record<string, unknown> }>(c, {
      type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, variables: { type: 'object' } }, additionalProperties: false,
    });
    refuseReserved(body.variables);
    const { departments, actor } = sender(c, 'signal', body.name);
    const unit = await engine.run([{ kind: 'signal', name: body.name, variables: body.variables ?? {}, departments }], actor);
    return c.json({ reached: unit.correlations });
  });
}
