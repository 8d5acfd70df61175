import { Hono } from 'hono';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

/** Groups for pickers (candidate groups, assign to a colleague's team): names only, no members. */
export function groupRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/', access('authenticated'), async (c) => {
    const r = await db.query('SELECT id, key, name, department_id AS "departmentId" FROM groups ORDER BY name');
    return c.json({ items: r.rows });
  });
}
