import pg from 'pg';
import type { ChannelListener, Db, ListenHandlers, ListenLog, Queryable, QueryResult } from './types';

// int8 (counts, sums) as numbers, as PGlite returns them; our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number as well.
pg.types.setTypeParser(1700, (v) => Number(v));

type Client = Pick<pg.PoolClient, 'query'>;

function wrap(client: Client): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await client.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** Back-off between reconnection attempts of a listener: 0.5 s, doubling, at most 30 s. */
export function listenBackoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(attempt, 10));
}

/**
 * LISTEN on its own pg.Client (a pooled client would be handed to queries and released, losing
 * the LISTEN). A lost connection (server restart, pg_terminate_backend, network) is logged and
 * re-opened with back-off; handlers.onReconnect runs once LISTEN is in place again.
 */
function listenOn(url: string, channel: string, handlers: ListenHandlers, log: ListenLog): ChannelListener {
  let client: pg.Client | null = null;
  let listeningPid: number | null = null;
  let closed = false;
  let failures = 0;
  let everListened = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  // A failing handler must neither break the connection nor end the process.
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      log.warn('a database notice handler failed', { channel, error: String(err) });
    }
  };

  const lost = (c: pg.Client, err: unknown) => {
    if (client !== c) return; // an old connection reporting late
    client = null;
    listeningPid = null;
    c.removeAllListeners('notification');
    c.end().catch(() => {});
    if (closed) return;
    const delayMs = listenBackoffMs(failures++);
    log.warn('database listener lost its connection; reconnecting', { channel, error: String((err as Error)?.message ?? err), attempt: failures, delayMs });
    timer = setTimeout(() => void connect(), delayMs);
  };

  const connect = async () => {
    timer = null;
    if (closed) return;
    const c = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5000,
      application_name: 'lotse-listen',
      // A silently dropped connection (network) is noticed by TCP keep-alive, not by waiting for notices.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    });
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('connection ended')));
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) safely(() => handlers.onNotice(n.payload!));
    });
    try {
      await c.connect();
      // LISTEN takes no parameters; the channel is an identifier, quoted.
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    } catch (err) {
      lost(c, err);
      return;
    }
    if (client !== c) return; // closed or lost meanwhile
    listeningPid = (c as pg.Client & { processID?: number | null }).processID ?? null;
    if (everListened) {
      log.info('database listener reconnected', { channel, attempts: failures });
      safely(() => handlers.onReconnect?.());
    }
    everListened = true;
    failures = 0;
    markReady();
  };

  void connect();
  return {
    ready,
    pid: () => listeningPid,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      listeningPid = null;
      if (c) {
        c.removeAllListeners('notification');
        await c.end().catch(() => {});
      }
    },
  };
}

/** PostgreSQL through a connection pool (DATABASE_URL), for more than one server process. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  const probe = await pool.connect(); // fails fast when the server cannot be reached
  probe.release();
  const listeners = new Set<ChannelListener>();
  return {
    kind: 'postgres',
    ...wrap(pool),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    listen(channel, handlers, log) {
      const l = listenOn(url, channel, handlers, log);
      const close = async () => {
        listeners.delete(wrapped);
        await l.close();
      };
      const wrapped: ChannelListener = { ready: l.ready, pid: l.pid, close };
      listeners.add(wrapped);
      return wrapped;
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.close()));
      await pool.end();
    },
  };
}
