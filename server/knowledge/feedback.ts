import type { Db, Queryable } from '../db/types';
import { notFound } from '../errors';
import type { Principal } from '../auth/principal';
import { insightDepartments, assertDepartment, type InsightFilter } from '../insights/scope';
import { listCatalog } from '../definitions/catalog';
import { getArticle } from './articles';

/** Counts a reading of an article the caller may see (the portal and the task view send it once per opening). */
export async function recordView(db: Queryable, p: Principal, id: string) {
  const a = await getArticle(db, p, id);
  await db.query("INSERT INTO article_events (article_id, department_id, kind, user_id) VALUES ($1, $2, 'view', $3)", [id, a.departmentId, p.id]);
}

/** "Was this helpful?": one vote per user and article; voting again changes it. */
export async function recordVote(db: Db, p: Principal, id: string, helpful: boolean) {
  const a = await getArticle(db, p, id);
  await db.transaction(async (tx) => {
    await tx.query("DELETE FROM article_events WHERE article_id = $1 AND user_id = $2 AND kind IN ('helpful', 'unhelpful')", [id, p.id]);
    await tx.query('INSERT INTO article_events (article_id, department_id, kind, user_id) VALUES ($1, $2, $3, $4)', [id, a.departmentId, helpful ? 'helpful' : 'unhelpful', p.id]);
  });
  return articleCounts(db, id);
}

export async function articleCounts(db: Queryable, id: string) {
  const r = await db.query<{ views: number; helpful: number; unhelpful: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'view')::int AS views, count(*) FILTER (WHERE kind = 'helpful')::int AS helpful,
            count(*) FILTER (WHERE kind = 'unhelpful')::int AS unhelpful FROM article_events WHERE article_id = $1`,
    [id],
  );
  return r.rows[0];
}

/** An employee started the form of a service they may request: the start of a possible deflection. */
export async function startDeflectionSession(db: Queryable, p: Principal, processKey: string) {
  const service = (await listCatalog(db, p)).find((s) => s.processKey === processKey);
  if (!service) throw notFound('Service');
  const r = await db.query<{ id: string }>('INSERT INTO deflection_sessions (user_id, process_key, department_id) VALUES ($1, $2, $3) RETURNING id', [p.id, processKey, service.departmentId]);
  return { id: r.rows[0].id };
}

/** "This solved it": the caller's own open session ends without a request, credited to the article. */
export async function endSession(db: Db, p: Principal, sessionId: string, outcome: 'deflected' | 'submitted', articleId: string | null) {
  if (articleId) await getArticle(db, p, articleId);
  const r = await db.query(
    "UPDATE deflection_sessions SET outcome = $3, article_id = $4, ended_at = now() WHERE id = $1 AND user_id = $2 AND outcome = 'open'",
    [sessionId, p.id, outcome, articleId],
  );
  if (!r.rowCount) throw notFound('Open self-service session');
}

/** Deflection rate, views and helpfulness over a period, for the departments the caller reads insights of. */
export async function knowledgeKpis(db: Queryable, p: Principal, f: InsightFilter) {
  if (f.departmentId) assertDepartment(p, f.departmentId);
  const allowed = f.departmentId ? [f.departmentId] : insightDepartments(p);
  const from = `${f.from}T00:00:00Z`;
  const to = `${f.to}T23:59:59.999Z`;
  const scope = allowed === null ? 'TRUE' : 'department_id = ANY($3::uuid[])';
  const params = allowed === null ? [from, to] : [from, to, allowed];
  const [sessions, events, top, weeks] = await Promise.all([
    db.query<{ sessions: number; deflected: number; submitted: number }>(
      `SELECT count(*)::int AS sessions, count(*) FILTER (WHERE outcome = 'deflected')::int AS deflected, count(*) FILTER (WHERE outcome = 'submitted')::int AS submitted
       FROM deflection_sessions WHERE started_at BETWEEN $1 AND $2 AND ${scope}`, params),
    db.query<{ views: number; helpful: number; unhelpful: number }>(
      `SELECT count(*) FILTER (WHERE kind = 'view')::int AS views, count(*) FILTER (WHERE kind = 'helpful')::int AS helpful, count(*) FILTER (WHERE kind = 'unhelpful')::int AS unhelpful
       FROM article_events WHERE at BETWEEN $1 AND $2 AND department_id IS NOT NULL AND ${scope}`, params),
    db.query<any>(
      `SELECT a.id, a.department_id, (SELECT json_object_agg(t.language, t.title) FROM article_texts t WHERE t.article_id = a.id) AS titles,
         count(e.id) FILTER (WHERE e.kind = 'view')::int AS views, count(e.id) FILTER (WHERE e.kind = 'helpful')::int AS helpful,
         count(e.id) FILTER (WHERE e.kind = 'unhelpful')::int AS unhelpful,
         (SELECT count(*)::int FROM deflection_sessions s WHERE s.article_id = a.id AND s.outcome = 'deflected' AND s.started_at BETWEEN $1 AND $2) AS deflections
       FROM articles a JOIN article_events e ON e.article_id = a.id AND e.at BETWEEN $1 AND $2
       WHERE a.guide_key IS NULL AND ${scope.replace('department_id', 'a.department_id')}
       GROUP BY a.id ORDER BY views DESC, a.id LIMIT 20`, params),
    db.query<any>(
      `SELECT to_char(date_trunc('week', started_at), 'YYYY-MM-DD') AS week, count(*)::int AS sessions, count(*) FILTER (WHERE outcome = 'deflected')::int AS deflected
       FROM deflection_sessions WHERE started_at BETWEEN $1 AND $2 AND ${scope} GROUP BY 1 ORDER BY 1`, params),
  ]);
  const s = sessions.rows[0];
  const e = events.rows[0];
  const votes = e.helpful + e.unhelpful;
  return {
    filter: f,
    sessions: s.sessions,
    deflected: s.deflected,
    submitted: s.submitted,
    deflectionRate: s.sessions ? s.deflected / s.sessions : null,
    views: e.views,
    helpful: e.helpful,
    unhelpful: e.unhelpful,
    helpfulRate: votes ? e.helpful / votes : null,
    articles: top.rows.map((r) => ({ id: r.id, departmentId: r.department_id, titles: r.titles ?? {}, views: r.views, helpful: r.helpful, unhelpful: r.unhelpful, deflections: r.deflections })),
    weeks: weeks.rows,
  };
}

/** First-visit tours this user has finished or skipped (remembered per user, not per browser). */
export async function toursSeen(db: Queryable, p: Principal): Promise<string[]> {
  return (await db.query<{ tour_key: string }>('SELECT tour_key FROM guide_tours_seen WHERE user_id = $1 ORDER BY tour_key', [p.id])).rows.map((r) => r.tour_key);
}

export async function markTourSeen(db: Queryable, p: Principal, key: string) {
  await db.query('INSERT INTO guide_tours_seen (user_id, tour_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.id, key]);
}
