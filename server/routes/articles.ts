import { Hono } from 'hono';
import { notFound, validationFailed } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid, paging } from '../http/params';
import { parseFilter } from '../insights/scope';
import {
  createArticle, getArticle, listArticles, listVersions, transitionArticle, updateArticle,
  type ArticleChange, type ArticleInput, type ArticleStatus, type Language,
} from '../knowledge/articles';
import { articleCounts, endSession, knowledgeKpis, markTourSeen, recordView, recordVote, startDeflectionSession, toursSeen } from '../knowledge/feedback';
import { draftFromRequest } from '../knowledge/from-request';
import { guideArticleId } from '../knowledge/guide';
import { articleBodies } from '../knowledge/schemas';
import { searchArticles, searchServices } from '../knowledge/search';
import type { Deps } from './deps';


const STATUSES = ['draft', 'review', 'published', 'archived'];
const GUIDE_KEY = /^(employee|agent|owner|analyst|admin)$/;
const TOUR_KEY = /^[a-z][a-z0-9-]{0,39}$/;
const anyone = access('authenticated');

function queryText(q: string | undefined, max = 300): string {
  if ((q ?? '').length > max) throw validationFailed([{ path: '/q', message: `must be at most ${max} characters` }]);
  return q ?? '';
}
const language = (v: string | undefined): Language => (v === 'de' ? 'de' : 'en');

/** The knowledge base (mounted at /api/articles): articles, search, feedback, deflections, the user guide and its tours. */
export function articleRoutes({ db, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/', anyone, async (c) => {
      const departmentId = c.req.query('departmentId');
      const status = c.req.query('status');
      if (departmentId) isUuid(departmentId, 'Department');
      if (status && !STATUSES.includes(status)) throw validationFailed([{ path: '/status', message: `must be one of ${STATUSES.join(', ')}` }]);
      const { limit, offset } = paging((n) => c.req.query(n), 50, 200);
      return c.json(await listArticles(db, principalOf(c), { departmentId, status: status as ArticleStatus | undefined, guide: c.req.query('guide') === '1', limit, offset }));
    })
    .post('/', anyone, async (c) => c.json(await createArticle(db, principalOf(c), await readBody<ArticleInput>(c, articleBodies.create)), 201))
    // Portal search: articles and services together; ?guide=1 searches the user guide instead.
    .get('/search', anyone, async (c) => {
      const p = principalOf(c);
      const q = queryText(c.req.query('q'));
      const { limit } = paging((n) => c.req.query(n), 8, 20);
      const guide = c.req.query('guide') === '1';
      const [articles, services] = await Promise.all([
        searchArticles(db, p, q, { language: language(c.req.query('language')), limit, guide }),
        guide || c.req.query('services') === '0' ? [] : searchServices(db, p, q, limit),
      ]);
      return c.json({ articles, services });
    })
    .get('/insights', access(['analyst', 'owner', 'admin']), async (c) => c.json(await knowledgeKpis(db, principalOf(c), parseFilter((n) => c.req.query(n), now()))))
    .post('/from-request', anyone, async (c) => {
      const body = await readBody<{ instanceId: string; language?: Language }>(c, articleBodies.fromRequest);
      return c.json(await draftFromRequest(db, principalOf(c), body.instanceId, body.language ?? 'en'), 201);
    })
    .post('/sessions', anyone, async (c) => {
      const body = await readBody<{ processKey: string }>(c, articleBodies.session);
      return c.json(await startDeflectionSession(db, principalOf(c), body.processKey), 201);
    })
    .post('/sessions/:id/end', anyone, async (c) => {
      const id = isUuid(c.req.param('id'), 'Open self-service session');
      const body = await readBody<{ outcome: 'deflected' | 'submitted'; articleId?: string | null }>(c, articleBodies.sessionEnd);
      await endSession(db, principalOf(c), id, body.outcome, body.articleId ?? null);
      return c.body(null, 204);
    })
    .get('/guide/tours', anyone, async (c) => c.json({ items: await toursSeen(db, principalOf(c)) }))
    .put('/guide/tours/:key', anyone, async (c) => {
      const key = c.req.param('key');
      if (!TOUR_KEY.test(key)) throw validationFailed([{ path: '/key', message: 'must be a tour name (a-z, 0-9, -)' }]);
      await markTourSeen(db, principalOf(c), key);
      return c.body(null, 204);
    })
    .get('/guide/:role', anyone, async (c) => {
      const role = c.req.param('role');
      const id = GUIDE_KEY.test(role) ? await guideArticleId(db, role) : null;
      if (!id) throw notFound('Guide article');
      return c.json(await getArticle(db, principalOf(c), id));
    })
    .get('/:id', anyone, async (c) => {
      const p = principalOf(c);
      const id = isUuid(c.req.param('id'), 'Article');
      const article = await getArticle(db, p, id);
      return c.json({ ...article, counts: await articleCounts(db, id) });
    })
    .patch('/:id', anyone, async (c) => {
      const id = isUuid(c.req.param('id'), 'Article');
      return c.json(await updateArticle(db, principalOf(c), id, await readBody<ArticleChange>(c, articleBodies.update)));
    })
    .post('/:id/transition', anyone, async (c) => {
      const id = isUuid(c.req.param('id'), 'Article');
      const body = await readBody<{ to: ArticleStatus; note?: string }>(c, articleBodies.transition);
      return c.json(await transitionArticle(db, principalOf(c), id, body.to, body.note ?? null));
    })
    .get('/:id/versions', anyone, async (c) => c.json({ items: await listVersions(db, principalOf(c), isUuid(c.req.param('id'), 'Article')) }))
    .post('/:id/views', anyone, async (c) => {
      await recordView(db, principalOf(c), isUuid(c.req.param('id'), 'Article'));
      return c.body(null, 204);
    })
    .post('/:id/feedback', anyone, async (c) => {
      const id = isUuid(c.req.param('id'), 'Article');
      const body = await readBody<{ helpful: boolean }>(c, articleBodies.vote);
      return c.json(await recordVote(db, principalOf(c), id, body.helpful));
    });
}
