import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { listCatalog } from '../definitions/catalog';
import { articleVisibility } from './rules';

/** At most this many words of a query count (a pasted page must not become a huge tsquery). */
const MAX_WORDS = 12;
/** word_similarity (pg_trgm) from which a title counts as a typo-tolerant hit. */
const TYPO_SIMILARITY = 0.45;

/**
 * The words of free text as a prefix-OR tsquery source ("vpn:* | drop:*"): letters and digits only,
 * so no user input reaches to_tsquery's syntax. Empty when nothing searchable is left.
 */
export function queryWords(q: string): string {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []).slice(0, MAX_WORDS);
  return [...new Set(words)].map((w) => `${w}:*`).join(' | ');
}

export interface ArticleHit { id: string; language: string; title: string; excerpt: string; departmentId: string | null; departmentName: string | null; visibility: string; score: number }

/**
 * Published articles the caller may read that match `q`: full text with German and English
 * stemming (each language version with its own dictionary), plus pg_trgm similarity of the title
 * for typos. `scope: 'agent'` adds the departments' internal articles the caller may read.
 */
export async function searchArticles(db: Queryable, p: Principal, q: string, opts: { language?: string; limit: number; guide?: boolean }): Promise<ArticleHit[]> {
  const words = queryWords(q);
  if (!words) return [];
  const vis = articleVisibility(p, 4);
  const text = q.slice(0, 300);
  const r = await db.query<any>(
    `WITH q AS (SELECT to_tsquery('german', $1) AS de, to_tsquery('english', $1) AS en)
     SELECT * FROM (
       SELECT DISTINCT ON (a.id) a.id, t.language, t.title, a.department_id, d.name AS department_name, a.visibility,
         ts_headline(CASE WHEN t.language = 'de' THEN 'german' ELSE 'english' END::regconfig, t.body, CASE WHEN t.language = 'de' THEN q.de ELSE q.en END,
           'MaxWords=28, MinWords=12, StartSel=, StopSel=, MaxFragments=1') AS excerpt,
         ts_rank_cd(t.search, CASE WHEN t.language = 'de' THEN q.de ELSE q.en END) + word_similarity($2, t.title)
           + CASE WHEN t.language = $3 THEN 0.05 ELSE 0 END AS score
       FROM articles a JOIN article_texts t ON t.article_id = a.id CROSS JOIN q LEFT JOIN departments d ON d.id = a.department_id
       WHERE a.status = 'published' AND ${opts.guide ? 'a.guide_key IS NOT NULL' : 'a.guide_key IS NULL'} AND ${vis.sql}
         AND (t.search @@ CASE WHEN t.language = 'de' THEN q.de ELSE q.en END OR word_similarity($2, t.title) >= ${TYPO_SIMILARITY}
              OR EXISTS (SELECT 1 FROM unnest(a.tags) tag WHERE word_similarity($2, tag) >= 0.6))
       ORDER BY a.id, (t.language = $3) DESC, score DESC
     ) hits ORDER BY score DESC, title LIMIT ${Math.max(1, Math.min(opts.limit, 50))}`,
    [words, text, opts.language ?? 'en', ...vis.params],
  );
  return r.rows.map((h) => ({
    id: h.id, language: h.language, title: h.title, excerpt: h.excerpt, departmentId: h.department_id, departmentName: h.department_name, visibility: h.visibility, score: Number(h.score),
  }));
}

/** Services of the caller's catalog whose title or description matches `q` (the same stemming and typo rules). */
export async function searchServices(db: Queryable, p: Principal, q: string, limit: number) {
  const words = queryWords(q);
  if (!words) return [];
  const services = await listCatalog(db, p);
  if (!services.length) return [];
  const docs = services.map((s) => [s.title, s.description, s.titleDe, s.descriptionDe].filter(Boolean).join(' \n '));
  const titles = services.map((s) => [s.title, s.titleDe].filter(Boolean).join(' '));
  const r = await db.query<{ i: number; score: number }>(
    `SELECT s.i::int AS i, ts_rank_cd(to_tsvector('german', s.doc) || to_tsvector('english', s.doc), to_tsquery('german', $1) || to_tsquery('english', $1))
          + word_similarity($2, t.title) AS score
     FROM unnest($3::text[]) WITH ORDINALITY AS s(doc, i) JOIN unnest($4::text[]) WITH ORDINALITY AS t(title, i) ON t.i = s.i
     WHERE (to_tsvector('german', s.doc) || to_tsvector('english', s.doc)) @@ (to_tsquery('german', $1) || to_tsquery('english', $1))
        OR word_similarity($2, t.title) >= ${TYPO_SIMILARITY}
     ORDER BY score DESC LIMIT ${Math.max(1, Math.min(limit, 20))}`,
    [words, q.slice(0, 300), docs, titles],
  );
  return r.rows.map((row) => ({ ...services[row.i - 1], score: Number(row.score) }));
}
