import { Hono } from 'hono';
import { badRequest, validationFailed } from '../errors';
import { access, principalOf } from '../http/access';
import type { AppEnv } from '../http/context';
import { nulRefused } from '../http/nul';
import { isUuid } from '../http/params';
import { readFileFor, storeFile } from '../forms/files';
import type { Deps } from './deps';

/** Attachments: any signed-in user uploads (multipart, field "file"); download only for who may see the instance. */
export function fileRoutes({ db }: Deps) {
  return new Hono<AppEnv>()
    .post('/', access('authenticated'), async (c) => {
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) throw badRequest('Send the file as multipart/form-data');
      let file: unknown;
      try {
        file = (await c.req.parseBody())['file'];
      } catch {
        throw badRequest('The multipart body cannot be read');
      }
      if (!(file instanceof File)) throw validationFailed([{ path: '/file', message: 'is required' }]);
      if (file.name.includes('\u0000') || file.type.includes('\u0000')) throw nulRefused('/file');
      const stored = await storeFile(db, { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }, principalOf(c));
      return c.json(stored, 201);
    })
    .get('/:id', access('authenticated'), async (c) => {
      const f = await readFileFor(db, isUuid(c.req.param('id'), 'File'), principalOf(c));
      return c.body(f.content as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': f.contentType,
        'Content-Length': String(f.size),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "sandbox; default-src 'none'",
        ETag: `"${f.sha256}"`,
        'Cache-Control': 'private, no-cache',
      });
    });
}
