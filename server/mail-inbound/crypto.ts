/**
 * Mailbox passwords at rest: AES-256-GCM (Node's crypto) with the key from MAIL_INBOUND_KEY, a fresh
 * 12-byte nonce per value and the mailbox id as additional data (a value copied to another mailbox
 * row does not decrypt). Stored as `v1:<nonce>:<tag>:<ciphertext>`, base64. The secret store of
 * server/secrets may take this over later; the format carries a version for that.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HttpError } from '../errors';

const noKey = () => new HttpError(409, 'mail_key_missing', 'Mailbox passwords need MAIL_INBOUND_KEY on the server (32 bytes, e.g. openssl rand -base64 32)');

export function encryptSecret(key: Buffer | null, plain: string, context: string): string {
  if (!key) throw noKey();
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', nonce.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

/** The plain value; throws when the key is missing or wrong, or the value was changed or moved. */
export function decryptSecret(key: Buffer | null, stored: string, context: string): string {
  if (!key) throw noKey();
  const [version, nonce, tag, data] = stored.split(':');
  if (version !== 'v1' || !nonce || !tag || data === undefined) throw new Error('unreadable stored secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}
