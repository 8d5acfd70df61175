/** A user's own settings (GET/PUT /api/me/settings): notification switches per kind and a substitute for absences. */
import type { Queryable } from '../db/types';
import { validationFailed } from '../errors';
import { effectiveSettings, type NotificationSettings } from './notifications';

export interface SettingsInput {
  notifications?: NotificationSettings;
  /** null clears the substitute; left out keeps it. */
  substitute?: { email: string; from: string; until: string } | null;
}

/** The stored settings with every kind filled in, and the substitute (by e-mail) if one is set. */
export async function readSettings(db: Queryable, userId: string) {
  const r = await db.query<any>(
    `SELECT s.notifications, s.substitute_from, s.substitute_until, u.email FROM user_settings s LEFT JOIN users u ON u.id = s.substitute_id WHERE s.user_id = $1`,
    [userId],
  );
  const row = r.rows[0];
  return {
    notifications: effectiveSettings(row?.notifications),
    substitute: row?.email ? { email: row.email, from: row.substitute_from, until: row.substitute_until } : null,
  };
}

/** Saves what the body names (422 for a substitute period that ends before it starts, an unknown e-mail or oneself); answers the settings as read back. */
export async function saveSettings(db: Queryable, userId: string, body: SettingsInput) {
  let substituteId: string | null | undefined;
  if (body.substitute) {
    if (new Date(body.substitute.until) <= new Date(body.substitute.from)) throw validationFailed([{ path: '/substitute/until', message: 'must be after the start' }]);
    const u = await db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [body.substitute.email]);
    if (!u.rows[0]) throw validationFailed([{ path: '/substitute/email', message: 'no user with this e-mail' }]);
    if (u.rows[0].id === userId) throw validationFailed([{ path: '/substitute/email', message: 'you cannot stand in for yourself' }]);
    substituteId = u.rows[0].id;
  } else if (body.substitute === null) substituteId = null;
  await db.query(
    `INSERT INTO user_settings (user_id, notifications, substitute_id, substitute_from, substitute_until) VALUES ($1, coalesce($2::jsonb, '{}'), $3, $4, $5)
     ON CONFLICT (user_id) DO UPDATE SET notifications = coalesce($2::jsonb, user_settings.notifications),
       substitute_id = CASE WHEN $6::boolean THEN $3 ELSE user_settings.substitute_id END,
       substitute_from = CASE WHEN $6::boolean THEN $4 ELSE user_settings.substitute_from END,
       substitute_until = CASE WHEN $6::boolean THEN $5 ELSE user_settings.substitute_until END`,
    [userId, body.notifications ? JSON.stringify(body.notifications) : null, substituteId ?? null, body.substitute?.from ?? null, body.substitute?.until ?? null, substituteId !== undefined],
  );
  return readSettings(db, userId);
}
