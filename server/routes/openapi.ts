import { Hono } from 'hono';
import { createRequire } from 'node:module';
import { notFound } from '../errors';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import { buildOpenApi } from '../openapi/document';
import { DOCS_CSP, DOCS_PAGE, viewerAsset } from '../openapi/viewer';

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The API description (mounted at /api): GET /api/openapi.json, built from the route table of the
 * running app and the catalogue in server/openapi; the browser for it at /api/docs. Both public.
 */
export function openApiRoutes(routeTable: () => readonly { method: string; path: string }[]) {
  let built: Record<string, unknown> | null = null;
  return new Hono<AppEnv>()
    .get('/openapi.json', access('public'), (c) => {
      built ??= buildOpenApi(routeTable(), version).document;
      return c.json(built);
    })
    .get('/docs', access('public'), (c) => c.html(DOCS_PAGE, 200, { 'Content-Security-Policy': DOCS_CSP }))
    .get('/docs/:asset', access('public'), (c) => {
      const asset = viewerAsset(c.req.param('asset'));
      if (!asset) throw notFound('File');
      return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' });
    });
}
