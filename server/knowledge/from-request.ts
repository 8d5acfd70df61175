import type { Db } from '../db/types';
import { forbidden } from '../errors';
import type { Principal } from '../auth/principal';
import { getRequest } from '../requests/instances';
import { createArticle, type Language } from './articles';
import { mayEdit } from './rules';

/** Variables that name what went wrong and what fixed it, in the shipped templates and common custom forms. */
const PROBLEM_KEYS = ['summary', 'title', 'subject'];
const DESCRIPTION_KEYS = ['description', 'incidentDescription', 'details'];
const RESOLUTION_KEYS = ['solution', 'resolution', 'proposedSolution', 'workaround', 'resolutionNote', 'answer'];

const textOf = (vars: Record<string, unknown>, keys: string[]) =>
  keys.map((k) => vars[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '')?.trim() ?? null;

const HEADINGS: Record<Language, { problem: string; solution: string; from: string; none: string }> = {
  en: { problem: 'Problem', solution: 'Solution', from: 'Drafted from request', none: '_Describe the solution here._' },
  de: { problem: 'Problem', solution: 'Lösung', from: 'Entwurf aus Anfrage', none: '_Beschreiben Sie hier die Lösung._' },
};

/**
 * "Create article from this request": a draft in the request's department whose body takes the
 * request's description and resolution, internal until an author decides otherwise.
 */
export async function draftFromRequest(db: Db, p: Principal, instanceId: string, language: Language) {
  const request = await getRequest(db, p, instanceId);
  if (!mayEdit(p, request.departmentId)) throw forbidden("You write articles only for your departments' requests");
  const vars = (request.variables ?? {}) as Record<string, unknown>;
  const h = HEADINGS[language];
  const title = textOf(vars, PROBLEM_KEYS) ?? (language === 'de' ? request.serviceTitleDe : null) ?? request.serviceTitle ?? request.reference;
  const resolution = textOf(vars, RESOLUTION_KEYS) ?? [...request.comments].reverse().map((c: any) => c.text as string).find(Boolean) ?? null;
  const body = [
    `## ${h.problem}`, '', textOf(vars, DESCRIPTION_KEYS) ?? title, '',
    `## ${h.solution}`, '', resolution ?? h.none, '',
    `_${h.from} ${request.reference}._`,
  ].join('\n');
  return createArticle(db, p, {
    departmentId: request.departmentId!,
    visibility: 'internal',
    tags: [request.processKey],
    texts: [{ language, title: title.slice(0, 200), body: body.slice(0, 100_000) }],
    sourceInstanceId: instanceId,
  });
}
