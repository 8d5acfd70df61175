import type { Config } from './config';
import type { Db } from './db/types';
import { STARTUP_LOCK, withAdvisoryLock } from './db/advisory';
import { deployDemoTemplates } from './demo';
import { migrateWithDemo, type LoadedDemo } from './demo/boot';
import type { Engine } from './engine/runtime/runtime';
import type { FirstStart } from './first-start';
import type { Logger } from './log';
import { seed } from './seed';
import { syncGuide } from './knowledge/guide';

export interface Prepared {
  applied: string[];
  snapshot: LoadedDemo | null;
  seeded: 'demo' | 'admin' | 'skipped';
  /** This process seeded the demo organisation (and deployed its templates). */
  fresh: boolean;
}

/**
 * Migrations, demo snapshot, seed and demo templates, as one step under an advisory lock on
 * PostgreSQL: servers started at once on a fresh database take turns, the first sets everything
 * up and the others find it done (nothing applied, seed skipped). `firstStart`: the migrations and the
 * snapshot a child process has done already on a new PGlite folder (server/first-start.ts).
 */
export function prepareDatabase(db: Db, config: Config, log: Logger, engine: Engine, firstStart: FirstStart | null = null): Promise<Prepared> {
  return withAdvisoryLock(db, STARTUP_LOCK, async () => {
    const { applied, snapshot } = firstStart ?? (await migrateWithDemo(db, config, log));
    if (applied.length) log.info('migrations applied', { applied });
    const seeded = await seed(db, config, log);
    const fresh = seeded === 'demo' && config.seed === 'demo';
    if (fresh) await deployDemoTemplates(db, engine, log);
    // Lotse's own user guide follows the shipped files on every start (docs/guide/).
    const guide = await syncGuide(db);
    if (guide.created || guide.updated) log.info('user guide articles', guide);
    return { applied, snapshot, seeded, fresh };
  });
}
