/**
 * `npm run build:server`: the server compiled to one JavaScript file, dist-server/main.mjs, which
 * `npm start` runs with plain Node. Running the TypeScript through tsx costs a production server
 * ~70 MB of resident memory (tsx's loader thread with its own heap, transpiled sources; measured
 * in docs/BENCHMARKS.md, "Peak RSS of a demo server"); tests and `npm run serve` keep using tsx.
 *
 * esbuild (the compiler tsx itself runs on) bundles server/main.ts; npm packages stay external and
 * load from node_modules as before. Files that find their neighbours through `import.meta.url`
 * (migrations, processes/, the demo snapshot, docs/guide, package.json, the compile worker) get
 * the URL of their source file, written relative to the bundle, so they read what they read under
 * tsx and the checkout can move. The deploy compile worker stays a tsx worker thread
 * (server/engine/compile/compile-worker.mjs): it starts on a deploy and ends when idle.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE_DIR = path.join(ROOT, 'dist-server');
export const BUNDLE_ENTRY = path.join(BUNDLE_DIR, 'main.mjs');

/** `import.meta.url` of each source file → its source file's URL, relative to the bundle. */
const sourceUrls: Plugin = {
  name: 'lotse-source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url') || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const relative = path.relative(BUNDLE_DIR, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

export async function bundleServer(): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, 'server/main.ts')],
    outfile: BUNDLE_ENTRY,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [sourceUrls],
    logLevel: 'warning',
    // Stack traces name the functions of the source.
    keepNames: true,
    banner: { js: '// Built by `npm run build:server` from server/ — edit the TypeScript, not this file.' },
  });
  return BUNDLE_ENTRY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  bundleServer().then(
    (file) => process.stdout.write(`server bundled to ${path.relative(ROOT, file)} in ${Date.now() - started} ms\n`),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
