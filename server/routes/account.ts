import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import passwordChangeSchema from '../../schemas/api/password-change.json';
import { checkNewPassword } from '../auth/password-policy';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { deleteOtherSessions, SESSION_COOKIE } from '../auth/sessions';
import { admitAttempt, clearFailures } from '../auth/throttle';
import { tooManyRequests, unauthorized, validationFailed } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import { clientAddress } from '../http/client-address';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

/** The signed-in user's own account: changing the password (settings live in collaboration.ts). */
export function accountRoutes({ db, config, now }: Deps) {
  return new Hono<AppEnv>().put('/me/password', access('authenticated'), async (c) => {
    const me = principalOf(c);
    const body = await readBody<{ currentPassword: string; newPassword: string }>(c, passwordChangeSchema);
    // The current password is guessed at like a sign-in: the same counters (account-and-address,
    // address), the same back-off, so a left-open session cannot be used to find the password.
    const address = clientAddress(c, config.trustProxy);
    const throttled = await admitAttempt(db, me.email, address, now());
    if (throttled.waitMs > 0) {
      const seconds = Math.ceil(throttled.waitMs / 1000);
      c.header('Retry-After', String(seconds));
      const err = tooManyRequests(`Too many wrong passwords from your address. Try again in ${seconds} s.`);
      err.details = { retryAfter: seconds };
      throw err;
    }
    const r = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [me.id]);
    if (!r.rows[0]) throw unauthorized();
    if (!(await verifyPassword(body.currentPassword, r.rows[0].password_hash))) {
      // admitAttempt recorded the failure already
      throw validationFailed([{ path: '/currentPassword', message: 'is not your current password', code: 'password_wrong' }], 'The current password is wrong');
    }
    await clearFailures(db, me.email, address);
    checkNewPassword(body.newPassword, { email: me.email, name: me.name }, '/newPassword');
    const hash = await hashPassword(body.newPassword);
    const token = getCookie(c, SESSION_COOKIE) ?? '';
    await db.transaction(async (tx) => {
      await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [me.id, hash]);
      await deleteOtherSessions(tx, me.id, token);
    });
    return c.body(null, 204);
  });
}
