import type { Config } from './config';
import type { Db } from './db/types';
import type { Logger } from './log';
import { createDepartment } from './accounts/departments';
import { createGroup } from './accounts/groups';
import { createUser } from './accounts/users';
import { passwordProblem } from './auth/password-policy';
import type { RoleGrant } from './auth/principal';
import { joinTransaction, SEED_LOCK } from './db/advisory';
import { seedDefaultTemplates } from './documents/default-templates';

export const DEMO_PASSWORD = 'demo';

const departments = [
  { key: 'hr', name: 'HR' },
  { key: 'it', name: 'IT' },
  { key: 'facility', name: 'Facility' },
  { key: 'service', name: 'Customer Service' },
  { key: 'purchasing', name: 'Purchasing' },
];

const groups = [
  { key: 'hr', name: 'HR Team', department: 'hr' },
  { key: 'it', name: 'IT Service Desk', department: 'it' },
  { key: 'facility', name: 'Facility Team', department: 'facility' },
  { key: 'service', name: 'Customer Service Team', department: 'service' },
  { key: 'purchasing', name: 'Purchasing Team', department: 'purchasing' },
  // Approves purchases and compensations above the limits of the departments (no finance department yet).
  { key: 'finance', name: 'Finance', department: 'purchasing' },
];

/** The demo accounts the README lists; all share the password "demo" (set by the seed, so the password policy for new passwords does not apply). */
export const demoUsers: { email: string; name: string; roles: (RoleGrant['role'] | `owner:${string}`)[]; groups: string[] }[] = [
  { email: 'admin@lotse.demo', name: 'Ada Admin', roles: ['admin', 'employee'], groups: [] },
  { email: 'owner.hr@lotse.demo', name: 'Hanna Hoffmann (HR owner)', roles: ['owner:hr', 'employee'], groups: [] },
  { email: 'owner.it@lotse.demo', name: 'Ingo Ivanov (IT owner)', roles: ['owner:it', 'employee'], groups: [] },
  { email: 'agent.hr@lotse.demo', name: 'Greta Graf (HR agent)', roles: ['employee'], groups: ['hr'] },
  { email: 'agent.it@lotse.demo', name: 'Tim Teufel (IT agent)', roles: ['employee'], groups: ['it'] },
  { email: 'agent.facility@lotse.demo', name: 'Frank Fischer (Facility agent)', roles: ['employee'], groups: ['facility'] },
  { email: 'agent.purchasing@lotse.demo', name: 'Paula Peters (Purchasing agent)', roles: ['employee'], groups: ['purchasing', 'finance'] },
  { email: 'agent.service@lotse.demo', name: 'Selin Sommer (Customer Service agent)', roles: ['employee'], groups: ['service'] },
  { email: 'employee@lotse.demo', name: 'Erika Mustermann', roles: ['employee'], groups: [] },
  { email: 'employee2@lotse.demo', name: 'Max Mustermann', roles: ['employee'], groups: [] },
  { email: 'analyst@lotse.demo', name: 'Anna Analyse', roles: ['analyst', 'employee'], groups: [] },
];

/**
 * Seeds an empty database: the demo organisation, or with SEED=none only the first admin. Returns
 * what it did. One transaction under an advisory lock (PostgreSQL), so two servers starting at once
 * on a fresh database seed once: the second finds the users and skips. Departments and groups that
 * exist already are reused, so a seed never fails on its own earlier rows.
 */
export async function seed(db: Db, config: Pick<Config, 'seed' | 'adminEmail' | 'adminPassword'>, log: Logger): Promise<'demo' | 'admin' | 'skipped'> {
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    return seedIn(joinTransaction(db, tx), config, log);
  });
}

async function seedIn(db: Db, config: Pick<Config, 'seed' | 'adminEmail' | 'adminPassword'>, log: Logger): Promise<'demo' | 'admin' | 'skipped'> {
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if (existing.rows[0].n > 0) return 'skipped';
  if (config.seed === 'none') {
    if (!config.adminEmail || !config.adminPassword) {
      log.warn('SEED=none and no users yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
      return 'skipped';
    }
    const problem = passwordProblem(config.adminPassword, { email: config.adminEmail, name: 'Administrator' });
    if (problem) log.warn('ADMIN_PASSWORD does not meet the password policy; change it after the first sign-in', { problem });
    await createUser(db, { email: config.adminEmail, name: 'Administrator', password: config.adminPassword, roles: [{ role: 'admin' }, { role: 'employee' }] });
    log.info('created the first admin', { email: config.adminEmail });
    return 'admin';
  }
  const deptIds = new Map<string, string>();
  const knownDepts = await db.query<{ id: string; key: string }>('SELECT id, key FROM departments WHERE key = ANY($1::text[])', [departments.map((d) => d.key)]);
  for (const d of knownDepts.rows) deptIds.set(d.key, d.id);
  for (const d of departments) if (!deptIds.has(d.key)) deptIds.set(d.key, (await createDepartment(db, d)).id);
  // The document templates shipped with Lotse (employment certificate, leave confirmation) belong to HR.
  if (deptIds.has('hr')) await seedDefaultTemplates(db, deptIds.get('hr')!);
  const groupIds = new Map<string, string>();
  const knownGroups = await db.query<{ id: string; key: string }>('SELECT id, key FROM groups WHERE key = ANY($1::text[])', [groups.map((g) => g.key)]);
  for (const g of knownGroups.rows) groupIds.set(g.key, g.id);
  for (const g of groups) {
    if (!groupIds.has(g.key)) groupIds.set(g.key, (await createGroup(db, { key: g.key, name: g.name, departmentId: deptIds.get(g.department)! })).id);
  }
  for (const u of demoUsers) {
    const roles: RoleGrant[] = u.roles.map((r) => (r.startsWith('owner:') ? { role: 'owner', departmentId: deptIds.get(r.slice(6))! } : { role: r as RoleGrant['role'] }));
    await createUser(db, { email: u.email, name: u.name, password: DEMO_PASSWORD, roles, groupIds: u.groups.map((g) => groupIds.get(g)!) });
  }
  log.info('seeded the demo organisation', { users: demoUsers.length, departments: departments.length });
  return 'demo';
}
