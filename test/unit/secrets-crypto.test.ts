import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseSecretKey } from '../../server/config';
import { open, seal } from '../../server/secrets/crypto';
import { fillSecrets, redactor, secretNames } from '../../server/engine/connectors/secrets';

describe('LOTSE_SECRET_KEY', () => {
  it('accepts 32 bytes as hex or base64, is null when unset, and refuses anything else at start-up', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))!.equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64'))!.equals(key)).toBe(true);
    expect(parseSecretKey(undefined)).toBeNull();
    expect(parseSecretKey('  ')).toBeNull();
    expect(() => parseSecretKey('too-short')).toThrow(ConfigError);
    expect(() => parseSecretKey(randomBytes(16).toString('hex'))).toThrow(/32 bytes/);
    expect(() => loadConfig({ LOTSE_SECRET_KEY: 'abc' })).toThrow(/LOTSE_SECRET_KEY/);
    expect(loadConfig({ LOTSE_SECRET_KEY: key.toString('base64') }).secretKey!.equals(key)).toBe(true);
  });
});

describe('secret encryption (AES-256-GCM)', () => {
  const key = randomBytes(32);
  it('round-trips, and a new nonce makes each sealing different', () => {
    const a = seal(key, 'pässwört', 'id-1');
    const b = seal(key, 'pässwört', 'id-1');
    expect(open(key, a, 'id-1')).toBe('pässwört');
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
    expect(Buffer.from(a.ciphertext).toString('utf8')).not.toContain('pässwört');
  });
  it('refuses another key, another row, or a changed ciphertext', () => {
    const sealed = seal(key, 'value', 'id-1');
    expect(() => open(randomBytes(32), sealed, 'id-1')).toThrow();
    expect(() => open(key, sealed, 'id-2')).toThrow();
    const changed = Buffer.from(sealed.ciphertext);
    changed[0] ^= 1;
    expect(() => open(key, { ...sealed, ciphertext: changed }, 'id-1')).toThrow();
  });
});

describe('secret placeholders', () => {
  it('finds and fills {{secrets.NAME}} anywhere in the inputs and the whole-value secrets.NAME form', () => {
    const inputs = { url: 'https://x/{{secrets.TENANT}}/a', headers: { k: '{{ secrets.KEY }}' }, list: ['secrets.OLD'], n: 3 };
    expect([...secretNames(inputs)].sort()).toEqual(['KEY', 'OLD', 'TENANT']);
    expect(fillSecrets(inputs, { TENANT: 't1', KEY: 'k', OLD: 'o' })).toEqual({ url: 'https://x/t1/a', headers: { k: 'k' }, list: ['o'], n: 3 });
  });
  it('puts the placeholder back wherever a value shows up, also URL-encoded', () => {
    const redact = redactor({ KEY: 'a b&c', LONG: 'a b&c-long' });
    expect(redact({ echo: 'got a b&c-long and a b&c', url: '/x?k=a%20b%26c', n: 1 })).toEqual({
      echo: 'got {{secrets.LONG}} and {{secrets.KEY}}',
      url: '/x?k={{secrets.KEY}}',
      n: 1,
    });
    expect(redactor({}, ['dXNlcjpwdw=='])('Basic dXNlcjpwdw==')).toBe('Basic [secret]');
  });
});
