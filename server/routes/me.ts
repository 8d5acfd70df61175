import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import passwordChangeSchema from '../../schemas/api/password-change.json';
import { passwordHashOf, setPasswordHash } from '../auth/credentials';
import { checkNewPassword } from '../auth/password-policy';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { SESSION_COOKIE } from '../auth/sessions';
import { admitAttempt, clearFailures } from '../auth/throttle';
import { tooManyRequests, unauthorized, validationFailed } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import { clientAddress } from '../http/client-address';
import type { AppEnv } from '../http/context';
import { readSettings, saveSettings, type SettingsInput } from '../notify/settings';
import type { Deps } from './deps';
import { settingsSchema } from '../notify/settings-schema';

const anyone = access('authenticated');
/** The signed-in user's own account (mounted at /api/me): notification settings and substitute, changing the password. */
export function meRoutes({ db, config, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/settings', anyone, async (c) => c.json(await readSettings(db, principalOf(c).id)))
    .put('/settings', anyone, async (c) => {
      const me = principalOf(c);
      const body = await readBody<SettingsInput>(c, settingsSchema);
      return c.json(await saveSettings(db, me.id, body));
    })
    .put('/password', anyone, async (c) => {
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
      const stored = await passwordHashOf(db, me.id);
      if (stored === null) throw unauthorized();
      if (!(await verifyPassword(body.currentPassword, stored))) {
        // admitAttempt recorded the failure already
        throw validationFailed([{ path: '/currentPassword', message: 'is not your current password', code: 'password_wrong' }], 'The current password is wrong');
      }
      await clearFailures(db, me.email, address);
      checkNewPassword(body.newPassword, { email: me.email, name: me.name }, '/newPassword');
      const hash = await hashPassword(body.newPassword);
      await setPasswordHash(db, me.id, hash, getCookie(c, SESSION_COOKIE) ?? '');
      return c.body(null, 204);
    });
}
