/**
 * The search box of the task list: full text over the request (reference, service title, requester,
 * the form's text values) and the task's name, with German and English stemming (migration 020
 * keeps both in one tsvector per row, 032 copies the request's onto its tasks). Every word must match, each as a prefix, so "Druck" finds
 * "Druckers" while typing. Only letters and digits reach to_tsquery: no query syntax from the caller.
 */
import type { HttpError } from '../errors';

/** Budgets of the search box: characters of the whole query and words taken from it. */
export const SEARCH_MAX_CHARS = 200;
export const SEARCH_MAX_WORDS = 8;
/** Hits of a search counted at most (the list then says "1000+"); pages reach that far. */
export const SEARCH_COUNT_CAP = 1000;

/**
 * Planner settings of a search's statements (transaction-local, like `SET LOCAL`, in the search's own transaction): the
 * capped count from the GIN index only; the page of at most SEARCH_COUNT_CAP hits from the index and
 * sorted, of more hits as the planner likes (usually a walk of the list's order index).
 */
export const SEARCH_PLAN = {
  count: "SELECT set_config('enable_seqscan', 'off', true)",
  fewHits: "SELECT set_config('enable_indexscan', 'off', true), set_config('enable_indexonlyscan', 'off', true)",
  manyHits: "SELECT set_config('enable_seqscan', 'on', true)",
} as const;

/** The words of `q` (letters and digits), or undefined when there are none; 400 when `q` is too long. */
export function searchWords(q: string | undefined, invalid: (name: string, message: string) => HttpError): string[] | undefined {
  if (q === undefined || q.trim() === '') return undefined;
  if (q.length > SEARCH_MAX_CHARS) throw invalid('q', `must be at most ${SEARCH_MAX_CHARS} characters`);
  const words = q.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? [...new Set(words)].slice(0, SEARCH_MAX_WORDS) : undefined;
}

const wordQuery = (v: string) => `(to_tsquery('german', ${v}) || to_tsquery('english', ${v}))`;

/**
 * The SQL condition on task alias `t`: every word matches (each as a prefix, stemmed German or
 * English) the task's document — its name and its request's document, kept on the task row
 * (migration 032). One GIN index on tasks answers it; when a word is in nearly every task, the
 * planner walks the list's order instead and filters, which stops at the page's end.
 */
export function searchCondition(words: string[], $: (v: unknown) => string): string {
  // A reference as typed ("IT-2026-000123"): its request's tasks from the unique reference index, not
  // an intersection of "it*" and "2026*" that nearly every task matches.
  if (words.length === 3 && /^\p{L}{1,10}$/u.test(words[0]) && /^\d{4}$/.test(words[1]) && /^\d{6}$/.test(words[2])) {
    return `t.instance_id IN (SELECT sp.id FROM process_instances sp WHERE sp.reference = ${$(words.join('-').toUpperCase())})`;
  }
  return `t.search @@ (${words.map((w) => wordQuery($(`${w}:*`))).join(' && ')})`;
}
