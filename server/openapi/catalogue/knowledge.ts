import { articleBodies } from '../../knowledge/schemas';
import { anyObject, arrayOf, bool, int, nnum, nstr, ntime, nuuid, num, obj, ref, str, time, uuid } from '../records';
import type { Catalogue, JsonSchema, Param } from '../types';

/** Records of the knowledge base (#19): merged into components.schemas by document.ts. */
export const knowledgeRecords: Record<string, JsonSchema> = {
  Article: obj(['id', 'departmentId', 'visibility', 'status', 'tags', 'version', 'texts', 'may'], {
    id: uuid, departmentId: nuuid, departmentName: nstr, guideKey: nstr, visibility: { enum: ['public', 'internal'] },
    status: { enum: ['draft', 'review', 'published', 'archived'] }, tags: arrayOf(str), owner: { type: ['object', 'null'] }, reviewAt: nstr,
    version: int, sourceProblemId: nuuid, sourceInstanceId: nuuid, createdAt: time, updatedAt: time, publishedAt: ntime,
    texts: arrayOf(obj(['language', 'title', 'body', 'html'], { language: { enum: ['de', 'en'] }, title: str, body: str, html: { type: 'string', description: 'Sanitised HTML rendered from the Markdown body' } })),
    may: obj(['edit', 'publish'], { edit: bool, publish: bool }),
    counts: obj(['views', 'helpful', 'unhelpful'], { views: int, helpful: int, unhelpful: int }),
  }),
  ArticleSummary: obj(['id', 'status', 'visibility', 'titles'], {
    id: uuid, departmentId: nuuid, departmentName: nstr, guideKey: nstr, visibility: str, status: str, tags: arrayOf(str), reviewAt: nstr, updatedAt: time, version: int,
    owner: { type: ['object', 'null'] }, titles: { type: 'object', description: 'Title per language (de, en)' },
  }),
  ArticleCounts: obj(['views', 'helpful', 'unhelpful'], { views: int, helpful: int, unhelpful: int }),
};

const article = { description: 'The article', schema: ref('Article') };
const done = { 204: { description: 'Done' } };
const listQuery: Param[] = [
  { name: 'departmentId', description: 'Only this department', schema: uuid },
  { name: 'status', description: 'draft, review, published or archived', schema: { enum: ['draft', 'review', 'published', 'archived'] } },
  { name: 'guide', description: '1: the user guide articles instead of the departments\'', schema: { enum: ['0', '1'] } },
  { name: 'limit', description: 'Page size (1–200, default 50)', schema: { type: 'integer', minimum: 1 } },
  { name: 'offset', description: 'Rows to skip', schema: { type: 'integer', minimum: 0 } },
];
const searchQuery: Param[] = [
  { name: 'q', description: 'Free text (up to 300 characters); stemmed in German and English, typo-tolerant', schema: { type: 'string', maxLength: 300 } },
  { name: 'language', description: 'Preferred language of the hits', schema: { enum: ['de', 'en'] } },
  { name: 'guide', description: '1: search the user guide', schema: { enum: ['0', '1'] } },
  { name: 'services', description: '0: articles only', schema: { enum: ['0', '1'] } },
  { name: 'limit', description: 'Hits per kind (1–20, default 8)', schema: { type: 'integer', minimum: 1 } },
];
const insightQuery: Param[] = [
  { name: 'from', description: 'First day (YYYY-MM-DD; default 89 days before to)', schema: { type: 'string', format: 'date' } },
  { name: 'to', description: 'Last day (YYYY-MM-DD; default today)', schema: { type: 'string', format: 'date' } },
  { name: 'departmentId', description: 'Only this department', schema: uuid },
];
const hit = obj(['id', 'title', 'language', 'excerpt'], { id: uuid, title: str, language: str, excerpt: str, departmentId: nuuid, departmentName: nstr, visibility: str, score: num });

export const knowledgeRoutes: Catalogue = {
  'GET /api/articles': { tag: 'Knowledge', summary: 'Articles the caller may read (drafts for authors and analysts)', auth: 'session', query: listQuery, ok: { 200: { description: 'Articles', schema: obj(['items', 'total'], { items: arrayOf(ref('ArticleSummary')), total: int }) } } },
  'POST /api/articles': { tag: 'Knowledge', summary: 'Write a draft (agents and owners of the department)', auth: 'session', body: articleBodies.create, ok: { 201: article } },
  'GET /api/articles/search': {
    tag: 'Knowledge', summary: 'Portal search: published articles and requestable services together', auth: 'session', query: searchQuery,
    ok: { 200: { description: 'Hits, best first', schema: obj(['articles', 'services'], { articles: arrayOf(hit), services: arrayOf(anyObject) }) } },
  },
  'GET /api/articles/insights': {
    tag: 'Knowledge', summary: 'Deflection rate, article views and helpfulness over a period', auth: 'session', query: insightQuery,
    ok: { 200: { description: 'KPIs', schema: obj(['sessions', 'deflected', 'deflectionRate', 'views', 'helpful', 'unhelpful', 'helpfulRate', 'articles', 'weeks'], {
      filter: anyObject, sessions: int, deflected: int, submitted: int, deflectionRate: nnum, views: int, helpful: int, unhelpful: int, helpfulRate: nnum, articles: arrayOf(anyObject), weeks: arrayOf(anyObject),
    }) } },
  },
  'POST /api/articles/from-request': { tag: 'Knowledge', summary: "Draft an article from a request's description and resolution", auth: 'session', body: articleBodies.fromRequest, ok: { 201: article } },
  'POST /api/articles/sessions': { tag: 'Knowledge', summary: 'A portal session started the form of a service (the base of the deflection rate)', auth: 'session', body: articleBodies.session, ok: { 201: { description: 'The session', schema: obj(['id'], { id: uuid }) } } },
  'POST /api/articles/sessions/:id/end': { tag: 'Knowledge', summary: 'End one\'s own session: deflected by an article ("this solved it") or submitted', auth: 'session', body: articleBodies.sessionEnd, ok: done },
  'GET /api/articles/guide/tours': { tag: 'Knowledge', summary: 'First-visit tours the caller has finished or skipped', auth: 'session', ok: { 200: { description: 'Tour names', schema: obj(['items'], { items: arrayOf(str) }) } } },
  'PUT /api/articles/guide/tours/:key': { tag: 'Knowledge', summary: 'Remember a tour as seen', auth: 'session', ok: done },
  'GET /api/articles/guide/:role': { tag: 'Knowledge', summary: "Lotse's user guide for a role (employee, agent, owner, analyst, admin)", auth: 'session', ok: { 200: article } },
  'GET /api/articles/:id': { tag: 'Knowledge', summary: 'One article (another department\'s internal article or draft: 404)', auth: 'session', ok: { 200: article } },
  'PATCH /api/articles/:id': { tag: 'Knowledge', summary: 'Change texts, tags, visibility, owner or review date (a new version)', auth: 'session', body: articleBodies.update, ok: { 200: article } },
  'POST /api/articles/:id/transition': { tag: 'Knowledge', summary: 'draft → review → published, back to draft, archived', auth: 'session', body: articleBodies.transition, ok: { 200: article } },
  'GET /api/articles/:id/versions': {
    tag: 'Knowledge', summary: 'Every version: what was done, which fields changed, by whom, the text then', auth: 'session',
    ok: { 200: { description: 'Versions, newest first', schema: obj(['items'], { items: arrayOf(obj(['version', 'action', 'changed', 'status', 'changedAt'], { version: int, action: str, changed: arrayOf(str), status: str, snapshot: anyObject, note: nstr, changedAt: time, changedBy: { type: ['object', 'null'] } })) }) } },
  },
  'POST /api/articles/:id/views': { tag: 'Knowledge', summary: 'Count a reading of the article', auth: 'session', ok: done },
  'POST /api/articles/:id/feedback': { tag: 'Knowledge', summary: '"Was this helpful?" — one vote per person, changeable', auth: 'session', body: articleBodies.vote, ok: { 200: { description: 'The counts', schema: ref('ArticleCounts') } } },
};
