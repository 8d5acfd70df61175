/**
 * Encryption at rest of connector secrets: AES-256-GCM (node:crypto) with the 32-byte key from
 * LOTSE_SECRET_KEY, a fresh random 12-byte nonce per value and the 16-byte authentication tag, so a
 * value changed in the database or read with another key fails instead of decrypting to garbage.
 * The secret's id and department are bound in as additional data: a ciphertext copied onto another
 * row does not decrypt there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

const aad = (binding: string) => Buffer.from(`lotse-secret:${binding}`, 'utf8');

export function seal(key: Buffer, plaintext: string, binding: string): Sealed {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** The plaintext; throws when the key is wrong or the stored value was changed. */
export function open(key: Buffer, sealed: Sealed, binding: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce));
  decipher.setAAD(aad(binding));
  decipher.setAuthTag(Buffer.from(sealed.tag));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext)), decipher.final()]).toString('utf8');
}
