import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono';
import { forbidden, unauthorized } from '../errors';
import { hasRole, type Principal, type Role } from '../auth/principal';
import type { AppEnv } from './context';

/**
 * Who may call a route: anyone, any signed-in user, users holding one of the roles,
 * or an external job worker with an API token.
 */
export type Policy = 'public' | 'authenticated' | 'worker' | readonly Role[];

export type AccessMiddleware = MiddlewareHandler<AppEnv> & { policy: Policy; tokens: boolean };

/**
 * The one role check: every route declares it as its first handler (a test walks them all).
 * `tokens: true` also admits an API token; the route then checks the token's own scope
 * (messages and signals, docs/security/scope-visibility.md).
 */
export function access(policy: Policy, options: { tokens?: boolean } = {}): AccessMiddleware {
  const tokens = options.tokens === true;
  const mw = createMiddleware<AppEnv>(async (c, next) => {
    if (policy === 'public') return next();
    if (tokens && c.get('apiToken')) return next();
    if (policy === 'worker') {
      if (!c.get('apiToken') && !c.get('principal')) throw unauthorized('An API token or a session is required');
      const p = c.get('principal');
      if (!c.get('apiToken') && p && !hasRole(p, 'admin')) throw forbidden('Only job workers and admins may do this');
      return next();
    }
    const p = c.get('principal');
    if (!p) throw unauthorized();
    if (policy !== 'authenticated' && !policy.some((r) => hasRole(p, r))) throw forbidden();
    return next();
  });
  return Object.assign(mw, { policy, tokens });
}

export function isAccessMiddleware(h: unknown): h is AccessMiddleware {
  return typeof h === 'function' && 'policy' in h;
}

/** The signed-in user of a route guarded by access(); throws 401 if there is none. */
export function principalOf(c: { get(key: 'principal'): Principal | null }): Principal {
  const p = c.get('principal');
  if (!p) throw unauthorized();
  return p;
}
