/**
 * The S3 adapter of the content store (STORAGE_URL): one object per content, written with a
 * streamed multipart upload (5 MB parts, one at a time, so an upload holds about two parts in
 * memory) and read as a stream. Works with AWS S3 and S3-compatible servers (MinIO, Ceph, Garage;
 * the tests use s3rver).
 */
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3StorageConfig } from '../config';
import type { Logger } from '../log';
import { dbStore, MissingContentError, useContentStore, type ContentStore } from './storage';

const PART_BYTES = 5 * 1024 * 1024;

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

export interface S3ContentStore extends ContentStore {
  readonly client: S3Client;
  readonly bucket: string;
  key(contentId: string): string;
  /** Whether the bucket answers (startup check). */
  check(): Promise<void>;
}

export function s3Store(config: S3StorageConfig): S3ContentStore {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Our own SHA-256 covers the content; the SDK's default CRC trailers (aws-chunked bodies) are
    // not understood by every S3-compatible server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const key = (contentId: string) => `${config.prefix}documents/${contentId}`;
  const store: S3ContentStore = {
    kind: 's3',
    client,
    bucket: config.bucket,
    key,
    async put(_db, contentId, pieces, contentType) {
      // The source's own error (413, 422) is the one to report, not the upload's wrapping of it.
      let failure: unknown = null;
      const body = Readable.from((async function* () {
        try {
          for await (const p of pieces) yield p;
        } catch (err) {
          failure = err;
          throw err;
        }
      })(), { objectMode: false });
      const upload = new Upload({ client, params: { Bucket: config.bucket, Key: key(contentId), Body: body, ContentType: contentType }, partSize: PART_BYTES, queueSize: 1, leavePartsOnError: false });
      try {
        await upload.done();
      } catch (err) {
        body.destroy();
        await store.remove(_db, [contentId]).catch(() => {});
        throw failure ?? err;
      }
    },
    async *get(_db, contentId) {
      let res;
      try {
        res = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key(contentId) }));
      } catch (err) {
        if (notFound(err)) throw new MissingContentError(contentId, 's3');
        throw err;
      }
      const body = res.Body as Readable | undefined;
      if (!body) throw new MissingContentError(contentId, 's3');
      try {
        for await (const piece of body) yield piece as Uint8Array;
      } finally {
        body.destroy();
      }
    },
    async size(_db, contentId) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key(contentId) }));
        return head.ContentLength ?? null;
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async remove(_db, contentIds) {
      for (const id of contentIds) await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key(id) }));
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
    },
  };
  return store;
}

/**
 * Sets the store new contents go to: the bucket STORAGE_URL names (checked once in the background;
 * a bucket that does not answer is an error in the log), else the database.
 */
export function configureContentStore(config: S3StorageConfig | null, log: Pick<Logger, 'info' | 'error'>): void {
  if (!config) {
    useContentStore(dbStore);
    return;
  }
  const store = s3Store(config);
  useContentStore(store);
  store.check().then(
    () => log.info('document contents go to S3', { endpoint: config.endpoint, bucket: config.bucket }),
    (err: Error) => log.error('the S3 bucket of STORAGE_URL does not answer: uploads of documents will fail', { endpoint: config.endpoint, bucket: config.bucket, error: err.message }),
  );
}
