import { Hono } from 'hono';
import { listDepartments } from '../accounts/departments';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

export function departmentRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/', access('authenticated'), async (c) => c.json({ items: await listDepartments(db) }));
}
