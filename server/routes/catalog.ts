import { Hono } from 'hono';
import { listCatalog } from '../definitions/catalog';
import { access, principalOf } from '../http/access';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

/** The services the caller may request (mounted at /api/catalog). */
export function catalogRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/', access('authenticated'), async (c) => c.json({ items: await listCatalog(db, principalOf(c)) }));
}
