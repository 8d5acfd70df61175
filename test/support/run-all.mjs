// `npm test`: typecheck, lint, unit/engine/API/component tests, production build, browser tests.
// Prints the totals as its last line ("N passed, N failed[, N skipped]") and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const tmp = '.vitest-tmp';
fs.mkdirSync(tmp, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function step(name, cmd, args) {
  if (run(name, cmd, args)) totals.passed++;
  else {
    totals.failed++;
    failedSteps.push(name);
  }
}

function vitest(name, args, reportFile) {
  const file = path.join(tmp, reportFile);
  fs.rmSync(file, { force: true });
  const ok = run(name, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  if (!fs.existsSync(file)) {
    totals.failed++;
    failedSteps.push(`${name} (no report)`);
    return;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A suite that fails to load (or whose hooks fail) has no failed tests of its own: count each such file.
  const brokenSuites = (report.testResults ?? []).filter(
    (s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  for (const s of brokenSuites) console.log(`✗ suite failed to run: ${s.name}\n${(s.message ?? '').split('\n').slice(0, 3).join('\n')}`);
  totals.failed += brokenSuites.length;
  if (!ok && report.numFailedTests === 0 && brokenSuites.length === 0) totals.failed++;
  if (!ok) failedSteps.push(name);
}

// Three TypeScript projects: the app (DOM, no Node types) and the server (Node, no DOM) each with
// common/, so a Node API in common code or a window in server code fails; then everything with tests.
step('typecheck app (DOM, no Node)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.app.json']);
step('typecheck server (Node, no DOM)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.server.json']);
step('typecheck tests, bench and configs', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.json']);
step('lint', 'npx', ['eslint', '.']);
vitest('unit, engine, API and component tests', [], 'unit.json');
step('production build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
// What `npm start` runs (dist-server/main.mjs); browser suites that start it check the compiled server.
step('server build', 'npx', ['tsx', 'server/ops/bundle.ts']);
if (fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  vitest('browser tests (Chromium)', ['--config', 'vitest.e2e.config.ts'], 'e2e.json');
} else {
  console.log('\n▶ browser tests skipped: no Chromium at /usr/bin/chromium. Install it with: sudo apt-get update && sudo apt-get install -y chromium');
  const count = fs.readdirSync('test/e2e').filter((f) => f.endsWith('.test.ts')).length;
  totals.skipped += count;
}

if (failedSteps.length) console.log(`\nFailed: ${failedSteps.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
