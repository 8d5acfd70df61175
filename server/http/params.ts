import { notFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name anything: 404 rather than a database error. */
export function isUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw notFound(what);
  return id;
}

/** limit/offset from the query string, bounded; bad numbers fall back to the defaults. */
export function paging(query: (name: string) => string | undefined, defaultLimit = 50, maxLimit = 200) {
  const num = (v: string | undefined, d: number) => {
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 ? n : d;
  };
  return { limit: Math.min(Math.max(num(query('limit'), defaultLimit), 1), maxLimit), offset: num(query('offset'), 0) };
}
