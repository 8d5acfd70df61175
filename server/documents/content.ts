/**
 * Document contents, streamed (issue #20, point 6): bytes go to the content store (the database's
 * 256 KiB chunks, or an S3 bucket when STORAGE_URL names one — storage.ts) while they arrive and
 * come back out the same way, so a 25 MB file never sits whole in memory. Here the checks common
 * to both stores: the type from the first bytes, the size limit while streaming, and the SHA-256,
 * computed on the way in and recomputed on the way out — a mismatch fails the read, so damaged
 * content is never handed out as the document.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types';
import { HttpError } from '../errors';
import { ALLOWED_TYPES, sniffType } from '../forms/files';
import { activeStore, CHUNK_BYTES, MissingContentError, rechunk, storeOf, type StorageKind } from './storage';

export { CHUNK_BYTES };
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

export interface StoredContent {
  contentId: string;
  size: number;
  sha256: string;
  contentType: string;
  /** The store it was written to (kept with the version: document_versions.storage). */
  storage: StorageKind;
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'too_large', `The file is larger than ${maxBytes / 1024 / 1024} MB`, [{ path: '/file', message: `is larger than ${maxBytes / 1024 / 1024} MB` }]);
const refused = (message: string, detail: string) => new HttpError(422, 'validation_failed', message, [{ path: '/file', message: detail }]);

/**
 * Writes a content from a stream to the active store. The declared type is checked against the
 * first bytes (a renamed program is not a PDF); without one (or application/octet-stream) the first
 * bytes decide, and for a ZIP container the file name's ending (.docx, .xlsx). 413 as soon as the
 * stream passes the limit, 422 (path /file) for a refused or mismatched type; on any failure what
 * was written so far is removed again.
 */
export async function writeContent(db: Queryable, source: AsyncIterable<Uint8Array>, declaredType: string, maxBytes = MAX_DOCUMENT_BYTES, filename = ''): Promise<StoredContent> {
  const declared = declaredType.split(';')[0].trim().toLowerCase();
  const bySniffing = !declared || declared === 'application/octet-stream';
  if (!bySniffing && !ALLOWED_TYPES[declared]) throw refused('This file type is not accepted', `type ${declared} is not accepted`);
  let contentType = bySniffing ? '' : declared;
  const contentId = randomUUID();
  const hash = createHash('sha256');
  let size = 0;
  const store = activeStore();
  // Counted as the pieces arrive, before they are cut into chunks: a body over the limit fails at
  // the piece that crosses it.
  async function* counted(): AsyncGenerator<Uint8Array> {
    let received = 0;
    for await (const piece of source) {
      received += piece.byteLength;
      if (received > maxBytes) throw tooLarge(maxBytes);
      yield piece;
    }
  }
  // The checks run inside the stream the store pulls from: nothing is held back to check it.
  async function* checked(): AsyncGenerator<Uint8Array> {
    let first = true;
    // The first piece is a whole chunk (or the whole file), enough for every signature.
    for await (const chunk of rechunk(counted())) {
      size += chunk.byteLength;
      if (first) {
        first = false;
        if (bySniffing) {
          contentType = sniffType(chunk, filename) ?? '';
          if (!contentType) throw refused('This file type is not accepted', 'the content is none of the accepted types (PDF, images, text, Office documents)');
        } else if (!ALLOWED_TYPES[contentType](chunk)) throw refused('The content does not match its type', `content is not ${contentType}`);
      }
      hash.update(chunk);
      yield chunk;
    }
    if (size === 0) throw refused('The file is empty', 'is empty');
  }
  await store.put(db, contentId, checked(), bySniffing ? 'application/octet-stream' : contentType);
  return { contentId, size, sha256: hash.digest('hex'), contentType, storage: store.kind };
}

/** Stores bytes already in memory (generated documents) through the same path. */
export function writeBytes(db: Queryable, bytes: Uint8Array, contentType: string) {
  return writeContent(db, (async function* () { yield bytes; })(), contentType);
}

/** Removes one content (from the active store unless told where it is). */
export async function removeContent(db: Queryable, contentId: string, where: StorageKind = activeStore().kind): Promise<void> {
  await storeOf(where).remove(db, [contentId]);
}

/** Removes contents from their stores (e.g. after their versions were deleted). */
export async function removeContents(db: Queryable, contents: { contentId: string; storage: StorageKind }[]): Promise<void> {
  for (const kind of ['db', 's3'] as const) {
    const ids = contents.filter((c) => c.storage === kind).map((c) => c.contentId);
    if (ids.length) await storeOf(kind).remove(db, ids);
  }
}

export class ChecksumError extends Error {
  constructor(readonly contentId: string, reason = 'does not match its checksum') {
    super(`stored content ${contentId} ${reason}`);
  }
}

async function whereIs(db: Queryable, contentId: string): Promise<StorageKind> {
  const r = await db.query<{ storage: StorageKind }>('SELECT storage FROM document_versions WHERE content_id = $1 LIMIT 1', [contentId]);
  return r.rows[0]?.storage ?? activeStore().kind;
}

/**
 * Reads a content piece by piece from its store (looked up by its version when not given); the
 * stream errors with a ChecksumError at its end when the SHA-256 (or the size) does not match, or
 * when the content is missing.
 */
export async function* readContent(db: Queryable, contentId: string, sha256: string, where?: StorageKind, expectedSize?: number): AsyncGenerator<Uint8Array> {
  const store = storeOf(where ?? await whereIs(db, contentId));
  const hash = createHash('sha256');
  let size = 0;
  // The last piece is held back until the checksum is confirmed: a damaged content never arrives
  // complete (a download ends short of its Content-Length instead).
  let held: Uint8Array | null = null;
  try {
    for await (const piece of store.get(db, contentId)) {
      hash.update(piece);
      size += piece.byteLength;
      if (expectedSize !== undefined && size > expectedSize) throw new ChecksumError(contentId, 'is longer than recorded');
      if (held) yield held;
      held = piece;
    }
  } catch (err) {
    if (err instanceof MissingContentError) throw new ChecksumError(contentId, `is missing (${store.kind === 's3' ? 'S3 bucket' : 'database'})`);
    throw err;
  }
  if (hash.digest('hex') !== sha256) throw new ChecksumError(contentId);
  if (held) yield held;
}

/**
 * A content ready for download: its presence and size are checked before the first byte goes
 * out (a missing or truncated content is refused whole, as a ChecksumError); the SHA-256 while
 * it streams (a mismatch errors the stream at its end).
 */
export async function openContent(db: Queryable, c: { contentId: string; sha256: string; size: number; storage: StorageKind }): Promise<AsyncGenerator<Uint8Array>> {
  const stored = await storeOf(c.storage).size(db, c.contentId);
  if (stored === null) throw new ChecksumError(c.contentId, `is missing (${c.storage === 's3' ? 'S3 bucket' : 'database'})`);
  if (stored !== c.size) throw new ChecksumError(c.contentId, `has ${stored} bytes, ${c.size} were recorded`);
  return readContent(db, c.contentId, c.sha256, c.storage, c.size);
}

/** The whole content, checked (for small documents: previews, ZIP exports, tests). */
export async function readAll(db: Queryable, contentId: string, sha256: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of readContent(db, contentId, sha256)) parts.push(p);
  return Buffer.concat(parts);
}
