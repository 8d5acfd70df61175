import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/types';
import { renderArticle } from './render';

/** Lotse's user guide: one Markdown file per role and language, docs/guide/<role>.<de|en>.md. */
export const GUIDE_ROLES = ['employee', 'agent', 'owner', 'analyst', 'admin'] as const;
export const GUIDE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/guide');

interface GuideText { language: 'de' | 'en'; title: string; body: string }

/** The shipped files: the first line "# Title" is the title, the rest the body. */
export function readGuide(dir = GUIDE_DIR): Map<string, GuideText[]> {
  const out = new Map<string, GuideText[]>();
  for (const role of GUIDE_ROLES) {
    const texts: GuideText[] = [];
    for (const language of ['de', 'en'] as const) {
      const file = path.join(dir, `${role}.${language}.md`);
      if (!fs.existsSync(file)) continue;
      const [first, ...rest] = fs.readFileSync(file, 'utf8').split('\n');
      texts.push({ language, title: first.replace(/^#\s*/, '').trim(), body: rest.join('\n').trim() + '\n' });
    }
    if (texts.length) out.set(role, texts);
  }
  return out;
}

/**
 * Brings the guide articles in the database up to the shipped files (run on every start): new
 * roles are inserted published, changed texts replaced with a version "updated with Lotse".
 */
export async function syncGuide(db: Db, dir = GUIDE_DIR): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (const [role, texts] of readGuide(dir)) {
    await db.transaction(async (tx) => {
      const found = await tx.query<{ id: string }>('SELECT id FROM articles WHERE guide_key = $1 FOR UPDATE', [role]);
      let id = found.rows[0]?.id;
      if (!id) {
        id = (await tx.query<{ id: string }>(
          "INSERT INTO articles (guide_key, visibility, status, tags, published_at) VALUES ($1, 'public', 'published', $2::text[], now()) RETURNING id",
          [role, ['guide', role]],
        )).rows[0].id;
        created++;
      }
      const current = await tx.query<{ language: string; title: string; body: string }>('SELECT language, title, body FROM article_texts WHERE article_id = $1', [id]);
      const same = current.rows.length === texts.length && texts.every((t) => current.rows.some((c) => c.language === t.language && c.title === t.title && c.body === t.body));
      if (same) return;
      await tx.query('DELETE FROM article_texts WHERE article_id = $1', [id]);
      for (const t of texts) {
        await tx.query('INSERT INTO article_texts (article_id, language, title, body, body_html) VALUES ($1, $2, $3, $4, $5)', [id, t.language, t.title, t.body, renderArticle(t.body)]);
      }
      if (found.rows.length) {
        await tx.query('UPDATE articles SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
        updated++;
      }
      await tx.query(
        `INSERT INTO article_versions (article_id, version, action, changed, status, snapshot)
         SELECT id, version, $2, '{texts}', status, json_build_object('texts', $3::jsonb) FROM articles WHERE id = $1`,
        [id, found.rows.length ? 'updated with Lotse' : 'shipped with Lotse', JSON.stringify(texts)],
      );
    });
  }
  return { created, updated };
}

/** The guide article of a role (its id), for help links. */
export async function guideArticleId(db: Db, role: string): Promise<string | null> {
  return (await db.query<{ id: string }>("SELECT id FROM articles WHERE guide_key = $1 AND status = 'published'", [role])).rows[0]?.id ?? null;
}
