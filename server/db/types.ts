export type Row = Record<string, any>;

/** What a channel listener reports to (a Logger fits). */
export interface ListenLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface ListenHandlers {
  /** A NOTIFY payload on the channel. */
  onNotice(payload: string): void;
  /** LISTEN is in place again after a lost connection (notices sent in between are gone). */
  onReconnect?(): void;
}

/** LISTEN on a dedicated connection. */
export interface ChannelListener {
  /** Resolves once the first LISTEN is in place. */
  readonly ready: Promise<void>;
  /** The backend pid of the connection while LISTEN is in place; null while (re)connecting or closed. */
  pid(): number | null;
  close(): Promise<void>;
}

export interface QueryResult<T = Row> {
  rows: T[];
  rowCount: number;
}

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** The one database interface; PGlite and PostgreSQL implement it with the same SQL. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: LISTEN on a channel over a connection of its own (never one of the pool's),
   * reconnecting with back-off when it drops. close() of the database closes it as well.
   */
  listen?(channel: string, handlers: ListenHandlers, log: ListenLog): ChannelListener;
  /**
   * PGlite only: copies the data folder to `into` between transactions after a checkpoint, so the
   * copy is consistent while the server runs (npm run backup packs it afterwards).
   */
  copyDataDir?(into: string): Promise<void>;
  /** PostgreSQL only: the pool's connections (for /metrics). */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}
