import { HttpError, notFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name anything: 404 rather than a database error. */
export function isUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw notFound(what);
  return id;
}

/** The largest offset any list accepts (the task list has the same bound). */
export const MAX_OFFSET = 1_000_000;

function pagingError(name: string, message: string): HttpError {
  return new HttpError(400, 'bad_request', `Query parameter ${name}: ${message}`, [{ path: `/${name}`, message }]);
}

/**
 * limit/offset from the query string: a limit above the maximum is lowered to it; anything that is
 * not a whole number in range (and an offset beyond MAX_OFFSET) is a 400 naming the parameter.
 */
export function paging(query: (name: string) => string | undefined, defaultLimit = 50, maxLimit = 200) {
  const whole = (name: string, v: string | undefined, d: number, min: number) => {
    if (v === undefined || v === '') return d;
    const n = /^\d{1,16}$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw pagingError(name, `must be a whole number of at least ${min}`);
    return n;
  };
  const offset = whole('offset', query('offset'), 0, 0);
  if (offset > MAX_OFFSET) throw pagingError('offset', `must be at most ${MAX_OFFSET}`);
  return { limit: Math.min(whole('limit', query('limit'), defaultLimit, 1), maxLimit), offset };
}
