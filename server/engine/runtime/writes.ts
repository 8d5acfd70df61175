/**
 * Deferred, set-based writes of a unit: new instances, tasks and jobs are collected and written
 * with one multi-row statement per table (jsonb_to_recordset), the changed instances with one
 * UPDATE … FROM. A group commit (group-commit.ts) thus writes the rows of many triggers at once.
 *
 * Ordering: the unit's other statements go through a barrier (Unit.tx) that writes what is
 * pending first, so a statement that could see or touch a pending row (cancel a task created in
 * the same unit, a port reading tasks) always finds it in the database. Pending tables are
 * written in foreign-key order (instances before their tasks and jobs).
 */
import type { Queryable } from '../../db/types';

type Column = readonly [name: string, type: string];

/** A table whose inserts may be deferred: its columns (in insert order) with their SQL types. */
export interface DeferredTable {
  readonly table: string;
  readonly columns: readonly Column[];
}

export const INSTANCES: DeferredTable = {
  table: 'process_instances',
  columns: [
    ['id', 'uuid'], ['definition_id', 'uuid'], ['process_key', 'text'], ['department_id', 'uuid'], ['business_key', 'text'],
    ['status', 'text'], ['state', 'jsonb'], ['variables', 'jsonb'], ['started_by', 'uuid'], ['parent_id', 'uuid'], ['parent_ref', 'text'],
    ['idempotency_key', 'text'], ['idempotency_hash', 'text'], ['started_at', 'timestamptz'], ['reference', 'text'],
    ['ended_at', 'timestamptz'],
  ],
};

export const TASKS: DeferredTable = {
  table: 'tasks',
  columns: [
    ['id', 'uuid'], ['instance_id', 'uuid'], ['element_id', 'text'], ['element_instance_id', 'text'], ['name', 'text'], ['form_id', 'text'],
    ['status', 'text'], ['assignee', 'text'], ['candidate_groups', 'text[]'], ['candidate_users', 'text[]'], ['due_at', 'timestamptz'],
    ['follow_up_at', 'timestamptz'], ['priority', 'integer'], ['headers', 'jsonb'], ['created_at', 'timestamptz'], ['approval', 'boolean'],
    ['name_de', 'text'],
  ],
};

export const JOBS: DeferredTable = {
  table: 'jobs',
  columns: [
    ['id', 'uuid'], ['kind', 'text'], ['instance_id', 'uuid'], ['definition_id', 'uuid'], ['element_id', 'text'], ['element_instance_id', 'text'],
    ['type', 'text'], ['status', 'text'], ['retries', 'integer'], ['due_at', 'timestamptz'], ['headers', 'jsonb'], ['variables', 'jsonb'],
    ['created_at', 'timestamptz'],
  ],
};

/** Task rows a caller changes (completing one), written by UPDATE … FROM (see DeferredWrites.update). */
export const TASK_UPDATES: DeferredTable = {
  table: 'tasks',
  columns: [['id', 'uuid'], ['status', 'text'], ['assignee', 'text'], ['completed_at', 'timestamptz'], ['completed_by', 'uuid']],
};

/** Job rows a caller changes (a worker's result), written by UPDATE … FROM. */
export const JOB_UPDATES: DeferredTable = {
  table: 'jobs',
  columns: [['id', 'uuid'], ['status', 'text'], ['locked_until', 'timestamptz'], ['error_message', 'text']],
};

/** Foreign-key order: a job or task row needs its instance row. */
const ORDER: readonly DeferredTable[] = [INSTANCES, TASKS, JOBS];

export class DeferredWrites {
  private readonly rows = new Map<DeferredTable, Record<string, unknown>[]>();
  private readonly waiting = new Set<Record<string, unknown>>();
  /** Changes of existing rows (id first, then the columns to set), per table. */
  private readonly changes = new Map<DeferredTable, Record<string, unknown>[]>();
  private changeCount = 0;

  add(t: DeferredTable, row: Record<string, unknown>) {
    let list = this.rows.get(t);
    if (!list) this.rows.set(t, (list = []));
    list.push(row);
    this.waiting.add(row);
  }

  /**
   * A change of a row that exists in the database (never of a pending one: its id is not out yet).
   * The columns the row object carries are set, the others keep their value. One row changed twice
   * in a unit is written once, with both changes.
   */
  update(t: DeferredTable, row: Record<string, unknown>) {
    let list = this.changes.get(t);
    if (!list) this.changes.set(t, (list = []));
    const known = list.find((r) => r.id === row.id);
    if (known) Object.assign(known, row);
    else {
      list.push(row);
      this.changeCount++;
    }
  }

  get size(): number {
    return this.waiting.size + this.changeCount;
  }

  /** Whether changes of existing rows are pending (a statement of any caller may touch those rows). */
  get changing(): boolean {
    return this.changeCount > 0;
  }

  /** Takes the pending changes of existing rows. */
  takeUpdates(): [DeferredTable, Record<string, unknown>[]][] {
    const out = [...this.changes.entries()].filter(([, rows]) => rows.length);
    this.changes.clear();
    this.changeCount = 0;
    return out;
  }

  /** Whether a row is still to be written (it may then still be changed in place). */
  has(row: Record<string, unknown>): boolean {
    return this.waiting.has(row);
  }

  /** Takes the pending rows per table in foreign-key order (they count as written from now on). */
  take(): [DeferredTable, Record<string, unknown>[]][] {
    const out: [DeferredTable, Record<string, unknown>[]][] = [];
    for (const t of ORDER) {
      const list = this.rows.get(t);
      if (list?.length) out.push([t, list]);
    }
    this.rows.clear();
    this.waiting.clear();
    return out;
  }

  /** Writes everything pending in one statement (one multi-row insert per table, foreign-key order). */
  async drain(tx: Queryable): Promise<void> {
    if (this.size === 0) return;
    const parts = this.take();
    const { sql, params } = combined(parts, null, null, this.takeUpdates());
    await tx.query(sql, params);
  }
}

/** The changed instances in one statement (state as nested JSON, not a string in a string). */
const updateInstances = (rows: string, now: string) => `UPDATE process_instances p SET state = x.state, status = x.status, variables = x.variables,
  ended_at = CASE WHEN x.ended THEN coalesce(p.ended_at, ${now}::timestamptz) ELSE NULL END
  FROM jsonb_to_recordset(${rows}::jsonb) AS x(id uuid, state jsonb, status text, variables jsonb, ended boolean)
  WHERE p.id = x.id`;

const insertHistory = (rows: string) => `INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, element_instance_id, kind, time, actor, data)
  SELECT instance_id, definition_id, process_key, element_id, element_type, element_instance_id, kind, time, actor, data
  FROM jsonb_to_recordset(${rows}::jsonb) AS x(instance_id uuid, definition_id uuid, process_key text, element_id text,
    element_type text, element_instance_id text, kind text, time timestamptz, actor text, data jsonb)`;

/** Existing rows of a table changed set-based: the columns a row carries are set, the others kept. */
const updateRows = (t: DeferredTable, rows: string) => {
  const [key, ...rest] = t.columns;
  const set = rest.map(([n]) => `${n} = CASE WHEN x.fields ? '${n}' THEN x.${n} ELSE t.${n} END`).join(', ');
  const types = t.columns.map(([n, ty]) => `${n} ${ty}`).join(', ');
  return `UPDATE ${t.table} t SET ${set} FROM (SELECT r.*, v.value AS fields FROM jsonb_array_elements(${rows}::jsonb) v,
    LATERAL jsonb_to_record(v.value) AS r(${types})) x WHERE t.${key[0]} = x.${key[0]}`;
};

const insertRows = (t: DeferredTable, rows: string) => {
  const names = t.columns.map(([n]) => n).join(', ');
  const types = t.columns.map(([n, ty]) => `${n} ${ty}`).join(', ');
  return `INSERT INTO ${t.table} (${names}) SELECT ${names} FROM jsonb_to_recordset(${rows}::jsonb) AS x(${types})`;
};

/**
 * One statement for everything a unit writes at its end: the new rows per table, the changed
 * instances (UPDATE … FROM) and the history, as data-modifying CTEs. Foreign keys are checked at
 * the end of the statement, so a task may reference an instance inserted beside it.
 */
export function combined(
  parts: [DeferredTable, Record<string, unknown>[]][],
  updates: { rows: Record<string, unknown>[]; now: Date } | null,
  history: unknown[] | null,
  changes: [DeferredTable, Record<string, unknown>[]][] = [],
): { sql: string; params: unknown[] } {
  const statements: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const [t, rows] of parts) statements.push(insertRows(t, param(JSON.stringify(rows))));
  for (const [t, rows] of changes) statements.push(updateRows(t, param(JSON.stringify(rows))));
  if (updates?.rows.length) statements.push(updateInstances(param(JSON.stringify(updates.rows)), param(updates.now)));
  if (history?.length) statements.push(insertHistory(param(JSON.stringify(history))));
  if (statements.length === 0) throw new Error('nothing to write');
  const last = statements.pop()!;
  const sql = statements.length ? `WITH ${statements.map((s, i) => `w${i} AS (${s})`).join(', ')} ${last}` : last;
  return { sql, params };
}
