import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The API browser: Swagger UI (swagger-ui-dist, kept by the OpenAPI initiative's Swagger team) served
 * from node_modules, no CDN. The page loads only files of this server, so a strict CSP holds.
 */
const require = createRequire(import.meta.url);

const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // "Try it out" with the browser's session: the CSRF header on every write.
  requestInterceptor: (req) => { if (req.method && req.method !== 'GET') req.headers['X-Lotse-CSRF'] = '1'; return req; },
});
`;

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lotse API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

export const DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'init.js': 'application/javascript; charset=utf-8',
};

const cache = new Map<string, Uint8Array>();

/** One file of the viewer by its name, or null for any other name (no path from the request reaches the disk). */
export function viewerAsset(name: string): { body: Uint8Array; type: string } | null {
  const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!type) return null;
  let body = cache.get(name);
  if (!body) {
    body = name === 'init.js'
      ? new TextEncoder().encode(INIT)
      : new Uint8Array(fs.readFileSync(path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), name)));
    cache.set(name, body);
  }
  return { body, type };
}
