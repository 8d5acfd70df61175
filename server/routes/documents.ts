import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { validationFailed } from '../errors';
import { openDocument } from '../documents/personnel';
import type { Deps } from './deps';

/** Document contents (mounted at /api/documents): streamed from the store, checksum checked, every download logged. */
export function documentRoutes({ db, log }: Deps) {
  return new Hono<AppEnv>().get('/:id/content', access('authenticated'), async (c) => {
    const v = c.req.query('version');
    if (v !== undefined && !/^[1-9]\d{0,8}$/.test(v)) throw validationFailed([{ path: '/version', message: 'must be a positive whole number' }]);
    const doc = await openDocument(db, principalOf(c), isUuid(c.req.param('id'), 'Document'), v === undefined ? undefined : Number(v));
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
          log.error('document content unreadable', { error: String((err as Error).message) });
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
