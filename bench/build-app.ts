/** Builds the app for the benchmarks into a folder of their own (with Vite's manifest), leaving ./dist alone. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Runs `vite build` with the project config into `outDir` (a new temp folder by default); returns the folder. */
export async function buildApp(outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-dist-'))): Promise<string> {
  const { build } = await import('vite');
  const started = performance.now();
  await build({
    configFile: path.join(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  console.log(`built the app into ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return outDir;
}

/** The built app to measure: `--dist DIR` or LOTSE_DIST when given (must hold a manifest), else a fresh build; `built` tells whether to remove it. */
export async function appDist(argv: string[]): Promise<{ dist: string; built: boolean }> {
  const i = argv.indexOf('--dist');
  const given = i >= 0 ? argv[i + 1] : process.env.LOTSE_DIST;
  if (given && fs.existsSync(path.join(given, '.vite', 'manifest.json'))) return { dist: path.resolve(given), built: false };
  if (given) console.log(`${given} has no .vite/manifest.json (build with --manifest); building afresh`);
  return { dist: await buildApp(), built: true };
}

/** Removes a build made by appDist. */
export function removeBuild({ dist, built }: { dist: string; built: boolean }): void {
  if (built) fs.rmSync(dist, { recursive: true, force: true });
}
