// The route bundle report (bench/bundle-sizes.ts) on a made-up Vite manifest: static imports count,
// on-demand chunks are listed apart, and a route reaching the Modeler's chunk is flagged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measureRoutes } from '../../bench/bundle-sizes';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fakeBuild(manifest: Record<string, object>, files: Record<string, string>): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bundle-test-'));
  dirs.push(dist);
  fs.mkdirSync(path.join(dist, '.vite'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dist, name), text);
  return dist;
}

const ROUTES = [
  { path: '/portal', components: ['portal/PortalView.vue'] },
  { path: '/modeler/:key', components: ['modeler/ModelerView.vue'] },
];

describe('route bundle sizes', () => {
  it('count the entry and static imports, list lazy chunks apart, and find the Modeler by its palette', () => {
    const dist = fakeBuild(
      {
        'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vue.js'], dynamicImports: ['portal/PortalView.vue', 'modeler/ModelerView.vue'] },
        '_vue.js': { file: 'assets/vue.js' },
        'portal/PortalView.vue': { file: 'assets/portal.js', imports: ['index.html', '_vue.js'], dynamicImports: ['_viewer.js'] },
        '_viewer.js': { file: 'assets/viewer.js' },
        'modeler/ModelerView.vue': { file: 'assets/modeler.js', imports: ['index.html', '_bpmn.js'] },
        '_bpmn.js': { file: 'assets/bpmn.js' },
      },
      {
        'assets/index.js': 'entry',
        'assets/vue.js': 'vue'.repeat(100),
        'assets/portal.js': 'portal',
        'assets/viewer.js': 'viewer'.repeat(50),
        'assets/modeler.js': 'modeler',
        'assets/bpmn.js': 'title: translate("Activate hand tool")',
      },
    );
    const { routes, uncovered, modelerFiles } = measureRoutes(dist, ROUTES);
    expect(modelerFiles).toEqual(['assets/bpmn.js']);
    expect(uncovered).toEqual([]);
    const [portal, modeler] = routes;
    expect(portal.jsFiles.sort()).toEqual(['assets/index.js', 'assets/portal.js', 'assets/vue.js']);
    expect(portal.onDemandFiles).toEqual(['assets/viewer.js']);
    expect(portal.loadsModeler).toBe(false);
    expect(modeler.loadsModeler).toBe(true);
    expect(modeler.routeGzip).toBeLessThan(modeler.jsGzip);
  });

  it('flag a portal route that imports the Modeler chunk, even on demand', () => {
    const dist = fakeBuild(
      {
        'index.html': { file: 'assets/index.js', isEntry: true, dynamicImports: ['portal/PortalView.vue', 'modeler/ModelerView.vue'] },
        'portal/PortalView.vue': { file: 'assets/portal.js', dynamicImports: ['_bpmn.js'] },
        'modeler/ModelerView.vue': { file: 'assets/modeler.js', imports: ['_bpmn.js'] },
        '_bpmn.js': { file: 'assets/bpmn.js' },
      },
      { 'assets/index.js': 'entry', 'assets/portal.js': 'portal', 'assets/modeler.js': 'modeler', 'assets/bpmn.js': 'Activate hand tool' },
    );
    expect(measureRoutes(dist, ROUTES).routes[0].loadsModeler).toBe(true);
  });
});
