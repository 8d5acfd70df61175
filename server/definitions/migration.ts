/**
 * Moving running instances of one version of a process to another (POST
 * /api/process-definitions/:key/migrations). The rules are the pure engine/core/migration.ts; this
 * file loads, locks and rewrites: each instance in its own transaction (state, open tasks, jobs and
 * timers, subscriptions, open incidents, an `instance_migrated` history entry), so a refused or
 * failed instance leaves nothing half-written and the others still move.
 */
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Engine, DefinitionInfo } from '../engine/runtime/runtime';
import { rootVariables } from '../engine/runtime/runtime';
import { autoMapping, checkMapping, planMigration, type ElementMapping } from '../engine/core/migration';
import type { InstanceState } from '../engine/core/types';
import type { CompiledProcess } from '../engine/core/model';
import { HttpError, notFound } from '../errors';
import { MAX_MIGRATION_INSTANCES, MIGRATION_BATCH_SIZE } from '../../common/limits';
import { mayActFor } from '../accounts/key-owners';

export interface MigrationInput {
  sourceVersion: number;
  targetVersion: number;
  mapping?: ElementMapping;
  instanceIds?: string[];
  dryRun?: boolean;
}

export interface InstanceOutcome {
  instanceId: string;
  reference: string | null;
  outcome: 'migrated' | 'refused';
  /** Refused: why, and the element that stands in the way. */
  reason?: string;
  elementId?: string;
  /** Migrated (or would be): the mapping of its active elements and open subscriptions. */
  mapping?: ElementMapping;
}

export interface MigrationResult {
  key: string;
  sourceVersion: number;
  targetVersion: number;
  dryRun: boolean;
  /** The default mapping (same ids) merged with the explicit one: what the versions view shows. */
  mapping: ElementMapping;
  instances: InstanceOutcome[];
  migrated: number;
  refused: number;
  /** Active instances of the source version beyond this call's budget (call again). */
  remaining: number;
  /** The elements of both versions, for the mapping editor of the versions view. */
  elements: { source: ElementSummary[]; target: ElementSummary[] };
}

export interface ElementSummary {
  id: string;
  name: string | null;
  type: string;
}

const summaries = (model: CompiledProcess): ElementSummary[] =>
  Object.values(model.elements).map((e) => ({ id: e.id, name: e.name ?? null, type: e.type })).sort((a, b) => a.id.localeCompare(b.id));

async function version(engine: Engine, q: Queryable, key: string, v: number): Promise<DefinitionInfo> {
  const r = await q.query<{ id: string }>('SELECT id FROM definitions WHERE key = $1 AND version = $2', [key, v]);
  if (!r.rows[0]) throw notFound(`Version ${v} of process "${key}"`);
  return engine.definition(q, r.rows[0].id);
}

/** Runs (or, dryRun, only plans) a migration; the caller is an owner of the process's department or an admin. */
export async function migrateInstances(engine: Engine, p: Principal, key: string, input: MigrationInput): Promise<MigrationResult> {
  const { db } = engine;
  const source = await version(engine, db, key, input.sourceVersion);
  // A foreign department's owner learns nothing about the process: 404 as for a key that does not exist.
  if (!mayActFor(p, source.departmentId)) throw notFound(`Version ${input.sourceVersion} of process "${key}"`);
  const target = await version(engine, db, key, input.targetVersion);
  if (!mayActFor(p, target.departmentId)) throw notFound(`Version ${input.targetVersion} of process "${key}"`);
  const explicit = input.mapping ?? {};
  const wrong = checkMapping(source.model, target.model, explicit);
  if (wrong) {
    const err = new HttpError(422, 'migration_mapping', wrong.reason);
    err.details = { elementId: wrong.elementId };
    throw err;
  }
  const dryRun = input.dryRun ?? false;
  const result: MigrationResult = {
    key, sourceVersion: source.version, targetVersion: target.version, dryRun,
    mapping: { ...autoMapping(source.model, target.model), ...explicit },
    instances: [], migrated: 0, refused: 0, remaining: 0,
    elements: { source: summaries(source.model), target: summaries(target.model) },
  };

  const wanted = input.instanceIds ? [...new Set(input.instanceIds)] : null;
  const count = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM process_instances WHERE definition_id = $1 AND status = 'active' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))",
    [source.id, wanted],
  );
  const total = count.rows[0].n;
  if (wanted) {
    const found = await db.query<{ id: string }>("SELECT id FROM process_instances WHERE id = ANY($1::uuid[]) AND definition_id = $2 AND status = 'active'", [wanted, source.id]);
    const ok = new Set(found.rows.map((r) => r.id));
    for (const id of wanted) {
      if (!ok.has(id)) result.instances.push({ instanceId: id, reference: null, outcome: 'refused', reason: `not an active instance of version ${source.version}` });
    }
  }
  // Batches in start order; each instance in its own transaction. The cursor is the last id handed out.
  let after: { startedAt: Date; id: string } | null = null;
  let handled = 0;
  while (handled < Math.min(total, MAX_MIGRATION_INSTANCES)) {
    const size = Math.min(MIGRATION_BATCH_SIZE, MAX_MIGRATION_INSTANCES - handled);
    const batch: { rows: { id: string; started_at: Date }[] } = await db.query<{ id: string; started_at: Date }>(
      `SELECT id, started_at FROM process_instances WHERE definition_id = $1 AND status = 'active' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
         AND ($3::timestamptz IS NULL OR (started_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY started_at, id LIMIT $5`,
      [source.id, wanted, after?.startedAt ?? null, after?.id ?? null, size],
    );
    if (!batch.rows.length) break;
    for (const row of batch.rows) {
      const outcome = await migrateOne(engine, p, row.id, source, target, explicit, dryRun);
      result.instances.push(outcome);
      handled++;
    }
    const last = batch.rows[batch.rows.length - 1];
    after = { startedAt: last.started_at, id: last.id };
  }
  result.remaining = Math.max(0, total - handled);
  result.migrated = result.instances.filter((i) => i.outcome === 'migrated').length;
  result.refused = result.instances.length - result.migrated;
  return result;
}

async function migrateOne(
  engine: Engine, p: Principal, instanceId: string, source: DefinitionInfo, target: DefinitionInfo, mapping: ElementMapping, dryRun: boolean,
): Promise<InstanceOutcome> {
  try {
    const outcome = await engine.db.transaction(async (tx) => {
      const r = await tx.query<{ definition_id: string; status: string; state: InstanceState; reference: string | null }>(
        'SELECT definition_id, status, state, reference FROM process_instances WHERE id = $1 FOR UPDATE',
        [instanceId],
      );
      const row = r.rows[0];
      const base = { instanceId, reference: row?.reference ?? null };
      if (!row || row.definition_id !== source.id || row.status !== 'active') {
        return { ...base, outcome: 'refused' as const, reason: `no longer an active instance of version ${source.version}` };
      }
      const plan = planMigration(source.model, target.model, row.state, mapping, engine.now());
      if (!plan.ok) return { ...base, outcome: 'refused' as const, reason: plan.refusal.reason, elementId: plan.refusal.elementId };
      const done: InstanceOutcome = { ...base, outcome: 'migrated', mapping: plan.mapping };
      if (dryRun) return done;
      await rewrite(tx, instanceId, row.state, plan.state, plan.timers, target, p, source, plan.mapping, engine.now());
      await engine.publishChanged(tx, [instanceId]);
      return done;
    });
    if (!dryRun && outcome.outcome === 'migrated') engine.events.emit('changed', [instanceId]);
    return outcome;
  } catch (err) {
    // One instance that cannot be written (its transaction rolled back) does not stop the others.
    engine.log.error('instance migration failed', { instanceId, error: (err as Error).message });
    return { instanceId, reference: null, outcome: 'refused', reason: `could not be written: ${(err as Error).message}` };
  }
}

/** Rewrites the instance and its side tables to the target version, inside the instance's transaction. */
async function rewrite(
  tx: Queryable, id: string, before: InstanceState, after: InstanceState, timers: Record<string, string>, target: DefinitionInfo,
  p: Principal, source: DefinitionInfo, used: ElementMapping, now: Date,
): Promise<void> {
  await tx.query('UPDATE process_instances SET definition_id = $2, state = $3, variables = $4 WHERE id = $1', [
    id, target.id, JSON.stringify(after), JSON.stringify(rootVariables(after)),
  ]);
  for (const [waitId, w] of Object.entries(after.waits)) {
    const el = target.model.elements[w.elementId];
    if (w.kind === 'task') {
      await tx.query("UPDATE tasks SET element_id = $2, name = coalesce($3, name) WHERE id = $1 AND status = 'open'", [waitId, w.elementId, el?.name ?? null]);
    } else if (w.kind === 'job') {
      // The target's job type when it is a literal (a FEEL type was evaluated when the job was created).
      const type = el?.taskDefinition?.type && !el.taskDefinition.type.startsWith('=') ? el.taskDefinition.type : null;
      await tx.query("UPDATE jobs SET element_id = $2, definition_id = $3, type = coalesce($4, type) WHERE id = $1 AND kind = 'service'", [waitId, w.elementId, target.id, type]);
    } else if (w.kind === 'timer') {
      // A timer whose definition changed is due anew (timers: from the target's definition); the rest keep their due date.
      await tx.query(
        "UPDATE jobs SET element_id = $2, definition_id = $3, due_at = coalesce($4::timestamptz, due_at) WHERE id = $1 AND status IN ('ready', 'failed')",
        [waitId, w.elementId, target.id, timers[waitId] ?? null],
      );
    } else if (w.kind === 'message') {
      await tx.query('UPDATE message_subscriptions SET element_id = $2 WHERE id = $1', [waitId, w.elementId]);
    } else if (w.kind === 'signal') {
      await tx.query('UPDATE signal_subscriptions SET element_id = $2 WHERE id = $1', [waitId, w.elementId]);
    }
  }
  // Open incidents stay on their element instance, under the element's new id.
  for (const ei of Object.values(after.instances)) {
    if (before.instances[ei.id]?.elementId !== ei.elementId && ei.incident) {
      await tx.query("UPDATE incidents SET element_id = $2 WHERE id = $1 AND status = 'open'", [ei.incident.id, ei.elementId]);
    }
  }
  await tx.query(
    `INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, element_instance_id, kind, time, actor, data)
     VALUES ($1, $2, $3, NULL, NULL, NULL, 'instance_migrated', $4, $5, $6)`,
    [id, target.id, target.key, now, p.email, JSON.stringify({ fromVersion: source.version, toVersion: target.version, fromDefinitionId: source.id, toDefinitionId: target.id, mapping: used })],
  );
}
