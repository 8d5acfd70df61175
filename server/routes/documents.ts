import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { validationFailed } from '../errors';
import { openDocument } from '../documents/personnel';
import { ChecksumError } from '../documents/content';
import { currentRequestId } from '../http/request-id';
import type { Deps } from './deps';

/** Document contents (mounted at /api/documents): streamed from the store, checksum checked, every download logged. */
export function documentRoutes({ db, log }: Deps) {
  return new Hono<AppEnv>().get('/:id/content', access('authenticated'), async (c) => {
    const v = c.req.query('version');
    if (v !== undefined && !/^[1-9]\d{0,8}$/.test(v)) throw validationFailed([{ path: '/version', message: 'must be a positive whole number' }]);
    const id = isUuid(c.req.param('id'), 'Document');
    let doc;
    try {
      doc = await openDocument(db, principalOf(c), id, v === undefined ? undefined : Number(v));
    } catch (err) {
      if (!(err instanceof ChecksumError)) throw err;
      // Damaged or missing content is never served: a clear answer, and an error in the log for the operators.
      log.error('document content damaged', { documentId: id, contentId: err.contentId, error: err.message });
      return c.json({ error: 'The stored content of this document is damaged or missing and is not handed out; the operators find the details in the log', code: 'content_damaged', requestId: currentRequestId() }, 500);
    }
    const chunks = doc.stream;
    // A ReadableStream of our own: damaged content errors it, so the download breaks off (the
    // connection is cut before Content-Length is reached) instead of ending as if it were whole.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (err) {
          log.error('document content damaged', { documentId: id, contentId: doc.contentId, storage: doc.storage, error: String((err as Error).message) });
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': doc.contentType,
        'Content-Length': String(doc.size),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "sandbox; default-src 'none'",
        ETag: `"${doc.sha256}"`,
        'Cache-Control': 'private, no-cache',
      },
    });
  });
}
