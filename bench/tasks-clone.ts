/**
 * Bulk copies of requests the engine started, for the task-list benchmark: each copy gets new ids
 * for the request and everything hanging off it (tasks, jobs, subscriptions, SLA clocks, history),
 * with the old ids inside the engine state and history data replaced, its own readable reference
 * (the department counter moves on), and all its times moved back by one random age — the rows the
 * engine would have written for the same request started that much earlier. Set-based SQL in one
 * transaction; history rows still pass the insights roll-up trigger as engine writes do.
 */
import type { Db } from '../server/db';

/** Tables whose rows belong to one request and are copied (others with instance_id are reported). */
const COPIED = ['process_instances', 'tasks', 'jobs', 'message_subscriptions', 'signal_subscriptions', 'sla_clocks', 'history', 'insights_open'];

const STEPS = (copies: number, needed: number) => [
  `CREATE FUNCTION pg_temp.remap(s text, olds text[], news text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
   BEGIN
     FOR i IN 1 .. coalesce(array_length(olds, 1), 0) LOOP s := replace(s, olds[i], news[i]); END LOOP;
     RETURN s;
   END $$`,
  // Most copies younger than a day, some up to ten days old (age = random()³ × 10 days).
  `CREATE TEMP TABLE clone ON COMMIT DROP AS
   SELECT s.id AS src, gen_random_uuid() AS dst, (random() ^ 3 * 240) * interval '1 hour' AS shift, row_number() OVER (ORDER BY g, s.id) AS k
   FROM (SELECT id FROM process_instances p WHERE status = 'active' AND parent_id IS NULL
           AND EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = p.id AND t.status = 'open')) s
   CROSS JOIN generate_series(1, ${copies}) g ORDER BY g, s.id LIMIT ${needed}`,
  `CREATE TEMP TABLE idmap ON COMMIT DROP AS
   SELECT c.dst AS inst, c.src::text AS old, c.dst::text AS new FROM clone c
   UNION ALL SELECT c.dst, t.id::text, gen_random_uuid()::text FROM clone c JOIN tasks t ON t.instance_id = c.src
   UNION ALL SELECT c.dst, j.id::text, gen_random_uuid()::text FROM clone c JOIN jobs j ON j.instance_id = c.src
   UNION ALL SELECT c.dst, m.id::text, gen_random_uuid()::text FROM clone c JOIN message_subscriptions m ON m.instance_id = c.src
   UNION ALL SELECT c.dst, s.id::text, gen_random_uuid()::text FROM clone c JOIN signal_subscriptions s ON s.instance_id = c.src`,
  'CREATE INDEX ON idmap (inst, old)',
  `CREATE TEMP TABLE remapped ON COMMIT DROP AS SELECT inst, array_agg(old) AS olds, array_agg(new) AS news FROM idmap GROUP BY inst`,
  `CREATE TEMP TABLE refs ON COMMIT DROP AS
   SELECT c.dst, regexp_replace(p.reference, '-\\d+$', '') AS prefix,
          row_number() OVER (PARTITION BY regexp_replace(p.reference, '-\\d+$', '') ORDER BY c.k) AS n
   FROM clone c JOIN process_instances p ON p.id = c.src WHERE p.reference IS NOT NULL`,
  `INSERT INTO process_instances (id, definition_id, process_key, department_id, business_key, status, state, variables, started_by,
     started_at, ended_at, reference, priority)
   SELECT c.dst, p.definition_id, p.process_key, p.department_id, p.business_key, p.status, pg_temp.remap(p.state::text, r.olds, r.news)::jsonb,
     p.variables, p.started_by, p.started_at - c.shift, p.ended_at - c.shift,
     f.prefix || '-' || lpad((coalesce(rc.last, 900000) + f.n)::text, 6, '0'), p.priority
   FROM clone c JOIN process_instances p ON p.id = c.src JOIN remapped r ON r.inst = c.dst
   LEFT JOIN refs f ON f.dst = c.dst LEFT JOIN reference_counters rc ON rc.prefix = f.prefix`,
  `UPDATE reference_counters rc SET last = rc.last + x.n FROM (SELECT prefix, max(n) AS n FROM refs GROUP BY prefix) x WHERE rc.prefix = x.prefix`,
  `INSERT INTO tasks (id, instance_id, element_id, element_instance_id, name, form_id, status, assignee, candidate_groups, candidate_users,
     due_at, follow_up_at, priority, headers, created_at, claimed_at, completed_at, completed_by)
   SELECT m.new::uuid, c.dst, t.element_id, t.element_instance_id, t.name, t.form_id, t.status, t.assignee, t.candidate_groups, t.candidate_users,
     t.due_at - c.shift, t.follow_up_at - c.shift, t.priority, t.headers, t.created_at - c.shift, t.claimed_at - c.shift, t.completed_at - c.shift, t.completed_by
   FROM clone c JOIN tasks t ON t.instance_id = c.src JOIN idmap m ON m.inst = c.dst AND m.old = t.id::text`,
  `INSERT INTO jobs (id, kind, instance_id, definition_id, element_id, element_instance_id, type, status, retries, due_at, locked_until, worker,
     headers, variables, cycle, error_message, created_at)
   SELECT m.new::uuid, j.kind, c.dst, j.definition_id, j.element_id, j.element_instance_id, j.type, j.status, j.retries, j.due_at - c.shift,
     j.locked_until - c.shift, j.worker, j.headers, j.variables, j.cycle, j.error_message, j.created_at - c.shift
   FROM clone c JOIN jobs j ON j.instance_id = c.src JOIN idmap m ON m.inst = c.dst AND m.old = j.id::text`,
  `INSERT INTO message_subscriptions (id, instance_id, element_id, message_name, correlation_key, created_at)
   SELECT m.new::uuid, c.dst, s.element_id, s.message_name, s.correlation_key, s.created_at - c.shift
   FROM clone c JOIN message_subscriptions s ON s.instance_id = c.src JOIN idmap m ON m.inst = c.dst AND m.old = s.id::text`,
  `INSERT INTO signal_subscriptions (id, instance_id, element_id, signal_name)
   SELECT m.new::uuid, c.dst, s.element_id, s.signal_name
   FROM clone c JOIN signal_subscriptions s ON s.instance_id = c.src JOIN idmap m ON m.inst = c.dst AND m.old = s.id::text`,
  `INSERT INTO sla_clocks (instance_id, target, task_id, element_id, calendar_id, target_ms, at_risk, escalations, started_at, paused_ms, paused_at,
     due_at, at_risk_at, state, breached, at_risk_notified, escalation_level, next_check_at, stopped_at)
   SELECT c.dst, k.target, m.new::uuid, k.element_id, k.calendar_id, k.target_ms, k.at_risk, k.escalations, k.started_at - c.shift, k.paused_ms,
     k.paused_at - c.shift, k.due_at - c.shift, k.at_risk_at - c.shift, k.state, k.breached, k.at_risk_notified, k.escalation_level,
     k.next_check_at - c.shift, k.stopped_at - c.shift
   FROM clone c JOIN sla_clocks k ON k.instance_id = c.src LEFT JOIN idmap m ON m.inst = c.dst AND m.old = k.task_id::text`,
  `INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, element_instance_id, kind, time, actor, data)
   SELECT c.dst, h.definition_id, h.process_key, h.element_id, h.element_type, h.element_instance_id, h.kind, h.time - c.shift, h.actor,
     CASE WHEN h.data IS NULL THEN NULL ELSE pg_temp.remap(h.data::text, r.olds, r.news)::jsonb END
   FROM clone c JOIN history h ON h.instance_id = c.src JOIN remapped r ON r.inst = c.dst ORDER BY c.k, h.id`,
];

/** Copies the open requests until `targetOpenTasks` tasks are open; returns the open-task count. */
export async function cloneRequests(db: Db, targetOpenTasks: number, warn: (m: string) => void = console.warn): Promise<number> {
  const count = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status = 'open'")).rows[0].n;
  const before = await count();
  const sources = (await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM process_instances p WHERE status = 'active' AND parent_id IS NULL AND EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = p.id AND t.status = 'open')",
  )).rows[0].n;
  const needed = Math.max(0, targetOpenTasks - before); // one open task per request (checked below)
  if (!needed || !sources) return before;
  // Rows of further per-request tables (comments, files, mails, notifications) are not copied; say so if any exist.
  const others = (await db.query<{ table_name: string }>(
    `SELECT DISTINCT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.column_name = 'instance_id' AND c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> ALL($1)`,
    [COPIED],
  )).rows.map((r) => r.table_name);
  for (const table of others) {
    const n = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE instance_id IS NOT NULL`)).rows[0].n;
    if (n) warn(`  (not copied: ${n} rows of ${table} — side effects of the real requests, not read by these routes)`);
  }
  await db.transaction(async (tx) => {
    for (const sql of STEPS(Math.ceil(needed / sources), needed)) await tx.query(sql);
  });
  await db.exec('DROP FUNCTION IF EXISTS pg_temp.remap(text, text[], text[])');
  return count();
}
