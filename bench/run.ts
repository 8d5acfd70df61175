/**
 * Runs every benchmark (`npm run bench`): the engine benchmark (options passed through), the IT
 * incident template over HTTP at concurrency 1, 8 and 32 (bench/http.ts), forms,
 * then one build of the app (temp folder, or LOTSE_DIST with a manifest) for the route bundle
 * sizes and the modeller's open time in Chromium. Exits non-zero if the portal or task list
 * loads the bpmn-js Modeler.
 */
import { main as engine } from './engine';
import { main as tasks } from './tasks';
import { main as http } from './http';
import { appDist, removeBuild } from './build-app';
import { report as bundleSizes } from './bundle-sizes';
import { main as modeler } from './modeler';

async function run() {
  await engine(process.argv.slice(2));
  console.log('');
  await http([]);
  console.log('');
  await import('./forms'); // runs on import and prints its own summary
  console.log('');
  await tasks([]);
  console.log('');
  const build = await appDist([]);
  try {
    const lazyModeler = bundleSizes(build.dist);
    await modeler(['--dist', build.dist]);
    if (!lazyModeler) process.exitCode = 1;
  } finally {
    removeBuild(build);
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
