/**
 * `npm run demo:snapshot`: simulates the demo's three months through the real engine on an in-memory
 * PGlite and stores the rows (server/demo/snapshot/). Run it after changing a template, the seed or
 * the simulation; a test fails while the stored snapshot is outdated. Takes 10–20 minutes.
 */
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

async function main() {
  const log = createLogger('warn');
  const started = Date.now();
  const db = await openPglite(null);
  await migrate(db);
  await seed(db, { seed: 'demo', adminEmail: null, adminPassword: null }, log);
  await deployDemoTemplates(db, new Engine(db, () => new Date(), log), log);
  // Whole hours, so the snapshot is the same whatever minute it is built in.
  const end = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  const r = await simulateDemo(db, log, { seed: DEMO_SEED, days: DAYS, perDay: PER_DAY, end });
  const migration = Math.max(...loadMigrations().map((m) => m.version));
  const size = writeSnapshot({ end: end.toISOString(), days: DAYS, perDay: PER_DAY, seed: DEMO_SEED, ...r, fingerprint: demoFingerprint(), migration }, await exportRows(db));
  await db.close();
  console.log(`demo snapshot: ${r.requests} requests (${r.completed} completed) over ${DAYS} days, ${(size / 1e6).toFixed(1)} MB, ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
