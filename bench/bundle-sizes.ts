/**
 * `npm run bench:bundle`: the gzip size of the JavaScript each route loads, read from the Vite
 * manifest of a build (`--dist DIR` / LOTSE_DIST with a manifest, else a fresh build in a temp
 * folder). A route loads the entry chunk, its lazy route components and everything they import
 * statically; chunks a route imports only on demand (a diagram viewer) are listed apart.
 * Also checks that the portal and the task list never load the bpmn-js Modeler (exit code 1 if they do).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { appDist, removeBuild } from './build-app';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

/** The app's routes (app/router.ts) with the lazy components each one loads, outermost first. */
export const ROUTES: { path: string; components: string[] }[] = [
  { path: '/portal', components: ['portal/PortalView.vue', 'portal/CatalogView.vue'] },
  { path: '/portal/new/:processKey', components: ['portal/PortalView.vue', 'portal/StartRequestView.vue'] },
  { path: '/portal/requests', components: ['portal/PortalView.vue', 'portal/MyRequestsView.vue'] },
  { path: '/portal/requests/:id', components: ['portal/PortalView.vue', 'portal/RequestDetailView.vue'] },
  { path: '/tasks', components: ['tasks/TasksView.vue'] },
  { path: '/tasks/:id', components: ['tasks/TaskDetailView.vue'] },
  { path: '/modeler', components: ['modeler/ProcessListView.vue'] },
  { path: '/modeler/:key', components: ['modeler/ModelerView.vue'] },
  { path: '/modeler/:key/versions', components: ['modeler/VersionsView.vue'] },
  { path: '/forms', components: ['forms/FormsView.vue'] },
  { path: '/forms/:key', components: ['forms/FormDesignerView.vue'] },
  { path: '/insights', components: ['insights/InsightsView.vue', 'insights/OverviewView.vue'] },
  { path: '/insights/process', components: ['insights/InsightsView.vue', 'insights/ProcessView.vue'] },
  { path: '/insights/compare', components: ['insights/InsightsView.vue', 'insights/CompareView.vue'] },
  { path: '/insights/datasets', components: ['insights/InsightsView.vue', 'insights/DatasetsView.vue'] },
  { path: '/insights/datasets/:id', components: ['insights/InsightsView.vue', 'insights/DatasetView.vue'] },
  { path: '/admin/users', components: ['admin/AdminView.vue', 'admin/UsersView.vue'] },
  { path: '/admin/groups', components: ['admin/AdminView.vue', 'admin/GroupsView.vue'] },
  { path: '/admin/departments', components: ['admin/AdminView.vue', 'admin/DepartmentsView.vue'] },
  { path: '/admin/calendars', components: ['admin/AdminView.vue', 'admin/sla/CalendarsView.vue'] },
  { path: '/admin/sla', components: ['admin/AdminView.vue', 'admin/sla/SlaView.vue'] },
  { path: '/sla', components: ['admin/sla/SlaView.vue'] },
  { path: '/settings/notifications', components: ['notifications/NotificationSettingsView.vue'] },
];

/** Routes that must never load the bpmn-js Modeler (not even on demand). */
const WITHOUT_MODELER = /^\/(portal|tasks)(\/|$)/;
/** A string only the bpmn-js Modeler's palette carries (the Viewers have no palette). */
const MODELER_MARKER = 'Activate hand tool';

export interface RouteSize {
  path: string;
  jsFiles: string[];
  jsGzip: number;
  routeGzip: number;
  cssGzip: number;
  onDemandFiles: string[];
  onDemandGzip: number;
  loadsModeler: boolean;
}

/** Every chunk key reached from `keys` through static imports. */
function closure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    if (!manifest[key]) throw new Error(`the manifest has no chunk ${key} (is ROUTES in bench/bundle-sizes.ts up to date?)`);
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return seen;
}

/** Measures every route of the build in `dist`. */
export function measureRoutes(dist: string, routeList = ROUTES): { routes: RouteSize[]; entryGzip: number; uncovered: string[]; modelerFiles: string[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const gzipCache = new Map<string, number>();
  const contents = (file: string) => fs.readFileSync(path.join(dist, file));
  const gz = (file: string) => {
    if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(contents(file)).length);
    return gzipCache.get(file)!;
  };
  const sum = (files: Iterable<string>) => [...files].reduce((total, f) => total + gz(f), 0);
  const modelerFiles = Object.values(manifest).map((c) => c.file).filter((f, i, all) => f.endsWith('.js') && all.indexOf(f) === i && contents(f).includes(MODELER_MARKER));

  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entryKey) throw new Error('the manifest has no entry chunk');
  const entryFiles = new Set([...closure(manifest, [entryKey])].map((k) => manifest[k].file));

  const routes = routeList.map(({ path: routePath, components }) => {
    const keys = closure(manifest, [entryKey, ...components]);
    const jsFiles = [...keys].map((k) => manifest[k].file);
    const css = new Set([...keys].flatMap((k) => manifest[k].css ?? []));
    // The entry's dynamic imports are the routes themselves; any other chunk's are loaded on demand.
    const lazy = [...keys].filter((k) => k !== entryKey).flatMap((k) => manifest[k].dynamicImports ?? []);
    const onDemandFiles = [...closure(manifest, lazy)].map((k) => manifest[k].file).filter((f) => !jsFiles.includes(f));
    return {
      path: routePath,
      jsFiles,
      jsGzip: sum(jsFiles),
      routeGzip: sum(jsFiles.filter((f) => !entryFiles.has(f))),
      cssGzip: sum(css),
      onDemandFiles,
      onDemandGzip: sum(onDemandFiles),
      loadsModeler: [...jsFiles, ...onDemandFiles].some((f) => modelerFiles.includes(f)),
    };
  });
  const covered = new Set(routeList.flatMap((r) => r.components));
  const uncovered = (manifest[entryKey].dynamicImports ?? []).filter((k) => !covered.has(k));
  return { routes, entryGzip: sum(entryFiles), uncovered, modelerFiles };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const build = await appDist(argv);
  try {
    return report(build.dist);
  } finally {
    removeBuild(build);
  }
}

/** Prints the table and the Modeler check for the build in `dist`; false when the check fails. */
export function report(dist: string): boolean {
  const { routes, entryGzip, uncovered, modelerFiles } = measureRoutes(dist);
  console.log('');
  console.log(`JavaScript per route, gzip (zlib default level), from ${path.join(dist, '.vite/manifest.json')}`);
  console.log(`entry chunk and its static imports (every route): ${kb(entryGzip)}`);
  const rows = [['route', 'JS total', 'of it route', '+ on demand', 'CSS', 'Modeler'], ...routes.map((r) => [r.path, kb(r.jsGzip), kb(r.routeGzip), r.onDemandGzip ? kb(r.onDemandGzip) : '-', kb(r.cssGzip), r.loadsModeler ? 'yes' : 'no'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  if (uncovered.length) console.log(`not measured (add to ROUTES): ${uncovered.join(', ')}`);

  const offenders = routes.filter((r) => WITHOUT_MODELER.test(r.path) && r.loadsModeler).map((r) => r.path);
  const modelerRoute = routes.find((r) => r.path === '/modeler/:key');
  if (!modelerFiles.length || !modelerRoute?.loadsModeler) {
    console.log(`check failed: no chunk of /modeler/:key carries the Modeler marker "${MODELER_MARKER}"; the check cannot tell where the Modeler is`);
    return false;
  }
  if (offenders.length) {
    console.log(`check failed: the bpmn-js Modeler (${modelerFiles.join(', ')}) is loaded by ${offenders.join(', ')}`);
    return false;
  }
  console.log(`check passed: the bpmn-js Modeler (${modelerFiles.join(', ')}) is a lazy chunk; no portal or task route loads it`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
