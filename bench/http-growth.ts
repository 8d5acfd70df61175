/**
 * Growth for `bench/http.ts --prefill N`: N completed IT incidents are added to the server's PGlite
 * folder while the server is stopped — clones of one incident the warm-up completed (its instance
 * row, tasks and history; the history insert runs the insights roll-up trigger as the engine's own
 * does), written in chunks through generate_series. Then the server starts again on the grown
 * database and the same phases are measured, so throughput at N can be set against an empty one.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../server/db/pglite';

const CHUNK = 10_000;

/** Adds `count` completed clones of one completed instance of `processKey`; returns the seconds it took. */
export async function prefillCompleted(dataDir: string, processKey: string, count: number, log: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const pg = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS });
  try {
    const t = await pg.query<{ id: string }>(
      "SELECT id FROM process_instances WHERE process_key = $1 AND status = 'completed' ORDER BY started_at LIMIT 1",
      [processKey],
    );
    const template = t.rows[0]?.id;
    if (!template) throw new Error(`no completed ${processKey} instance to clone`);
    for (let done = 0; done < count; done += CHUNK) {
      const n = Math.min(CHUNK, count - done);
      await pg.transaction(async (tx) => {
        await tx.query('CREATE TEMP TABLE clones ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, $1::int) g', [n]);
        // Spread over the past year, so time-bounded queries see a realistic share.
        await tx.query(
          `INSERT INTO process_instances SELECT (jsonb_populate_record(NULL::process_instances, to_jsonb(p) || jsonb_build_object(
             'id', c.id, 'reference', CASE WHEN p.reference IS NULL THEN NULL ELSE p.reference || '-G' || ($2::int + c.n) END,
             'started_at', p.started_at - make_interval(secs => ($2::int + c.n) * 150), 'ended_at', p.ended_at - make_interval(secs => ($2::int + c.n) * 150)))).*
           FROM process_instances p, clones c WHERE p.id = $1`,
          [template, done],
        );
        await tx.query(
          `INSERT INTO tasks SELECT (jsonb_populate_record(NULL::tasks, to_jsonb(t) || jsonb_build_object('id', gen_random_uuid(), 'instance_id', c.id))).*
           FROM tasks t, clones c WHERE t.instance_id = $1`,
          [template],
        );
        await tx.query(
          `INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, element_instance_id, kind, time, actor, data)
           SELECT c.id, h.definition_id, h.process_key, h.element_id, h.element_type, h.element_instance_id, h.kind,
                  h.time - make_interval(secs => ($2::int + c.n) * 150), h.actor, h.data
           FROM history h, clones c WHERE h.instance_id = $1 ORDER BY c.n, h.id`,
          [template, done],
        );
      });
      log(`  prefill: ${done + n} / ${count} completed instances (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await pg.query('VACUUM ANALYZE');
    await pg.query('CHECKPOINT');
  } finally {
    await pg.close();
  }
  return (performance.now() - t0) / 1000;
}
