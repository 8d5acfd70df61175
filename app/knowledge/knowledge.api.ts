import { api } from '../api/client';
import { toQueryString } from '../api/query';

export type Language = 'de' | 'en';
export type ArticleStatus = 'draft' | 'review' | 'published' | 'archived';
export type GuideRole = 'employee' | 'agent' | 'owner' | 'analyst' | 'admin';

export interface ArticleText { language: Language; title: string; body: string; html: string }
export interface Article {
  id: string;
  departmentId: string | null;
  departmentName: string | null;
  guideKey: string | null;
  visibility: 'public' | 'internal';
  status: ArticleStatus;
  tags: string[];
  owner: { id: string; name: string } | null;
  reviewAt: string | null;
  version: number;
  sourceProblemId: string | null;
  sourceInstanceId: string | null;
  updatedAt: string;
  publishedAt: string | null;
  /** html is rendered from the Markdown and sanitised by the server (server/knowledge/render.ts). */
  texts: ArticleText[];
  may: { edit: boolean; publish: boolean };
  counts?: ArticleCounts;
}
export interface ArticleCounts { views: number; helpful: number; unhelpful: number }
export interface ArticleSummary {
  id: string; departmentId: string | null; departmentName: string | null; status: ArticleStatus; visibility: string;
  tags: string[]; reviewAt: string | null; updatedAt: string; titles: Partial<Record<Language, string>>;
}
export interface ArticleHit { id: string; language: Language; title: string; excerpt: string; departmentName: string | null; visibility: string }
/** A service of the caller's catalog that matched. */
export interface ServiceHit { processKey: string; title: string; titleDe?: string | null; description: string | null; descriptionDe?: string | null; departmentName: string | null }
export interface ArticleVersion {
  version: number; action: string; changed: string[]; status: string; note: string | null; changedAt: string; changedBy: { id: string; name: string } | null;
}
export interface ArticleInput {
  departmentId?: string;
  visibility?: 'public' | 'internal';
  tags?: string[];
  reviewAt?: string | null;
  texts?: { language: Language; title: string; body: string }[];
  baseVersion?: number;
}
export interface KnowledgeKpis {
  sessions: number; deflected: number; deflectionRate: number | null; views: number; helpful: number; unhelpful: number; helpfulRate: number | null;
  articles: { id: string; titles: Partial<Record<Language, string>>; views: number; helpful: number; unhelpful: number; deflections: number }[];
  weeks: { week: string; sessions: number; deflected: number }[];
}

const id = (v: string) => encodeURIComponent(v);

export const knowledgeApi = {
  list: (q: { departmentId?: string; status?: string; limit?: number } = {}) => api.get<{ items: ArticleSummary[]; total: number }>(`/api/articles${toQueryString(q)}`),
  search: (q: string, opts: { language?: Language; services?: boolean; limit?: number; guide?: boolean } = {}, signal?: AbortSignal) =>
    api.get<{ articles: ArticleHit[]; services: ServiceHit[] }>(
      `/api/articles/search${toQueryString({ q, language: opts.language, services: opts.services === false ? '0' : undefined, limit: opts.limit, guide: opts.guide ? '1' : undefined })}`,
      signal,
    ),
  get: (articleId: string) => api.get<Article>(`/api/articles/${id(articleId)}`),
  guide: (role: GuideRole) => api.get<Article>(`/api/articles/guide/${id(role)}`),
  create: (input: ArticleInput) => api.post<Article>('/api/articles', input),
  update: (articleId: string, input: ArticleInput) => api.patch<Article>(`/api/articles/${id(articleId)}`, input),
  transition: (articleId: string, to: ArticleStatus, note?: string) => api.post<Article>(`/api/articles/${id(articleId)}/transition`, { to, ...(note ? { note } : {}) }),
  versions: (articleId: string) => api.get<{ items: ArticleVersion[] }>(`/api/articles/${id(articleId)}/versions`),
  view: (articleId: string) => api.post<void>(`/api/articles/${id(articleId)}/views`),
  vote: (articleId: string, helpful: boolean) => api.post<ArticleCounts>(`/api/articles/${id(articleId)}/feedback`, { helpful }),
  fromRequest: (instanceId: string, language: Language) => api.post<Article>('/api/articles/from-request', { instanceId, language }),
  startSession: (processKey: string) => api.post<{ id: string }>('/api/articles/sessions', { processKey }),
  endSession: (sessionId: string, outcome: 'deflected' | 'submitted', articleId?: string) =>
    api.post<void>(`/api/articles/sessions/${id(sessionId)}/end`, { outcome, ...(articleId ? { articleId } : {}) }),
  insights: (q: { from?: string; to?: string; departmentId?: string }) => api.get<KnowledgeKpis>(`/api/articles/insights${toQueryString(q)}`),
  toursSeen: () => api.get<{ items: string[] }>('/api/articles/guide/tours'),
  tourSeen: (key: string) => api.put<void>(`/api/articles/guide/tours/${id(key)}`),
};

/** The language version to show: the UI's language if the article has it, else the other. */
export function textFor<T extends { language: Language }>(texts: T[], locale: string): T | null {
  return texts.find((t) => t.language === locale) ?? texts[0] ?? null;
}
export function titleFor(titles: Partial<Record<Language, string>>, locale: string): string {
  return titles[locale as Language] ?? titles.en ?? titles.de ?? '';
}
