/**
 * Set-based group commit. Engine.transact() bodies (a start, a task completion, a job result, a
 * timer) that arrive while a transaction is under way queue up; the next transaction runs up to
 * maxBatch of them one after another in ONE engine unit — the pure core applies each trigger on
 * its own — and writes the lot together at the end: one multi-row statement per table, one
 * UPDATE … FROM for the instances, one history insert (so the insights roll-up trigger runs once
 * per batch). Callers are answered after the commit only.
 *
 * Each body stays atomic: when one throws (conflict, rejected trigger, incident limit, anything),
 * the transaction is rolled back, that caller gets its error and the batch runs again without it.
 * When the final write or the commit fails (a constraint no body could see, a deadlock), no body
 * can be blamed: each then runs alone in a transaction of its own, as without group commit.
 *
 * A lone body (no load) runs alone at once: the path with one trigger per transaction.
 *
 * Set-based locks: a body may declare the row it will lock (a Prelock: a statement over
 * `= ANY($1)` and its id). A batch runs each such statement once for all its bodies — the rows
 * locked in one round trip, in the statement's order — and each body takes its row (once: a second
 * body of the same batch asking for the same id gets none and locks it itself, seeing the first
 * one's change).
 */
import type { Db, Queryable } from '../../db/types';

/** What a batch needs of the runtime's Unit (runtime.ts), kept apart so this file imports nothing of it. */
export interface BatchUnit<W, R, P = unknown> {
  /** The transaction behind the barrier that writes pending rows first. */
  readonly tx: Queryable;
  readonly touched: ReadonlySet<string>;
  readonly external: Set<W>;
  /** Changes of existing rows are pending (writes.ts update): every body's statements must see them. */
  hasPendingChanges(): boolean;
  begin(actor: string | null): R;
  end(): void;
  process(work: W[]): Promise<void>;
  /** What the caller hands in beside its work (see Unit.accept). */
  accept(extra: P): Promise<void>;
  flush(): Promise<void>;
}

/** The engine side: its database, a new unit over a transaction, the change notice inside it. */
export interface BatchHost<W, R, P = unknown> {
  readonly db: Db;
  newUnit(tx: Queryable): BatchUnit<W, R, P>;
  publishChanged(tx: Queryable, instanceIds: string[]): Promise<void>;
}

export interface GroupCommitOptions {
  /** Most bodies in one transaction. */
  maxBatch: number;
  /** Transactions in flight at once (PGlite has one connection: 1; PostgreSQL may use more). */
  inFlight: number;
  /**
   * Batching window: while another batch is under way, a new one waits up to this many ms for more
   * bodies (or until maxBatch are waiting) before it starts. 0 (default): it starts as soon as a
   * slot is free. With nothing under way a body never waits.
   */
  windowMs: number;
}

/**
 * A row a body will lock: `sql` locks rows by `id = ANY($1)` (FOR UPDATE, ordered, so two batches
 * lock in the same order) and returns each with a `lock_id` column; the same sql text is one statement per batch.
 */
export interface Prelock {
  sql: string;
  id: string;
}

interface Entry {
  body: (tx: Queryable) => Promise<unknown>;
  prelock?: Prelock;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** Thrown inside the batch's transaction to roll it back when one body failed. */
class BodyFailed extends Error {
  constructor(
    readonly entry: Entry,
    readonly failure: unknown,
  ) {
    super('a body of the group commit failed');
  }
}

/** The batch a transaction handle belongs to: its shared unit and the caller running now. */
export class Batch<W, R, P = unknown> {
  /** Set once the current body has handed work to the engine: its later statements see its rows. */
  private ranEngine = false;
  /** Statements the bodies issued themselves (not the engine's): after one, locked rows may be stale. */
  private bodyStatements = 0;
  /** Rows locked for the bodies, by sql and id, until a body takes its own. */
  private readonly locked = new Map<string, Record<string, unknown>>();

  constructor(
    readonly unit: BatchUnit<W, R, P>,
    private readonly raw: Queryable,
  ) {}

  /** The transaction handle one body sees. */
  handle(): Queryable {
    this.ranEngine = false;
    const count = () => this.bodyStatements++;
    // Before its own engine work a body cannot know the pending rows of the bodies before it (their
    // ids are not out yet), so its statements go straight through; after it, through the barrier.
    // Pending changes of existing rows (a task or job a body before it completed) it must see at once.
    const via = () => (this.ranEngine || this.unit.hasPendingChanges() ? this.unit.tx : this.raw);
    return {
      query: (sql, params) => (count(), via().query(sql, params)),
      exec: (sql) => (count(), via().exec(sql)),
    };
  }

  /** The current body has deferred a write of its own (writes.ts): its later statements must see it. */
  deferred() {
    this.ranEngine = true;
  }

  /** Locks the declared rows of all bodies: one statement per distinct sql. */
  async prelock(entries: Entry[]): Promise<void> {
    const bySql = new Map<string, Set<string>>();
    for (const e of entries) {
      if (!e.prelock) continue;
      let ids = bySql.get(e.prelock.sql);
      if (!ids) bySql.set(e.prelock.sql, (ids = new Set()));
      ids.add(e.prelock.id);
    }
    for (const [sql, ids] of bySql) {
      const r = await this.raw.query<Record<string, unknown>>(sql, [[...ids]]);
      for (const row of r.rows) this.locked.set(`${sql}\u0000${String(row.lock_id)}`, row);
    }
  }

  /**
   * The row locked for this body (once), or undefined: then the body locks it itself. The row is as
   * it was when the batch began, so it is handed out only while nothing can have changed it since:
   * no body before has issued a statement of its own, and the engine has not touched its instance.
   */
  take(lock: Prelock): Record<string, unknown> | undefined {
    const key = `${lock.sql}\u0000${lock.id}`;
    const row = this.locked.get(key);
    this.locked.delete(key);
    if (!row || this.bodyStatements > 0 || this.unit.touched.has(String(row.instance_id))) return undefined;
    return row;
  }

  async run(work: W[], actor: string | null, extra: P): Promise<R> {
    this.ranEngine = true;
    const view = this.unit.begin(actor);
    await this.unit.accept(extra);
    for (const w of work) this.unit.external.add(w);
    try {
      await this.unit.process(work);
    } finally {
      this.unit.end();
    }
    return view;
  }
}

export class GroupCommit<W, R, P = unknown> {
  readonly options: GroupCommitOptions;
  private readonly queue: Entry[] = [];
  private running = 0;
  private readonly batches = new WeakMap<Queryable, Batch<W, R, P>>();
  /** Bodies per transaction, for the benchmarks: [transactions, bodies]. */
  readonly stats = { transactions: 0, bodies: 0, retries: 0, fallbacks: 0 };

  constructor(
    private readonly engine: BatchHost<W, R, P>,
    options: Partial<GroupCommitOptions>,
  ) {
    this.options = { maxBatch: options.maxBatch ?? 64, inFlight: options.inFlight ?? (engine.db.kind === 'pglite' ? 1 : 2), windowMs: options.windowMs ?? 0 };
  }

  batchOf(tx: Queryable): Batch<W, R, P> | undefined {
    return this.batches.get(tx);
  }

  submit<T>(body: (tx: Queryable) => Promise<T>, prelock?: Prelock): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ body, prelock, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** The batching window's timer, while a batch waits for more bodies. */
  private window: ReturnType<typeof setTimeout> | null = null;

  private pump(windowOver = false) {
    while (this.running < this.options.inFlight && this.queue.length) {
      const { windowMs, maxBatch } = this.options;
      if (!windowOver && windowMs > 0 && this.running > 0 && this.queue.length < maxBatch) {
        this.window ??= setTimeout(() => {
          this.window = null;
          this.pump(true);
        }, windowMs);
        return;
      }
      windowOver = false;
      if (this.window) {
        clearTimeout(this.window);
        this.window = null;
      }
      const take = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      const done = take.length === 1 ? this.alone(take[0]) : this.together(take);
      void done.finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** One body in a transaction of its own. */
  private async alone(e: Entry): Promise<void> {
    this.stats.bodies++;
    // PostgreSQL may pick this transaction as a deadlock victim (two transactions at a time lock the
    // same instance rows in another order); a body may run more than once, so it is run again.
    for (let attempt = 1; ; attempt++) {
      this.stats.transactions++;
      try {
        e.resolve(await this.engine.db.transaction((tx) => e.body(tx)));
        return;
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if ((code === '40P01' || code === '40001') && attempt < 4) continue;
        e.reject(err);
        return;
      }
    }
  }

  private async together(entries: Entry[]): Promise<void> {
    let live = entries;
    while (live.length > 1) {
      const results = new Map<Entry, unknown>();
      try {
        await this.engine.db.transaction(async (tx) => {
          const unit = this.engine.newUnit(tx);
          const batch = new Batch(unit, tx);
          await batch.prelock(live);
          for (const e of live) {
            const handle = batch.handle();
            this.batches.set(handle, batch);
            try {
              results.set(e, await e.body(handle));
            } catch (err) {
              throw new BodyFailed(e, err);
            }
          }
          await unit.flush();
          await this.engine.publishChanged(tx, [...unit.touched]);
        });
      } catch (err) {
        if (err instanceof BodyFailed) {
          err.entry.reject(err.failure);
          live = live.filter((e) => e !== err.entry);
          this.stats.retries++;
          continue;
        }
        // Not one body's fault (a constraint at the final write, a deadlock, the commit): each alone.
        this.stats.fallbacks++;
        for (const e of live) await this.alone(e);
        return;
      }
      this.stats.transactions++;
      this.stats.bodies += live.length;
      for (const e of live) e.resolve(results.get(e));
      return;
    }
    if (live.length === 1) await this.alone(live[0]);
  }
}
