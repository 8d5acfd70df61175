/**
 * `npm run demo:snapshot`: simulates the demo's three months through the real engine on an in-memory
 * PGlite and stores the rows (server/demo/snapshot/). Run it after changing a template, the seed or
 * the simulation; a test fails while the stored snapshot is outdated. Takes about 5–6 minutes of
 * CPU for 2,980 requests, 14 minutes at load 7–8 on 2 cores (docs/BENCHMARKS.md, "Demo snapshot build").
 */
import type { Db } from '../db/types';
import { openPglite } from '../db/pglite';
import { loadMigrations, migrate } from '../db/migrate';
import { createLogger } from '../log';
import { seed } from '../seed';
import { Engine } from '../engine/runtime/runtime';
import { deployDemoTemplates } from './index';
import { simulateDemo } from './simulate';
import { DEMO_SEED, demoFingerprint, exportRows, writeSnapshot } from './snapshot';

const DAYS = 90;
const PER_DAY = Number(process.env.DEMO_SNAPSHOT_PER_DAY ?? 45); // a smaller value only to try the script

/**
 * Triggers that only derive rows from others, off while the simulation runs: the search documents
 * of requests and tasks (migrations 020, 032) and the insights roll-ups (006, 031). Nothing in the
 * simulation reads what they write. deriveRows then computes the same rows set-based from the final
 * state: a request's document depends only on its final reference, requester and variables, a
 * task's on its name and its request's document, and insights_rebuild (031) is the roll-up the
 * trigger would have written (same pairs, same sums). A third of the build's time went into them.
 */
const DEFERRED_TRIGGERS = [
  ['history', 'history_insights'],
  ['process_instances', 'process_instances_search'],
  ['process_instances', 'process_instances_search_update'],
  ['process_instances', 'process_instances_search_to_tasks'],
  ['process_instances', 'process_instances_search_to_tasks_update'],
  ['tasks', 'tasks_search'],
  ['tasks', 'tasks_search_update'],
] as const;

async function deriveRows(db: Db) {
  // The update trigger computes a missing document; its AFTER trigger hands it to the request's tasks.
  await db.query('UPDATE process_instances SET variables = variables WHERE search IS NULL');
  await db.query(
    `UPDATE tasks t SET search = lotse_search_vector(left(coalesce(t.name, ''), 10000)) || coalesce(p.search, ''::tsvector)
     FROM process_instances p WHERE p.id = t.instance_id AND t.search IS NULL`,
  );
  await db.query('SELECT insights_rebuild(NULL)');
}

async function main() {
  const log = createLogger('warn');
  const started = Date.now();
  const db = await openPglite(null);
  await migrate(db);
  await seed(db, { seed: 'demo', adminEmail: null, adminPassword: null }, log);
  await deployDemoTemplates(db, new Engine(db, () => new Date(), log), log);
  // Whole hours, so the snapshot is the same whatever minute it is built in.
  const end = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  // The derived rows are computed once at the end, not at every step: see DEFERRED_TRIGGERS.
  for (const [table, trigger] of DEFERRED_TRIGGERS) await db.exec(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  const r = await simulateDemo(db, log, { seed: DEMO_SEED, days: DAYS, perDay: PER_DAY, end });
  for (const [table, trigger] of DEFERRED_TRIGGERS) await db.exec(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  await deriveRows(db);
  const migration = Math.max(...loadMigrations().map((m) => m.version));
  const size = writeSnapshot({ end: end.toISOString(), days: DAYS, perDay: PER_DAY, seed: DEMO_SEED, ...r, fingerprint: demoFingerprint(), migration }, await exportRows(db));
  await db.close();
  console.log(`demo snapshot: ${r.requests} requests (${r.completed} completed) over ${DAYS} days, ${(size / 1e6).toFixed(1)} MB, ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
