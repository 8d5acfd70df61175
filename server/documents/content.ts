/**
 * Document contents in the database, streamed (issue #20, point 6): bytes go in as 256 KiB chunks
 * while they arrive and come back out the same way, so a 25 MB file never sits whole in memory.
 * Every content has its SHA-256; reading recomputes it and fails the stream when the stored bytes
 * differ (a damaged chunk is never handed out as the document).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types';
import { HttpError } from '../errors';
import { ALLOWED_TYPES } from '../forms/files';

export const CHUNK_BYTES = 256 * 1024;
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

export interface StoredContent {
  contentId: string;
  size: number;
  sha256: string;
  contentType: string;
}

/** Re-cuts incoming pieces into chunks of CHUNK_BYTES (the last one shorter). */
async function* rechunk(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let held = 0;
  for await (const piece of source) {
    let p = piece;
    while (p.byteLength) {
      const take = Math.min(p.byteLength, CHUNK_BYTES - held);
      parts.push(p.subarray(0, take));
      held += take;
      p = p.subarray(take);
      if (held === CHUNK_BYTES) {
        yield Buffer.concat(parts);
        parts = [];
        held = 0;
      }
    }
  }
  if (held) yield Buffer.concat(parts);
}

/**
 * Writes a content from a stream; the declared type is checked against the first bytes (a renamed
 * program is not a PDF). 413 over the limit, 422 (path /file) for a refused or mismatched type;
 * on any failure the chunks written so far are removed again.
 */
export async function writeContent(db: Queryable, source: AsyncIterable<Uint8Array>, declaredType: string, maxBytes = MAX_DOCUMENT_BYTES): Promise<StoredContent> {
  const contentType = declaredType.split(';')[0].trim().toLowerCase();
  const sniff = ALLOWED_TYPES[contentType];
  if (!sniff) throw new HttpError(422, 'validation_failed', 'This file type is not accepted', [{ path: '/file', message: `type ${contentType || '(none)'} is not accepted` }]);
  const contentId = randomUUID();
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  try {
    for await (const chunk of rechunk(source)) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new HttpError(413, 'too_large', `The file is larger than ${maxBytes / 1024 / 1024} MB`, [{ path: '/file', message: `is larger than ${maxBytes / 1024 / 1024} MB` }]);
      if (seq === 0 && !sniff(chunk)) throw new HttpError(422, 'validation_failed', 'The content does not match its type', [{ path: '/file', message: `content is not ${contentType}` }]);
      hash.update(chunk);
      await db.query('INSERT INTO document_chunks (content_id, seq, bytes) VALUES ($1, $2, $3)', [contentId, seq++, chunk]);
    }
    if (size === 0) throw new HttpError(422, 'validation_failed', 'The file is empty', [{ path: '/file', message: 'is empty' }]);
  } catch (err) {
    await removeContent(db, contentId).catch(() => {});
    throw err;
  }
  return { contentId, size, sha256: hash.digest('hex'), contentType };
}

/** Stores bytes already in memory (generated documents) through the same path. */
export function writeBytes(db: Queryable, bytes: Uint8Array, contentType: string) {
  return writeContent(db, (async function* () { yield bytes; })(), contentType);
}

export async function removeContent(db: Queryable, contentId: string): Promise<void> {
  await db.query('DELETE FROM document_chunks WHERE content_id = $1', [contentId]);
}

export class ChecksumError extends Error {
  constructor(readonly contentId: string) {
    super(`stored content ${contentId} does not match its checksum`);
  }
}

/** Reads a content chunk by chunk; the stream errors at its end when the checksum does not match. */
export async function* readContent(db: Queryable, contentId: string, sha256: string): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_chunks WHERE content_id = $1', [contentId]);
  for (let seq = 0; seq < count.rows[0].n; seq++) {
    const r = await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM document_chunks WHERE content_id = $1 AND seq = $2', [contentId, seq]);
    if (!r.rows[0]) throw new ChecksumError(contentId);
    const bytes = new Uint8Array(r.rows[0].bytes);
    hash.update(bytes);
    yield bytes;
  }
  if (hash.digest('hex') !== sha256) throw new ChecksumError(contentId);
}

/** The whole content, checked (for small documents: previews, ZIP exports, tests). */
export async function readAll(db: Queryable, contentId: string, sha256: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of readContent(db, contentId, sha256)) parts.push(p);
  return Buffer.concat(parts);
}
