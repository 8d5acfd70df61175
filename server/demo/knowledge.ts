/**
 * The demo's knowledge base (#19 point 7): 30 published articles in German and English, and in the
 * simulated history the portal sessions around each request, the ones an article ended instead
 * (deflections, more of them as the months go by), article views and "was this helpful?" votes.
 */
import type { Db } from '../db/types';
import { renderArticle } from '../knowledge/render';
import { mulberry32 } from './data';
import { DEMO_ARTICLES } from './knowledge-articles';

const DAY = 86_400_000;

/** Writes the demo articles (once: an organisation that has articles already is left alone). */
export async function seedDemoArticles(db: Db, publishedAt: Date): Promise<number> {
  if ((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM articles WHERE guide_key IS NULL')).rows[0].n > 0) return 0;
  const people = await db.query<{ id: string; email: string }>('SELECT id, email FROM users');
  const byEmail = new Map(people.rows.map((u) => [u.email, u.id]));
  const departments = new Map((await db.query<{ id: string; key: string }>('SELECT id, key FROM departments')).rows.map((d) => [d.key, d.id]));
  const admin = byEmail.get('admin@lotse.demo') ?? null;
  let n = 0;
  await db.transaction(async (tx) => {
    for (const [i, art] of DEMO_ARTICLES.entries()) {
      const departmentId = departments.get(art.department);
      if (!departmentId) continue;
      const author = byEmail.get(`agent.${art.department}@lotse.demo`) ?? admin;
      const publisher = byEmail.get(`owner.${art.department}@lotse.demo`) ?? admin;
      const created = new Date(publishedAt.getTime() - (2 + (i % 5)) * DAY);
      const review = new Date(publishedAt.getTime() + (150 + i * 7) * DAY).toISOString().slice(0, 10);
      const id = (await tx.query<{ id: string }>(
        `INSERT INTO articles (department_id, visibility, status, tags, owner_id, review_at, version, created_by, created_at, updated_at, published_at)
         VALUES ($1, $2, 'published', $3::text[], $4, $5, 3, $4, $6, $7, $7) RETURNING id`,
        [departmentId, art.visibility, art.tags, author, review, created, publishedAt],
      )).rows[0].id;
      for (const [language, [title, body]] of [['en', art.en], ['de', art.de]] as const) {
        await tx.query('INSERT INTO article_texts (article_id, language, title, body, body_html) VALUES ($1, $2, $3, $4, $5)', [id, language, title, body, renderArticle(body)]);
      }
      const snapshot = JSON.stringify({ visibility: art.visibility, tags: art.tags, texts: [{ language: 'de', title: art.de[0], body: art.de[1] }, { language: 'en', title: art.en[0], body: art.en[1] }] });
      await tx.query(
        `INSERT INTO article_versions (article_id, version, action, changed, status, snapshot, changed_by, changed_at) VALUES
           ($1, 1, 'created', '{texts,visibility,tags}', 'draft', $2::jsonb, $3, $5),
           ($1, 2, 'submitted', '{status}', 'review', $2::jsonb, $3, $5::timestamptz + interval '1 hour'),
           ($1, 3, 'published', '{status}', 'published', $2::jsonb, $4, $6)`,
        [id, snapshot, author, publisher, created, publishedAt],
      );
      n++;
    }
  });
  return n;
}

/**
 * The self-service side of the simulated period: a portal session before each portal request
 * (submitted), and sessions an article ended (deflected) at a rate that grows from about 15 % to
 * 35 % as the knowledge base is found; views and helpful votes come with them.
 */
export async function simulateKnowledge(db: Db, seed: number, begin: Date, end: Date): Promise<{ sessions: number; deflected: number }> {
  const rng = mulberry32(seed + 19);
  const submitted = await db.query<{ started_by: string; process_key: string; department_id: string | null; started_at: Date }>(
    `SELECT p.started_by, p.process_key, p.department_id, p.started_at FROM process_instances p
     WHERE p.started_at >= $1 AND p.started_at < $2 AND p.started_by IS NOT NULL AND p.channel = 'portal' AND p.parent_id IS NULL ORDER BY p.started_at, p.id`,
    [begin, end],
  );
  const articles = await db.query<{ id: string; department_id: string }>("SELECT id, department_id FROM articles WHERE status = 'published' AND visibility = 'public' AND guide_key IS NULL ORDER BY id");
  const byDepartment = new Map<string, string[]>();
  for (const a of articles.rows) byDepartment.set(a.department_id, [...(byDepartment.get(a.department_id) ?? []), a.id]);
  const s = { user: [] as string[], key: [] as string[], dep: [] as (string | null)[], at: [] as Date[], outcome: [] as string[], article: [] as (string | null)[] };
  const e = { article: [] as string[], dep: [] as string[], kind: [] as string[], user: [] as string[], at: [] as Date[] };
  const event = (article: string, dep: string, kind: string, user: string, at: Date) => {
    e.article.push(article);
    e.dep.push(dep);
    e.kind.push(kind);
    e.user.push(user);
    e.at.push(at);
  };
  const session = (user: string, key: string, dep: string | null, at: Date, outcome: string, article: string | null) => {
    s.user.push(user);
    s.key.push(key);
    s.dep.push(dep);
    s.at.push(at);
    s.outcome.push(outcome);
    s.article.push(article);
  };
  const span = Math.max(1, end.getTime() - begin.getTime());
  for (const r of submitted.rows) {
    const at = new Date(new Date(r.started_at).getTime() - 120_000);
    const pool = r.department_id ? byDepartment.get(r.department_id) ?? [] : [];
    let article: string | null = null;
    if (pool.length && rng() < 0.35) {
      // The employee read a suggested article first; it did not solve it.
      article = pool[Math.floor(rng() * pool.length)];
      event(article, r.department_id!, 'view', r.started_by, at);
      if (rng() < 0.3) event(article, r.department_id!, 'unhelpful', r.started_by, at);
    }
    session(r.started_by, r.process_key, r.department_id, at, 'submitted', null);
    // For some of the requests, another employee's attempt at the same service ended with an article.
    const share = (new Date(r.started_at).getTime() - begin.getTime()) / span;
    const rate = 0.15 + 0.2 * share;
    if (pool.length && rng() < rate / (1 - rate)) {
      const other = submitted.rows[Math.floor(rng() * submitted.rows.length)].started_by;
      const solvedBy = pool[Math.floor(rng() * pool.length)];
      const when = new Date(new Date(r.started_at).getTime() + Math.floor(rng() * 4 * 3600_000));
      session(other, r.process_key, r.department_id, when, 'deflected', solvedBy);
      event(solvedBy, r.department_id!, 'view', other, when);
      if (rng() < 0.7) event(solvedBy, r.department_id!, 'helpful', other, when);
    }
  }
  await db.query(
    `INSERT INTO deflection_sessions (user_id, process_key, department_id, started_at, outcome, article_id, ended_at)
     SELECT u, k, d, t, o, a, CASE WHEN o = 'open' THEN NULL ELSE t + interval '3 minutes' END
     FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::text[], $6::uuid[]) AS x(u, k, d, t, o, a)`,
    [s.user, s.key, s.dep, s.at, s.outcome, s.article],
  );
  await db.query(
    `INSERT INTO article_events (article_id, department_id, kind, user_id, at)
     SELECT a, d, k, u, t FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[]) AS x(a, d, k, u, t)
     ON CONFLICT (article_id, user_id) WHERE kind IN ('helpful', 'unhelpful') DO NOTHING`,
    [e.article, e.dep, e.kind, e.user, e.at],
  );
  return { sessions: s.user.length, deflected: s.outcome.filter((o) => o === 'deflected').length };
}
