import type { Db } from '../db/types';
import type { Logger } from '../log';
import { loadPrincipals } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import { setUpDemoSla } from './sla';
import { deployTemplates } from './templates';
import { seedDemoArticles } from './knowledge';

/** Sets up the demo's service levels and deploys the shipped templates as the demo admin (first start with SEED=demo). */
export async function deployDemoTemplates(db: Db, engine: Engine, log: Logger): Promise<string[]> {
  const r = await db.query<{ id: string }>("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'admin' ORDER BY u.created_at LIMIT 1");
  const admin = (await loadPrincipals(db, r.rows.map((x) => x.id)))[0];
  if (!admin) return [];
  const policies = await setUpDemoSla(db);
  const deployed = await deployTemplates(engine, admin, log);
  // The knowledge base as it stood when the simulated history began.
  const articles = await seedDemoArticles(db, new Date(Date.now() - 95 * 86_400_000));
  log.info('demo templates deployed', { templates: deployed, slaPolicies: policies, articles });
  return deployed;
}
