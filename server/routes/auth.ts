import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import loginSchema from '../../schemas/api/login.json';
import { credentialsByEmail } from '../auth/credentials';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { loadPrincipal, publicUser } from '../auth/principal';
import { createSession, deleteSession, SESSION_COOKIE } from '../auth/sessions';
import { admitAttempt, clearFailures } from '../auth/throttle';
import { tooManyRequests, unauthorized } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import { clientAddress } from '../http/client-address';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

/** Behind HTTPS (directly or via a proxy) the cookie gets the Secure flag. */
function isHttps(url: string, forwardedProto: string | undefined) {
  return url.startsWith('https:') || forwardedProto?.split(',')[0].trim() === 'https';
}

export function authRoutes({ db, config, now }: Deps) {
  void dummyPasswordHash(); // ready before the first sign-in, so the first miss costs no extra hashing
  return new Hono<AppEnv>()
    .post('/login', access('public'), async (c) => {
      const body = await readBody<{ email: string; password: string }>(c, loginSchema);
      const email = body.email.trim();
      const address = clientAddress(c, config.trustProxy);
      const throttled = await admitAttempt(db, email, address, now());
      if (throttled.waitMs > 0) {
        const seconds = Math.ceil(throttled.waitMs / 1000);
        c.header('Retry-After', String(seconds));
        const err = tooManyRequests(`Too many failed sign-in attempts from your address. Try again in ${seconds} s.`);
        err.details = { retryAfter: seconds };
        throw err;
      }
      const row = await credentialsByEmail(db, email);
      // An unknown account costs a verification against a hash of the same cost, like a wrong password.
      const ok = await verifyPassword(body.password, row?.password_hash ?? (await dummyPasswordHash()));
      if (!row || !ok) throw unauthorized('E-mail or password is wrong'); // admitAttempt recorded the failure already
      await clearFailures(db, email, address);
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
