import type { Db, Queryable } from '../db/types';
import { conflict, forbidden, notFound, validationFailed } from '../errors';
import type { Principal } from '../auth/principal';
import { isCalendarDay } from '../insights/scope';
import { renderArticle } from './render';
import { articleVisibility, mayEdit, mayPublish, mayRead } from './rules';

export type Language = 'de' | 'en';
export type ArticleStatus = 'draft' | 'review' | 'published' | 'archived';
export interface ArticleText { language: Language; title: string; body: string }
export interface ArticleInput {
  departmentId: string;
  visibility?: 'public' | 'internal';
  tags?: string[];
  ownerId?: string | null;
  reviewAt?: string | null;
  texts: ArticleText[];
  sourceInstanceId?: string | null;
}
export type ArticleChange = Partial<Omit<ArticleInput, 'departmentId' | 'sourceInstanceId'>> & { baseVersion?: number };

const SELECT = `SELECT a.*, d.name AS department_name, o.name AS owner_name,
  COALESCE((SELECT json_agg(json_build_object('language', t.language, 'title', t.title, 'body', t.body, 'html', t.body_html) ORDER BY t.language)
            FROM article_texts t WHERE t.article_id = a.id), '[]') AS texts
  FROM articles a LEFT JOIN departments d ON d.id = a.department_id LEFT JOIN users o ON o.id = a.owner_id`;

function view(p: Principal | null, row: any) {
  return {
    id: row.id as string,
    departmentId: row.department_id as string | null,
    departmentName: row.department_name as string | null,
    guideKey: row.guide_key as string | null,
    visibility: row.visibility as 'public' | 'internal',
    status: row.status as ArticleStatus,
    tags: row.tags as string[],
    owner: row.owner_id ? { id: row.owner_id as string, name: row.owner_name as string } : null,
    reviewAt: row.review_at ? toDate(row.review_at) : null,
    version: row.version as number,
    sourceProblemId: row.source_problem_id as string | null,
    sourceInstanceId: row.source_instance_id as string | null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    texts: row.texts as { language: Language; title: string; body: string; html: string }[],
    may: p ? { edit: !row.guide_key && mayEdit(p, row.department_id), publish: !row.guide_key && mayPublish(p, row.department_id) } : { edit: false, publish: false },
  };
}
export type ArticleView = ReturnType<typeof view>;

const toDate = (d: Date | string) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

/** A review date PostgreSQL can store (JSON Schema's "date" lets year 0000 through). */
function checkReviewAt(reviewAt: string | null | undefined) {
  if (reviewAt && !isCalendarDay(reviewAt)) throw validationFailed([{ path: '/reviewAt', message: 'must be a date YYYY-MM-DD that exists (year 1 or later)' }]);
}

function checkTexts(texts: ArticleText[]) {
  const seen = new Set<string>();
  texts.forEach((t, i) => {
    if (seen.has(t.language)) throw validationFailed([{ path: `/texts/${i}/language`, message: 'each language once' }]);
    seen.add(t.language);
    if (!t.title.trim()) throw validationFailed([{ path: `/texts/${i}/title`, message: 'must not be empty' }]);
  });
}

async function writeTexts(db: Queryable, id: string, texts: ArticleText[]) {
  await db.query('DELETE FROM article_texts WHERE article_id = $1 AND NOT (language = ANY($2::text[]))', [id, texts.map((t) => t.language)]);
  for (const t of texts) {
    await db.query(
      `INSERT INTO article_texts (article_id, language, title, body, body_html) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (article_id, language) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, body_html = EXCLUDED.body_html`,
      [id, t.language, t.title.trim(), t.body, renderArticle(t.body)],
    );
  }
}

/** Writes the article's current state as version `version` (what was done, which fields changed, by whom). */
async function recordVersion(db: Queryable, id: string, action: string, changed: string[], userId: string | null, note: string | null = null) {
  await db.query(
    `INSERT INTO article_versions (article_id, version, action, changed, status, snapshot, note, changed_by)
     SELECT a.id, a.version, $2, $3::text[], a.status,
       json_build_object('visibility', a.visibility, 'tags', a.tags, 'ownerId', a.owner_id, 'reviewAt', a.review_at,
         'texts', COALESCE((SELECT json_agg(json_build_object('language', t.language, 'title', t.title, 'body', t.body) ORDER BY t.language) FROM article_texts t WHERE t.article_id = a.id), '[]')),
       $4, $5
     FROM articles a WHERE a.id = $1`,
    [id, action, changed, note, userId],
  );
}

async function loadRow(db: Queryable, id: string, lock = false) {
  const r = await db.query<any>(`SELECT * FROM articles WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return r.rows[0] ?? null;
}

async function checkOwner(db: Queryable, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const r = await db.query('SELECT 1 FROM users WHERE id = $1', [ownerId]);
  if (!r.rows.length) throw validationFailed([{ path: '/ownerId', message: 'no such user' }]);
}

/** One article as the caller may see it; someone else's internal article or draft is a 404. */
export async function getArticle(db: Queryable, p: Principal, id: string) {
  const r = await db.query<any>(`${SELECT} WHERE a.id = $1`, [id]);
  const row = r.rows[0];
  if (!row || !mayRead(p, row)) throw notFound('Article');
  return view(p, row);
}

export interface ArticleFilter { departmentId?: string; status?: ArticleStatus; guide?: boolean; limit: number; offset: number }

/** Articles the caller may read, newest change first; without text bodies (titles per language). */
export async function listArticles(db: Queryable, p: Principal, f: ArticleFilter) {
  const vis = articleVisibility(p, 1);
  const params: unknown[] = [...vis.params];
  const where = [vis.sql];
  if (f.departmentId) where.push(`a.department_id = $${params.push(f.departmentId)}`);
  if (f.status) where.push(`a.status = $${params.push(f.status)}`);
  where.push(f.guide ? 'a.guide_key IS NOT NULL' : 'a.guide_key IS NULL');
  const r = await db.query<any>(
    `SELECT a.id, a.department_id, d.name AS department_name, a.guide_key, a.visibility, a.status, a.tags, a.review_at, a.updated_at, a.version, o.name AS owner_name, a.owner_id,
       (SELECT json_object_agg(t.language, t.title) FROM article_texts t WHERE t.article_id = a.id) AS titles,
       count(*) OVER () AS total
     FROM articles a LEFT JOIN departments d ON d.id = a.department_id LEFT JOIN users o ON o.id = a.owner_id
     WHERE ${where.join(' AND ')} ORDER BY a.updated_at DESC, a.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return {
    total: Number(r.rows[0]?.total ?? 0),
    items: r.rows.map((row) => ({
      id: row.id, departmentId: row.department_id, departmentName: row.department_name, guideKey: row.guide_key, visibility: row.visibility, status: row.status,
      tags: row.tags, reviewAt: row.review_at ? toDate(row.review_at) : null, updatedAt: row.updated_at, version: row.version,
      owner: row.owner_id ? { id: row.owner_id, name: row.owner_name } : null, titles: row.titles ?? {},
    })),
  };
}

async function insertArticle(db: Queryable, input: ArticleInput & { sourceProblemId?: string | null }, userId: string | null) {
  const r = await db.query<{ id: string }>(
    `INSERT INTO articles (department_id, visibility, tags, owner_id, review_at, source_instance_id, source_problem_id, created_by)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8) RETURNING id`,
    [input.departmentId, input.visibility ?? 'public', normaliseTags(input.tags ?? []), input.ownerId ?? userId, input.reviewAt ?? null, input.sourceInstanceId ?? null, input.sourceProblemId ?? null, userId],
  );
  const id = r.rows[0].id;
  await writeTexts(db, id, input.texts);
  await recordVersion(db, id, 'created', ['texts', 'visibility', 'tags', 'owner', 'reviewAt'], userId);
  return id;
}

const normaliseTags = (tags: string[]) => [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];

/** A new draft by an author of the department. */
export async function createArticle(db: Db, p: Principal, input: ArticleInput) {
  if (!mayEdit(p, input.departmentId)) {
    // A department the caller does not work in: no article may be written there.
    throw forbidden('You write articles only for departments you are an agent or owner of');
  }
  checkTexts(input.texts);
  checkReviewAt(input.reviewAt);
  const id = await db.transaction(async (tx) => {
    await checkOwner(tx, input.ownerId);
    return insertArticle(tx, input, p.id);
  });
  return getArticle(db, p, id);
}

/**
 * A draft from a given title and body, for other modules (a known error's workaround, #19 point 3):
 * internal by default, owned by `userId` when given. Returns the new article's id.
 */
export async function createArticleDraft(
  db: Db,
  input: { departmentId: string; title: string; body: string; language?: Language; tags?: string[]; visibility?: 'public' | 'internal'; sourceProblemId?: string | null; userId?: string | null },
): Promise<string> {
  return db.transaction((tx) =>
    insertArticle(tx, {
      departmentId: input.departmentId,
      visibility: input.visibility ?? 'internal',
      tags: input.tags ?? [],
      texts: [{ language: input.language ?? 'en', title: input.title.slice(0, 200), body: input.body }],
      sourceProblemId: input.sourceProblemId ?? null,
    }, input.userId ?? null),
  );
}

/** Changes texts, tags, visibility, owner or review date; every change is a new version. */
export async function updateArticle(db: Db, p: Principal, id: string, change: ArticleChange) {
  if (change.texts) checkTexts(change.texts);
  checkReviewAt(change.reviewAt);
  await db.transaction(async (tx) => {
    const row = await loadRow(tx, id, true);
    if (!row || !mayRead(p, row)) throw notFound('Article');
    if (row.guide_key || !mayEdit(p, row.department_id)) throw forbidden('You may read this article but not change it');
    if (change.baseVersion !== undefined && change.baseVersion !== row.version) {
      const err = conflict('Someone changed the article meanwhile; reload it', 'stale');
      err.details = { version: row.version };
      throw err;
    }
    await checkOwner(tx, change.ownerId);
    const changed: string[] = [];
    if (change.texts) {
      await writeTexts(tx, id, change.texts);
      changed.push('texts');
    }
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (field: string, sql: string, value: unknown) => {
      sets.push(`${sql} = $${params.push(value)}`);
      changed.push(field);
    };
    if (change.visibility !== undefined && change.visibility !== row.visibility) set('visibility', 'visibility', change.visibility);
    if (change.tags !== undefined) set('tags', 'tags', normaliseTags(change.tags));
    if (change.ownerId !== undefined) set('owner', 'owner_id', change.ownerId);
    if (change.reviewAt !== undefined) set('reviewAt', 'review_at', change.reviewAt);
    await tx.query(`UPDATE articles SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
    await recordVersion(tx, id, 'edited', changed, p.id);
  });
  return getArticle(db, p, id);
}

/** draft → review → published; back to draft; archived. Who may: see rules.ts. */
const TRANSITIONS: Record<ArticleStatus, ArticleStatus[]> = {
  draft: ['review', 'published', 'archived'],
  review: ['published', 'draft'],
  published: ['draft', 'archived'],
  archived: ['draft'],
};
const ACTIONS: Record<ArticleStatus, string> = { review: 'submitted', published: 'published', draft: 'returned', archived: 'archived' };

export async function transitionArticle(db: Db, p: Principal, id: string, to: ArticleStatus, note: string | null) {
  await db.transaction(async (tx) => {
    const row = await loadRow(tx, id, true);
    if (!row || !mayRead(p, row)) throw notFound('Article');
    if (row.guide_key || !mayEdit(p, row.department_id)) throw forbidden('You may read this article but not change it');
    if (!TRANSITIONS[row.status as ArticleStatus].includes(to)) throw conflict(`A ${row.status} article cannot become ${to}`, 'invalid_transition');
    // Authors submit for review; publishing (and taking a published article back) is the owners' call.
    if ((to === 'published' || row.status === 'published' || to === 'archived') && !mayPublish(p, row.department_id)) {
      throw forbidden("Publishing is for the department's process owners");
    }
    await tx.query(
      `UPDATE articles SET status = $2, version = version + 1, updated_at = now(), published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END WHERE id = $1`,
      [id, to],
    );
    await recordVersion(tx, id, ACTIONS[to], ['status'], p.id, note);
  });
  return getArticle(db, p, id);
}

/** Every version, newest first: what was done, which fields, by whom, and the full text then. */
export async function listVersions(db: Queryable, p: Principal, id: string) {
  await getArticle(db, p, id);
  const r = await db.query<any>(
    `SELECT v.version, v.action, v.changed, v.status, v.snapshot, v.note, v.changed_at, v.changed_by, u.name AS changed_by_name
     FROM article_versions v LEFT JOIN users u ON u.id = v.changed_by WHERE v.article_id = $1 ORDER BY v.version DESC LIMIT 500`,
    [id],
  );
  return r.rows.map((v) => ({
    version: v.version, action: v.action, changed: v.changed, status: v.status, snapshot: v.snapshot, note: v.note, changedAt: v.changed_at,
    changedBy: v.changed_by ? { id: v.changed_by, name: v.changed_by_name } : null,
  }));
}
