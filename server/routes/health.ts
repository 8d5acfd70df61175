import { Hono } from 'hono';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

export function healthRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/', access('public'), async (c) => {
    await db.query('SELECT 1');
    return c.json({ status: 'ok', db: db.kind });
  });
}
