/**
 * Change notices between server processes on one PostgreSQL database (LISTEN/NOTIFY).
 *
 * Every transaction that changes requests or tasks queues `pg_notify(CHANGES_CHANNEL, payload)`
 * itself, so PostgreSQL delivers the notice on commit and drops it on rollback. Each server listens
 * on one dedicated connection and re-emits the notices of the *other* servers as 'changed' on
 * engine.events, the emitter the SSE route (`GET /api/events`) reads. A server's own changes are
 * emitted locally after commit as before (no round trip, and live views keep working while the
 * listener reconnects); the payload carries the engine's origin id so the listener skips its own.
 * PGlite is one process: nothing is sent and nothing listens.
 */
import type { ChannelListener, Queryable } from '../../db/types';
import type { Logger } from '../../log';
import type { Engine } from './runtime';

export const CHANGES_CHANNEL = 'lotse_changes';

/** What a local 'changed' event may carry beside the ids (engine.events.emit('changed', ids, scope)). */
export interface ChangeScope {
  /** Only staff who read the request's internal notes hear it (an internal note; never its requester). */
  staff?: boolean;
}

/** NOTIFY refuses payloads of 8000 bytes or more (default build); longer id lists are split. */
export const MAX_NOTICE_BYTES = 7999;

export interface ChangeNotice extends ChangeScope {
  /** The engine (server process) that made the change. */
  origin: string;
  /** The changed request ids; empty means "something changed, refresh all". */
  ids: string[];
}

/** The payloads for one change: `{"o":origin,"ids":[…]}` (with `"s":1` for staff only), each at most maxBytes long. */
export function changePayloads(origin: string, ids: string[], maxBytes = MAX_NOTICE_BYTES, scope: ChangeScope = {}): string[] {
  const head = (batch: string[]) => JSON.stringify(scope.staff ? { o: origin, s: 1, ids: batch } : { o: origin, ids: batch });
  const base = Buffer.byteLength(head([]));
  const out: string[] = [];
  let batch: string[] = [];
  let bytes = base;
  for (const id of ids) {
    const idBytes = Buffer.byteLength(JSON.stringify(id));
    if (base + idBytes > maxBytes) throw new Error(`an instance id of ${idBytes} bytes does not fit a change notice`);
    if (batch.length && bytes + 1 + idBytes > maxBytes) {
      out.push(head(batch));
      batch = [];
      bytes = base;
    }
    bytes += (batch.length ? 1 : 0) + idBytes;
    batch.push(id);
  }
  if (batch.length || !out.length) out.push(head(batch));
  return out;
}

/** Reads a payload; null for anything that is not a change notice. */
export function readChangePayload(payload: string): ChangeNotice | null {
  try {
    const v = JSON.parse(payload) as { o?: unknown; s?: unknown; ids?: unknown };
    if (typeof v.o !== 'string' || !Array.isArray(v.ids) || !v.ids.every((id) => typeof id === 'string')) return null;
    return v.s === 1 ? { origin: v.o, ids: v.ids as string[], staff: true } : { origin: v.o, ids: v.ids as string[] };
  } catch {
    return null;
  }
}

/** Queues the notices in the caller's transaction: sent on commit, discarded on rollback. */
export async function publishChanges(tx: Queryable, origin: string, ids: string[], scope: ChangeScope = {}): Promise<void> {
  const payloads = changePayloads(origin, ids, MAX_NOTICE_BYTES, scope);
  if (payloads.length === 1) await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payloads[0]]);
  else await tx.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS u(p, n) ORDER BY n', [CHANGES_CHANNEL, payloads]);
}

/**
 * Hears the other servers' notices and emits them as 'changed' on engine.events; after a lost
 * connection it emits one 'changed' with no ids (notices in the gap are lost: refresh all).
 * Null on PGlite. Close it on shutdown (the database's close() closes it too).
 */
export function listenForChanges(engine: Engine, log: Logger): ChannelListener | null {
  if (!engine.db.listen) return null;
  return engine.db.listen(
    CHANGES_CHANNEL,
    {
      onNotice(payload) {
        const notice = readChangePayload(payload);
        if (!notice) return log.warn('unreadable change notice', { channel: CHANGES_CHANNEL, payload: payload.slice(0, 200) });
        if (notice.origin !== engine.origin) engine.events.emit('changed', notice.ids, { staff: notice.staff === true });
      },
      onReconnect: () => engine.events.emit('changed', []),
    },
    log,
  );
}
