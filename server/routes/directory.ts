import { Hono } from 'hono';
import { lookupPeople, MAX_PEOPLE_LOOKUP, MAX_PEOPLE_RESULTS, MIN_PEOPLE_QUERY, searchPeople, searchUsers } from '../accounts/directory';
import { badRequest } from '../errors';
import { access } from '../http/access';
import type { AppEnv } from '../http/context';
import { paging } from '../http/params';
import type { Deps } from './deps';

const MAX_QUERY_LENGTH = 100;
/** Longest address RFC 5321 allows. */
const MAX_EMAIL_LENGTH = 254;
/** Enough to tell an address from a typo or an injected list; the look-up is exact, so no stricter check is needed. */
const EMAIL = /^[^\s@,]+@[^\s@,]+$/;

/** `email=a@x,b@y`: the addresses to look up, or 400 for an empty, overlong or malformed list. */
function emailList(raw: string): string[] {
  const emails = raw.split(',').map((e) => e.trim());
  if (emails.length > MAX_PEOPLE_LOOKUP) throw badRequest(`email may name at most ${MAX_PEOPLE_LOOKUP} addresses`);
  for (const e of emails) {
    if (!e) throw badRequest('email needs comma-separated e-mail addresses without empty entries');
    if (e.length > MAX_EMAIL_LENGTH || !EMAIL.test(e)) throw badRequest('email contains something that is no e-mail address');
  }
  return emails;
}

/**
 * The people directory behind the forms' person picker: any signed-in user finds colleagues by name or e-mail
 * (`q`), or looks up the people behind stored addresses exactly (`email`, to show a stored value by name).
 */
export function directoryRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/people', access('authenticated'), async (c) => {
    const email = c.req.query('email');
    if (email !== undefined) {
      if (c.req.query('q') !== undefined) throw badRequest('Send either q or email, not both');
      return c.json({ items: await lookupPeople(db, emailList(email)) });
    }
    const q = (c.req.query('q') ?? '').trim();
    if (q.length < MIN_PEOPLE_QUERY) throw badRequest(`q needs at least ${MIN_PEOPLE_QUERY} characters`);
    if (q.length > MAX_QUERY_LENGTH) throw badRequest(`q may have at most ${MAX_QUERY_LENGTH} characters`);
    const { limit } = paging((name) => c.req.query(name), 10, MAX_PEOPLE_RESULTS);
    return c.json({ items: await searchPeople(db, q, limit) });
  });
}

/** Colleague search for agents and owners (mounted at /api/users): names and e-mails, never ids. */
export function userRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/search', access(['agent', 'owner', 'admin']), async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    return c.json({ items: await searchUsers(db, q) });
  });
}
