/**
 * Request ids: every request gets one (a caller's X-Request-Id is kept when it is a plain token of
 * at most 64 characters, so a proxy's id follows the request), it is answered in X-Request-Id and in
 * every error body, and every log line written while the request is handled carries it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const store = new AsyncLocalStorage<{ requestId: string }>();
const PLAIN = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id of the request being handled, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

export const requestIds: MiddlewareHandler = async (c, next) => {
  const given = c.req.header('x-request-id');
  const requestId = given && PLAIN.test(given) ? given : randomUUID();
  c.header('X-Request-Id', requestId);
  await store.run({ requestId }, next);
};
