/**
 * The deployed decisions a business-rule task calls: the latest version of each decision id it
 * names, and of every decision those require (DRD), as the core's `decisions` map.
 *
 * A unit used to read every decision of every department (`DISTINCT ON (key) … model`) whenever a
 * process with a business-rule task ran: one statement that grew with what all departments
 * deployed, its models parsed anew for each unit. Now one statement asks for the latest version of
 * the ids needed only, and sends a model only when this process has not cached that version: a
 * (key, version) row never changes once deployed, so the cache holds across units and transactions,
 * on PGlite and PostgreSQL alike (a new version deployed by another server is seen at the next read
 * of the versions). A chain of required decisions costs one more statement per level not yet known.
 */
import type { Queryable } from '../../db/types';
import type { CompiledDecision } from '../core/dmn';

/** Levels of required decisions followed (evaluateDecision stops at 20 as well). */
const MAX_LEVELS = 21;
/** Most models kept; beyond it the versions of the key cached first go first. */
const MAX_CACHED = 2000;

export class DecisionCache {
  /** key → version → model. */
  private readonly models = new Map<string, Map<number, CompiledDecision>>();
  private size = 0;

  /** Loads into `into` the latest version of each id (and what they require) that `into` lacks. */
  async load(q: Queryable, ids: Iterable<string>, into: Record<string, CompiledDecision>): Promise<void> {
    let want = [...new Set(ids)].filter((id) => !(id in into));
    for (let level = 0; want.length && level < MAX_LEVELS; level++) {
      // The models this cache holds for these keys, kept here: the database leaves them out.
      const held = new Map<string, CompiledDecision>();
      for (const key of want) for (const [version, model] of this.models.get(key) ?? []) held.set(`${key} ${version}`, model);
      const r = await q.query<{ key: string; version: number; model: CompiledDecision | null }>(
        `SELECT DISTINCT ON (key) key, version,
                CASE WHEN key || ' ' || version = ANY($2::text[]) THEN NULL ELSE model END AS model
           FROM decisions WHERE key = ANY($1::text[]) ORDER BY key, version DESC`,
        [want, [...held.keys()]],
      );
      const next = new Set<string>();
      for (const row of r.rows) {
        const model = row.model ?? held.get(`${row.key} ${row.version}`);
        if (!model) continue;
        if (row.model) this.remember(row.key, row.version, row.model);
        into[row.key] = model;
        for (const req of model.requires ?? []) if (!(req in into)) next.add(req);
      }
      want = [...next];
    }
  }

  private remember(key: string, version: number, model: CompiledDecision) {
    let versions = this.models.get(key);
    if (!versions) this.models.set(key, (versions = new Map()));
    if (!versions.has(version)) this.size++;
    versions.set(version, model);
    while (this.size > MAX_CACHED) {
      const [oldest, vs] = this.models.entries().next().value!;
      this.size -= vs.size;
      this.models.delete(oldest);
    }
  }
}
