// Setup file of the engine-pglite / engine-postgres projects: the conformance tests run on the
// database runtime instead of the in-memory harness, one database per test file.
import { afterAll, beforeAll } from 'vitest';
import { dbTargets } from '../support/db';
import { createDbHarness } from './db-harness';
import { setHarnessFactory } from './harness';

const target = dbTargets().find((t) => t.name === process.env.ENGINE_DB);
if (!target) throw new Error(`ENGINE_DB=${process.env.ENGINE_DB} is not an available database target`);
const opened = target.open();
setHarnessFactory(async () => createDbHarness((await opened).db));
// Opening and migrating PGlite (WASM) is CPU-bound: with many test files on few cores it can take
// longer than one test's timeout, so it is awaited here with a generous hook timeout instead.
beforeAll(async () => {
  await opened;
}, 180_000);
afterAll(async () => (await opened).dispose());
