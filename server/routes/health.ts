import { Hono } from 'hono';
import { ping } from '../db';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import type { Deps } from './deps';

export function healthRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/', access('public'), async (c) => {
    await ping(db);
    return c.json({ status: 'ok', db: db.kind });
  });
}
