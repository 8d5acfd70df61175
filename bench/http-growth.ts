/**
 * Growth for `bench/http.ts --prefill N`: N completed IT incidents are added to the server's PGlite
 * folder while the server is stopped — clones of one incident the warm-up completed: its instance
 * row and everything hanging off it (tasks, the cancelled timer jobs, the stopped SLA clocks, the
 * notifications — read —, the outbox mails — sent — and the history), each clone with new ids and
 * all its times moved back by 150 s per clone (200,000 clones spread over the past year).
 *
 * Set-based: one `INSERT … SELECT … FROM clones` per table and step of 10,000 clones (a step is one
 * transaction; 100,000 rows in one transaction once exhausted PGlite's WASM memory). The rows are
 * copies, so the per-row triggers of the copied tables (the search documents of requests and tasks,
 * the channel, the foreign-key checks) are skipped with `session_replication_role = replica` and the
 * documents are copied with the clone's own reference put in; the history insert runs with the
 * triggers on, so the insights roll-up trigger runs once per step over the step's history, as the
 * engine's own writes do. PREFILL_TIMING=1 logs each statement's time.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../server/db/pglite';

const STEP = 10_000;
/** Seconds between two clones' start times. */
const SPACING_S = 150;
/** Tables copied besides process_instances and history, with what a completed clone's row looks like. */
const CHILDREN: { table: string; set?: string }[] = [
  { table: 'tasks' },
  { table: 'jobs' },
  { table: 'sla_clocks' },
  { table: 'notifications', set: "'read_at', coalesce(x.read_at, x.created_at - s.shift)" },
  { table: 'mail_outbox', set: "'status', 'sent', 'sent_at', coalesce(x.sent_at, x.created_at - s.shift)" },
];

/** Adds `count` completed clones of one completed instance of `processKey`; returns the seconds it took. */
export async function prefillCompleted(dataDir: string, processKey: string, count: number, log: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const pg = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS });
  try {
    const t = await pg.query<{ id: string }>(
      "SELECT id FROM process_instances WHERE process_key = $1 AND status = 'completed' AND parent_id IS NULL ORDER BY started_at LIMIT 1",
      [processKey],
    );
    const template = t.rows[0]?.id;
    if (!template) throw new Error(`no completed ${processKey} instance to clone`);
    const columns = async (table: string) =>
      (await pg.query<{ column_name: string; data_type: string }>(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1", [table],
      )).rows;
    /** jsonb_build_object arguments moving every timestamp of a row `x` back by the clone's shift `s.shift`. */
    const shifted = (cols: { column_name: string; data_type: string }[]) =>
      cols.filter((c) => c.data_type.startsWith('timestamp')).map((c) => `'${c.column_name}', x.${c.column_name} - s.shift`);
    const children = await Promise.all(CHILDREN.map(async (c) => ({ ...c, cols: await columns(c.table) })));
    const instanceTimes = shifted(await columns('process_instances'));
    for (let done = 0; done < count; done += STEP) {
      const n = Math.min(STEP, count - done);
      const ts = performance.now();
      await pg.transaction(async (raw: Transaction) => {
        const tx = { query: async (sql: string, params?: unknown[]) => { const t1 = performance.now(); const r = await raw.query(sql, params); if (process.env.PREFILL_TIMING) log(`    ${(performance.now() - t1).toFixed(0)} ms ${sql.replace(/\s+/g, ' ').slice(0, 60)}`); return r; } };
        await tx.query(
          `CREATE TEMP TABLE clones ON COMMIT DROP AS
           SELECT gen_random_uuid() AS id, $1::int + g AS n, make_interval(secs => ($1::int + g) * ${SPACING_S}) AS shift
           FROM generate_series(1, $2::int) g`,
          [done, n],
        );
        // New ids of the template's tasks per clone (SLA clocks and notifications name them).
        await tx.query(
          `CREATE TEMP TABLE task_ids ON COMMIT DROP AS
           SELECT c.id AS instance_id, t.id AS old, gen_random_uuid() AS new FROM clones c, tasks t WHERE t.instance_id = $1`,
          [template],
        );
        await tx.query('CREATE INDEX ON task_ids (instance_id, old)');
        await tx.query('SET LOCAL session_replication_role = replica');
        // The request's search document: the template's with the clone's reference instead of the template's.
        await tx.query(
          `INSERT INTO process_instances SELECT y.* FROM process_instances x, clones s, LATERAL (SELECT x.reference || '-G' || s.n AS ref) r,
           LATERAL jsonb_populate_record(NULL::process_instances, to_jsonb(x) || jsonb_build_object(
             'id', s.id, 'reference', r.ref,
             'search', CASE WHEN x.reference IS NULL THEN x.search
               ELSE ts_delete(x.search, tsvector_to_array(lotse_search_vector(x.reference || ' ' || replace(x.reference, '-', ' '))))
                    || lotse_search_vector(r.ref || ' ' || replace(r.ref, '-', ' ')) END
             ${instanceTimes.map((e) => `, ${e}`).join('')})) y
           WHERE x.id = $1`,
          [template],
        );
        for (const c of children) {
          const hasTask = c.cols.some((col) => col.column_name === 'task_id');
          const id = c.table === 'tasks' ? "'id', m.new" : "'id', gen_random_uuid()";
          const search = c.table === 'tasks'
            ? ", 'search', lotse_search_vector(left(coalesce(x.name, ''), 10000)) || coalesce((SELECT p.search FROM process_instances p WHERE p.id = s.id), ''::tsvector)"
            : '';
          const taskJoin = c.table === 'tasks'
            ? 'JOIN task_ids m ON m.instance_id = s.id AND m.old = x.id'
            : hasTask ? 'LEFT JOIN task_ids m ON m.instance_id = s.id AND m.old = x.task_id' : '';
          await tx.query(
            `INSERT INTO ${c.table} SELECT y.* FROM ${c.table} x CROSS JOIN clones s ${taskJoin},
             LATERAL jsonb_populate_record(NULL::${c.table}, to_jsonb(x) || jsonb_build_object(
               ${id}, 'instance_id', s.id${hasTask && c.table !== 'tasks' ? ", 'task_id', coalesce(m.new, x.task_id)" : ''}${search}
               ${shifted(c.cols).map((e) => `, ${e}`).join('')}${c.set ? `, ${c.set}` : ''})) y
             WHERE x.instance_id = $1`,
            [template],
          );
        }
        await tx.query('SET LOCAL session_replication_role = origin');
        await tx.query(
          `INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, element_instance_id, kind, time, actor, data)
           SELECT s.id, h.definition_id, h.process_key, h.element_id, h.element_type, h.element_instance_id, h.kind, h.time - s.shift, h.actor,
                  CASE WHEN h.data ? 'taskId' THEN h.data || jsonb_build_object('taskId', coalesce(m.new::text, h.data ->> 'taskId')) ELSE h.data END
           FROM history h CROSS JOIN clones s LEFT JOIN task_ids m ON m.instance_id = s.id AND m.old::text = h.data ->> 'taskId'
           WHERE h.instance_id = $1 ORDER BY s.n, h.id`,
          [template],
        );
      });
      log(`  prefill: ${done + n} / ${count} completed instances (${((performance.now() - t0) / 1000).toFixed(0)} s; this step ${((performance.now() - ts) / 1000).toFixed(1)} s)`);
    }
    await pg.query('VACUUM ANALYZE');
    await pg.query('CHECKPOINT');
  } finally {
    await pg.close();
  }
  return (performance.now() - t0) / 1000;
}
