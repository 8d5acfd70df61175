import { Hono } from 'hono';
import { listGroupNames } from '../accounts/groups';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

/** Groups for pickers (candidate groups, assign to a colleague's team): names only, no members. */
export function groupRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/', access('authenticated'), async (c) => c.json({ items: await listGroupNames(db) }));
}
