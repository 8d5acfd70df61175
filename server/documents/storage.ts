/**
 * Where document contents live (issue #20, point 6): a port with two adapters. The database store
 * keeps 256 KiB chunks in `document_chunks`; the S3 store (storage-s3.ts) keeps one object per
 * content in an S3-compatible bucket when STORAGE_URL names one. Both take and give streams: a
 * 25 MB file is never held whole in memory. Checking (type, size, SHA-256) is the caller's
 * (content.ts); an adapter only moves bytes.
 */
import type { Queryable } from '../db/types';

export type StorageKind = 'db' | 's3';

export interface ContentStore {
  readonly kind: StorageKind;
  /** Stores the pieces under contentId as they arrive; when the source fails, what was written goes again and the source's error is thrown. */
  put(db: Queryable, contentId: string, pieces: AsyncIterable<Uint8Array>, contentType: string): Promise<void>;
  /** The stored bytes in order; throws MissingContentError when there are none. */
  get(db: Queryable, contentId: string): AsyncIterable<Uint8Array>;
  /** The stored size in bytes, or null when the content is missing (checked before a download starts). */
  size(db: Queryable, contentId: string): Promise<number | null>;
  remove(db: Queryable, contentIds: string[]): Promise<void>;
}

export class MissingContentError extends Error {
  constructor(readonly contentId: string, where: StorageKind) {
    super(`stored content ${contentId} is missing from the ${where === 's3' ? 'S3 bucket' : 'database'}`);
  }
}

export const CHUNK_BYTES = 256 * 1024;

/** Re-cuts incoming pieces into chunks of CHUNK_BYTES (the last one shorter). */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let held = 0;
  for await (const piece of source) {
    let p = piece;
    while (p.byteLength) {
      const take = Math.min(p.byteLength, size - held);
      parts.push(p.subarray(0, take));
      held += take;
      p = p.subarray(take);
      if (held === size) {
        yield Buffer.concat(parts);
        parts = [];
        held = 0;
      }
    }
  }
  if (held) yield Buffer.concat(parts);
}

/** The database adapter: one row per 256 KiB chunk, written and read one chunk at a time. */
export const dbStore: ContentStore = {
  kind: 'db',
  async put(db, contentId, pieces) {
    let seq = 0;
    try {
      for await (const chunk of rechunk(pieces)) {
        await db.query('INSERT INTO document_chunks (content_id, seq, bytes) VALUES ($1, $2, $3)', [contentId, seq++, chunk]);
      }
    } catch (err) {
      await dbStore.remove(db, [contentId]).catch(() => {});
      throw err;
    }
  },
  async *get(db, contentId) {
    const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_chunks WHERE content_id = $1', [contentId]);
    if (!count.rows[0].n) throw new MissingContentError(contentId, 'db');
    for (let seq = 0; seq < count.rows[0].n; seq++) {
      const r = await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM document_chunks WHERE content_id = $1 AND seq = $2', [contentId, seq]);
      if (!r.rows[0]) throw new MissingContentError(contentId, 'db');
      yield new Uint8Array(r.rows[0].bytes);
    }
  },
  async size(db, contentId) {
    const r = await db.query<{ n: number; bytes: number | null }>('SELECT count(*)::int AS n, sum(length(bytes))::int AS bytes FROM document_chunks WHERE content_id = $1', [contentId]);
    return r.rows[0].n ? Number(r.rows[0].bytes) : null;
  },
  async remove(db, contentIds) {
    if (contentIds.length) await db.query('DELETE FROM document_chunks WHERE content_id = ANY($1::uuid[])', [contentIds]);
  },
};

let active: ContentStore = dbStore;
let s3: ContentStore | null = null;

/**
 * The store new contents go to (set by createApp from STORAGE_URL; the database without it). Old
 * contents stay where they were written: each version records its store, and the S3 store is kept
 * for reading even while the database is the active one again.
 */
export function useContentStore(store: ContentStore): void {
  active = store;
  if (store.kind === 's3') s3 = store;
}

export const activeStore = (): ContentStore => active;

/** The store a content was written to; a content in S3 without STORAGE_URL cannot be read. */
export function storeOf(kind: StorageKind): ContentStore {
  if (kind === 'db') return dbStore;
  if (!s3) throw new Error('This content is stored in S3, but STORAGE_URL names no bucket');
  return s3;
}
