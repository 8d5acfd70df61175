// The floors of the house: no import cycle between the folders of server/ or of app/ (type imports
// included: a cycle of types is a cycle of knowledge). File-level cycles and forbidden imports are
// lint rules (eslint.walls.js); this test sees what a file-level check cannot: A/x → B/y → A/z.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Folder → folders it imports, for the top-level folders under `side` (server or app). */
function folderGraph(side: 'server' | 'app') {
  const base = path.join(root, side);
  const folderOf = (file: string) => {
    const rel = path.relative(base, file);
    return rel.startsWith('..') || !rel.includes(path.sep) ? null : rel.split(path.sep)[0];
  };
  const graph = new Map<string, Map<string, string>>();
  for (const file of sources(base)) {
    const from = folderOf(file);
    if (!from) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = folderOf(path.resolve(path.dirname(file), m[1] ?? m[2]));
      if (!to || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${path.relative(root, file)} → ${m[1] ?? m[2]}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every cycle, each as the path of folders with the import that makes each step. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found = new Set<string>();
  const out: string[] = [];
  const walk = (node: string, trail: string[]) => {
    for (const [next, why] of graph.get(node) ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) {
        const loop = [...trail.slice(at), next];
        const key = [...loop.slice(0, -1)].sort().join(',');
        if (!found.has(key)) {
          found.add(key);
          out.push(loop.join(' → ') + `  (e.g. ${why})`);
        }
      } else if (trail.length < 12) walk(next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) walk(start, [start]);
  return out;
}

describe('floors of the house', () => {
  it.each(['server', 'app'] as const)('has no import cycle between the folders of %s/', (side) => {
    const graph = folderGraph(side);
    expect(graph.size).toBeGreaterThan(5);
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps common/ free of app/ and server/, and app/ free of server/ except the contract', () => {
    const offenders: string[] = [];
    for (const side of ['common', 'app'] as const) {
      for (const file of sources(path.join(root, side))) {
        const rel = path.relative(root, file);
        for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
          const target = path.relative(root, path.resolve(path.dirname(file), m[1] ?? m[2]));
          const forbidden = side === 'common' ? /^(app|server)\//.test(target) : target.startsWith('server/') && rel !== 'app/api/contract.ts';
          if (forbidden) offenders.push(`${rel} → ${m[1] ?? m[2]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
