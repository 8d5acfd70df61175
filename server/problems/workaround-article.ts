/**
 * A known error publishes its workaround as a knowledge article (issue #19, point 3): the article is
 * public to employees, in the writer's language, linked both ways (articles.source_problem_id,
 * problems.workaround_article_id). An owner's article is published at once; an agent's goes to review
 * for the department's owners. Asked again, the same article comes back (a changed workaround is
 * edited in the article itself, with its versions).
 */
import type { Db } from '../db/types';
import type { Principal } from '../auth/principal';
import { validationFailed } from '../errors';
import { createArticleDraft, getArticle, transitionArticle } from '../knowledge/articles';
import { mayPublish } from '../knowledge/rules';
import { loadWritable } from './problems';

function body(language: 'de' | 'en', problem: { title: string; workaround: string; root_cause: string }): string {
  const de = language === 'de';
  return [
    de ? `**Bekannter Fehler:** ${problem.title}` : `**Known error:** ${problem.title}`,
    '',
    `## ${de ? 'Umgehung' : 'Workaround'}`,
    '',
    problem.workaround.trim(),
    ...(problem.root_cause.trim() ? ['', `## ${de ? 'Ursache' : 'Cause'}`, '', problem.root_cause.trim()] : []),
    '',
    de ? '_Die dauerhafte Lösung ist in Arbeit; dieser Artikel wird dann aktualisiert._' : '_A permanent fix is being worked on; this article will be updated then._',
  ].join('\n');
}

export async function publishWorkaround(db: Db, p: Principal, problemId: string) {
  const row = await loadWritable(db, p, problemId);
  if (row.workaround_article_id) return { articleId: row.workaround_article_id, created: false, article: await getArticle(db, p, row.workaround_article_id) };
  if (!row.workaround.trim()) throw validationFailed([{ path: '/workaround', message: 'the problem has no documented workaround yet' }]);
  const language = p.locale === 'en' ? 'en' : 'de';
  const title = `${language === 'de' ? 'Umgehung' : 'Workaround'}: ${row.title}`.slice(0, 200);
  const articleId = await createArticleDraft(db, { departmentId: row.department_id, title, body: body(language, row), language, tags: ['known-error'], visibility: 'public', sourceProblemId: row.id, userId: p.id });
  await db.query('UPDATE problems SET workaround_article_id = $2 WHERE id = $1 AND workaround_article_id IS NULL', [row.id, articleId]);
  const article = await transitionArticle(db, p, articleId, mayPublish(p, row.department_id) ? 'published' : 'review', language === 'de' ? 'Umgehung eines bekannten Fehlers' : 'Workaround of a known error');
  return { articleId, created: true, article };
}
