import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../server/auth/password-policy';
import { backoffMs, MAX_DELAY_MS } from '../../server/auth/throttle';
import { parseTrustProxy } from '../../server/config';
import { openPostgres } from '../../server/db/postgres';
import { openPglite } from '../../server/db/pglite';
import { acquireDataDirLock, DataDirLockedError, FOREIGN_STALE_MS, processStartTime } from '../../server/db/lock';
import { migrate } from '../../server/db/migrate';
import { Engine } from '../../server/engine/runtime/runtime';
import { addressKey } from '../../server/http/client-address';
import { silentLogger } from '../../server/log';
import { seed } from '../../server/seed';
import { prepareDatabase } from '../../server/startup';
import { testConfig } from '../support/api';
import { dbTargets } from '../support/db';

const tmpDirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-trust-'));
  tmpDirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const writeLock = (dir: string, owner: object) => fs.writeFileSync(path.join(dir, 'lotse.lock'), JSON.stringify(owner));

describe('the data-folder lock cannot be fooled by a reused pid', () => {
  const linux = processStartTime(process.pid) !== null;

  it.runIf(linux)('treats a lock of a live pid with another start time as stale', () => {
    const dir = tmp();
    // process.ppid is alive, but the lock says it started at another time: a different process once had that pid.
    writeLock(dir, { host: os.hostname(), pid: process.ppid, start: 'some-other-boot:12345' });
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'lotse.lock'), 'utf8'))).toEqual({ host: os.hostname(), pid: process.pid, start: processStartTime(process.pid) });
    release();
    expect(fs.existsSync(path.join(dir, 'lotse.lock'))).toBe(false);
  });

  it.runIf(linux)('holds while the recorded pid runs with the recorded start time', () => {
    const dir = tmp();
    writeLock(dir, { host: os.hostname(), pid: process.ppid, start: processStartTime(process.ppid) });
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });

  it.runIf(linux)('takes over a lock with our own pid but not our start time (a restarted container)', () => {
    const dir = tmp();
    writeLock(dir, { host: os.hostname(), pid: process.pid, start: 'earlier:1' });
    const release = acquireDataDirLock(dir);
    release();
  });

  it('holds a lock of another host while its holder refreshes it, and takes it over once it has aged', () => {
    const dir = tmp();
    writeLock(dir, { host: `${os.hostname()}-elsewhere`, pid: 4242, start: 'x:1' });
    expect(() => acquireDataDirLock(dir)).toThrow(/on host/);
    const old = new Date(Date.now() - FOREIGN_STALE_MS - 60_000);
    fs.utimesSync(path.join(dir, 'lotse.lock'), old, old);
    acquireDataDirLock(dir)();
  });
});

describe('client addresses and back-off', () => {
  it('throttles IPv6 clients by their /64 and unwraps IPv4-mapped addresses', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('[2001:db8::1]')).toBe('2001:0db8:0000:0000::/64');
    expect(addressKey('::ffff:192.0.2.5')).toBe('192.0.2.5');
    expect(addressKey('192.0.2.5')).toBe('192.0.2.5');
  });

  it('reads TRUST_PROXY as a number of proxies', () => {
    expect(parseTrustProxy(undefined)).toBe(0);
    expect(parseTrustProxy('false')).toBe(0);
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(() => parseTrustProxy('yes')).toThrow(/TRUST_PROXY/);
  });

  it('doubles the delay with every failure beyond the free ones, up to a cap', () => {
    expect([4, 5, 6, 7, 8].map((n) => backoffMs(n, 5))).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(backoffMs(100, 5)).toBe(MAX_DELAY_MS);
  });
});

describe('password policy for new passwords', () => {
  it('wants 12 to 256 characters, counted as a person counts them, and no composition rules', () => {
    expect(passwordProblem('a'.repeat(3) + 'bcdefgh')).toBe('too_short');
    expect(passwordProblem('lantern orbit velvet')).toBeNull(); // lower case and spaces only: fine
    expect(passwordProblem('äöüßäöüßäöü')).toBe('too_short'); // 11 characters, more bytes
    expect(passwordProblem('ünterwegs-nach-köln')).toBeNull();
    expect(passwordProblem('y'.repeat(200) + 'z'.repeat(57))).toBe('too_long');
  });

  it('refuses common, predictable and personal passwords', () => {
    for (const p of ['password1234', 'qwerty123456', 'iloveyou1234567', 'aaaaaaaaaaaa', 'abcdefghijklm']) expect(passwordProblem(p), p).toBe('common');
    expect(passwordProblem('erika.mustermann@lotse.demo', { email: 'Erika.Mustermann@lotse.demo' })).toBe('personal');
    expect(passwordProblem('Erika Mustermann', { name: 'Erika Mustermann' })).toBe('personal');
  });
});

describe('seeding twice at once', () => {
  it('seeds once on PGlite and skips the second time, without a duplicate key', { timeout: 120_000 }, async () => {
    const db = await openPglite(null);
    await migrate(db);
    const results = await Promise.all([seed(db, testConfig, silentLogger), seed(db, testConfig, silentLogger)]);
    expect(results.sort()).toEqual(['demo', 'skipped']);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM departments')).rows[0].n).toBe(5);
    await db.close();
  });
});

const postgres = dbTargets().find((t) => t.name === 'postgres');

describe.skipIf(!postgres)('two servers starting at once on a fresh PostgreSQL database', () => {
  it('both come up: migrations, seed and demo templates happen once', { timeout: 240_000 }, async () => {
    const first = await postgres!.open({ migrated: false });
    const second = await openPostgres(first.url!, 5);
    try {
      const config = { ...testConfig, seed: 'demo' as const, demoHistoryDays: 0 };
      const results = await Promise.all(
        [first.db, second].map((db) => prepareDatabase(db, config, silentLogger, new Engine(db, () => new Date(), silentLogger))),
      );
      expect(results.map((r) => r.seeded).sort()).toEqual(['demo', 'skipped']);
      expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
      expect((await second.query<{ n: number }>('SELECT count(*)::int AS n FROM departments')).rows[0].n).toBe(5);
      expect((await second.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email = 'admin@lotse.demo'")).rows[0].n).toBe(1);
    } finally {
      await second.close();
      await first.dispose();
    }
  });

  it('both seed without a duplicate key when migrate and seed run side by side', { timeout: 120_000 }, async () => {
    const first = await postgres!.open({ migrated: false });
    const second = await openPostgres(first.url!, 5);
    try {
      const results = await Promise.all([first.db, second].map(async (db) => (await migrate(db), seed(db, testConfig, silentLogger))));
      expect(results.sort()).toEqual(['demo', 'skipped']);
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
