import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import loginSchema from '../../schemas/api/login.json';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { loadPrincipal, publicUser } from '../auth/principal';
import { createSession, deleteSession, SESSION_COOKIE } from '../auth/sessions';
import { clearFailures, MAX_FAILURES, recentFailures, recordFailure } from '../auth/throttle';
import { tooManyRequests, unauthorized } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

/** Behind HTTPS (directly or via a proxy) the cookie gets the Secure flag. */
function isHttps(url: string, forwardedProto: string | undefined) {
  return url.startsWith('https:') || forwardedProto?.split(',')[0].trim() === 'https';
}

export function authRoutes({ db, config, now }: Deps) {
  return new Hono<AppEnv>()
    .post('/login', access('public'), async (c) => {
      const body = await readBody<{ email: string; password: string }>(c, loginSchema);
      const email = body.email.trim();
      if ((await recentFailures(db, email, now())) >= MAX_FAILURES) {
        throw tooManyRequests('Too many failed sign-in attempts for this account. Try again in 15 minutes.');
      }
      const r = await db.query<{ id: string; password_hash: string }>('SELECT id, password_hash FROM users WHERE lower(email) = lower($1)', [email]);
      const row = r.rows[0];
      const ok = await verifyPassword(body.password, row?.password_hash ?? (await dummyPasswordHash()));
      if (!row || !ok) {
        await recordFailure(db, email, now());
        throw unauthorized('E-mail or password is wrong');
      }
      await clearFailures(db, email);
      const session = await createSession(db, row.id, now());
      setCookie(c, SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: config.cookieSecure || isHttps(c.req.url, c.req.header('x-forwarded-proto')),
        expires: session.expiresAt,
      });
      const principal = await loadPrincipal(db, row.id);
      return c.json({ user: publicUser(principal!) });
    })
    .post('/logout', access('authenticated'), async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await deleteSession(db, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', access('authenticated'), (c) => c.json({ user: publicUser(principalOf(c)) }));
}
