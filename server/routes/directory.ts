import { Hono } from 'hono';
import { MAX_PEOPLE_RESULTS, MIN_PEOPLE_QUERY, searchPeople } from '../accounts/directory';
import { badRequest } from '../errors';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import { paging } from '../http/params';
import type { Deps } from './deps';

const MAX_QUERY_LENGTH = 100;

/** The people directory behind the forms' person picker: any signed-in user finds colleagues by name or e-mail. */
export function directoryRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/people', access('authenticated'), async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (q.length < MIN_PEOPLE_QUERY) throw badRequest(`q needs at least ${MIN_PEOPLE_QUERY} characters`);
    if (q.length > MAX_QUERY_LENGTH) throw badRequest(`q may have at most ${MAX_QUERY_LENGTH} characters`);
    const { limit } = paging((name) => c.req.query(name), 10, MAX_PEOPLE_RESULTS);
    return c.json({ items: await searchPeople(db, q, limit) });
  });
}
