/**
 * PostgreSQL refuses the NUL character (U+0000) in text and jsonb, so a NUL that reached a query
 * would end as a 500. It is refused once, at the HTTP boundary: JSON bodies (strings and property
 * names at any depth, in readBody), query parameters and path segments (middleware), multipart
 * file names (the upload route). The answer is `400 {code: "nul_character", errors: [{path}]}`.
 */
import { createMiddleware } from 'hono/factory';
import { HttpError } from '../errors';
import type { AppEnv } from './context';

const NUL = '\u0000';

/** A JSON-pointer segment, with the NUL itself shown as the text `\u0000` (so the answer stays readable). */
const segment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1').replaceAll(NUL, '\\u0000');

/** The JSON-pointer path of the first string or property name holding a NUL, or null. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}/${i}`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) return `${path}/${segment(k)}`;
      const hit = findNul(v, `${path}/${segment(k)}`);
      if (hit) return hit;
    }
  }
  return null;
}

export function nulRefused(path: string, where = 'field'): HttpError {
  return new HttpError(400, 'nul_character', `The ${where} ${path} contains a NUL character (\\u0000), which cannot be stored`, [
    { path, message: 'must not contain a NUL character (\\u0000)' },
  ]);
}

/** Throws 400 when a parsed JSON body holds a NUL anywhere. */
export function assertNoNul(value: unknown): void {
  const hit = findNul(value);
  if (hit) throw nulRefused(hit);
}

/** Query parameters (names and values) and path segments: 400 naming the parameter or segment. */
export const nulGuard = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  for (const [name, value] of url.searchParams) {
    if (name.includes(NUL) || value.includes(NUL)) throw nulRefused(`/${segment(name)}`, 'query parameter');
  }
  // Path parameters are named by the URL path up to the segment (e.g. /api/processes/a\u0000b).
  const parts = url.pathname.split('/').map(decoded);
  const bad = parts.findIndex((p) => p.includes(NUL));
  if (bad >= 0) throw nulRefused(parts.slice(0, bad + 1).map((p) => p.replaceAll(NUL, '\\u0000')).join('/'), 'path segment');
  return next();
});

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape is the router's business (404)
  }
}
