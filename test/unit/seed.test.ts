import { describe, expect, it } from 'vitest';
import { openPglite } from '../../server/db/pglite';
import { migrate } from '../../server/db/migrate';
import { silentLogger } from '../../server/log';
import { seed } from '../../server/seed';
import { verifyPassword } from '../../server/auth/passwords';

async function freshDb() {
  const db = await openPglite(null);
  await migrate(db);
  return db;
}

describe('seeding an empty database', () => {
  it('with SEED=none creates only the first admin from ADMIN_EMAIL / ADMIN_PASSWORD', { timeout: 60_000 }, async () => {
    const db = await freshDb();
    expect(await seed(db, { seed: 'none', adminEmail: 'boss@example.com', adminPassword: 's3cret!' }, silentLogger)).toBe('admin');
    const users = await db.query<{ email: string; password_hash: string; role: string }>('SELECT u.email, u.password_hash, r.role FROM users u JOIN user_roles r ON r.user_id = u.id ORDER BY r.role');
    expect(users.rows.map((u) => `${u.email}:${u.role}`)).toEqual(['boss@example.com:admin', 'boss@example.com:employee']);
    expect(await verifyPassword('s3cret!', users.rows[0].password_hash)).toBe(true);
    expect((await db.query('SELECT 1 FROM departments')).rowCount).toBe(0);
    expect(await seed(db, { seed: 'demo', adminEmail: null, adminPassword: null }, silentLogger)).toBe('skipped'); // never over existing users
    await db.close();
  });

  it('with SEED=none and no admin variables seeds nothing', { timeout: 60_000 }, async () => {
    const db = await freshDb();
    expect(await seed(db, { seed: 'none', adminEmail: null, adminPassword: null }, silentLogger)).toBe('skipped');
    expect((await db.query('SELECT 1 FROM users')).rowCount).toBe(0);
    await db.close();
  });
});
