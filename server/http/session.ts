import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/types';
import { resolveSessionPrincipal, SESSION_COOKIE } from '../auth/sessions';
import { resolveApiToken } from '../auth/tokens';
import { forbidden } from '../errors';
import type { AppEnv } from './context';

/** Loads the signed-in user from the session cookie (or null); never rejects by itself. */
export function sessionMiddleware(db: Db, now: () => Date) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('principal', null);
    c.set('apiToken', null);
    const bearer = c.req.header('authorization');
    if (bearer?.startsWith('Bearer ')) {
      c.set('apiToken', await resolveApiToken(db, bearer.slice(7).trim()));
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    // Session, user, roles and groups in one statement (resolveSessionPrincipal), once per request.
    if (token) c.set('principal', await resolveSessionPrincipal(db, token, now()));
    return next();
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-lotse-csrf';

/**
 * Cookie-authenticated state changes must carry a custom header: a cross-site form cannot set one,
 * and a cross-site fetch with one needs a CORS preflight that this server never grants.
 */
export const csrfGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (c.req.header('authorization')?.startsWith('Bearer ')) return next();
  if (!c.req.header(CSRF_HEADER)) throw forbidden(`State-changing requests need the ${CSRF_HEADER} header`);
  return next();
});
