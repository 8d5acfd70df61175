/**
 * Camunda 8 compatibility: every real Camunda 8 model in test/fixtures/camunda8/ (sources in its
 * README) is deployed unchanged through the HTTP API of a Lotse server on PGlite and run by the
 * generic driver (test/support/camunda8-driver.ts). Prints the table and the pass rates; fails when
 * a model does worse than recorded in camunda8-compat.expected.ts or a rate drops below the record.
 *
 * Record new figures after a fix: COMPAT_RECORD=1 npx vitest run test/api/camunda8-compat.test.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notWorse, readModels, runModel, summarise, type CompatResult } from '../support/camunda8-driver';
import { dbTargets } from '../support/db';
import { expected, recordedRates } from './camunda8-compat.expected';
import { inputs } from './camunda8-compat.inputs';
import { templateHarness, type TemplateHarness } from './template-harness';

const root = fileURLToPath(new URL('../fixtures/camunda8/', import.meta.url));

describe('Camunda 8 models run unchanged (PGlite)', () => {
  let h: TemplateHarness;
  const results: CompatResult[] = [];

  beforeAll(async () => {
    h = await templateHarness(dbTargets()[0]);
  }, 60_000);
  afterAll(() => h.dispose());

  it('deploys and runs every collected model; no model and no rate worse than recorded', async () => {
    const all = await readModels(root);
    for (const model of all.keys()) results.push(await runModel(h, root, model, all, inputs[model]));
    const s = summarise(results);
    console.log(`${s.table}\n\nmodels ${s.models}; deploy ${s.deployed}/${s.models} = ${s.deployRate} %; run (no internet) ${s.completed}/${s.offline} = ${s.runRate} %; models with notes ${s.notes}`);
    if (process.env.COMPAT_RECORD) {
      const lines = results.map((r) => `  ${JSON.stringify(r.model)}: ${JSON.stringify(r.outcome)},`).join('\n');
      const file = fileURLToPath(new URL('./camunda8-compat.expected.ts', import.meta.url));
      writeFileSync(file, `/** Recorded outcomes of the Camunda 8 compatibility test (COMPAT_RECORD=1 rewrites this file). */\nimport type { Outcome } from '../support/camunda8-driver';\n\nexport const expected: Record<string, Outcome> = {\n${lines}\n};\n\nexport const recordedRates = { deployRate: ${s.deployRate}, runRate: ${s.runRate}, notes: ${s.notes} };\n`);
    }
    const worse = results.filter((r) => expected[r.model] && !notWorse(r.outcome, expected[r.model])).map((r) => `${r.model}: ${expected[r.model]} → ${r.outcome} (${r.reason})`);
    const better = results.filter((r) => expected[r.model] && r.outcome !== expected[r.model] && notWorse(r.outcome, expected[r.model])).map((r) => `${r.model}: ${expected[r.model]} → ${r.outcome}`);
    if (better.length) console.log(`better than recorded (raise the record):\n${better.join('\n')}`);
    expect(worse).toEqual([]);
    expect(results.map((r) => r.model).filter((m) => !expected[m]), 'models without a recorded outcome').toEqual([]);
    expect(s.deployRate).toBeGreaterThanOrEqual(recordedRates.deployRate);
    expect(s.runRate).toBeGreaterThanOrEqual(recordedRates.runRate);
    expect(s.notes, 'models that run with a difference from Camunda 8 (notes column)').toBeLessThanOrEqual(recordedRates.notes);
  }, 1_200_000);
});
