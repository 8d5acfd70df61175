import { notFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name anything: 404 rather than a database error. */
export function isUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw notFound(what);
  return id;
}
