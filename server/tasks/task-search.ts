/**
 * The search box of the task list: full text over the request (reference, service title, requester,
 * the form's text values) and the task's name, with German and English stemming (migration 020
 * keeps both in one tsvector per row). Every word must match, each as a prefix, so "Druck" finds
 * "Druckers" while typing. Only letters and digits reach to_tsquery: no query syntax from the caller.
 */
import type { HttpError } from '../errors';

/** Budgets of the search box: characters of the whole query and words taken from it. */
export const SEARCH_MAX_CHARS = 200;
export const SEARCH_MAX_WORDS = 8;

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
 * English) the task's name or its request's document. The candidates come from the two GIN
 * indexes for the longest word, so a selective search never walks a whole queue; with more words
 * the task's and the request's documents together must match them all.
 */
export function searchCondition(words: string[], $: (v: unknown) => string): string {
  const params = words.map((w) => $(`${w}:*`));
  const longest = params[words.indexOf([...words].sort((a, b) => b.length - a.length)[0])];
  const driver = wordQuery(longest);
  const candidates = `SELECT st.id, st.instance_id, st.search FROM tasks st WHERE st.search @@ ${driver}
    UNION SELECT st.id, st.instance_id, st.search FROM process_instances sp JOIN tasks st ON st.instance_id = sp.id WHERE sp.search @@ ${driver}`;
  if (words.length === 1) return `t.id IN (SELECT c.id FROM (${candidates}) c)`;
  const all = params.map(wordQuery).join(' && ');
  return `t.id IN (SELECT c.id FROM (${candidates}) c JOIN process_instances sp ON sp.id = c.instance_id
    WHERE (coalesce(c.search, ''::tsvector) || coalesce(sp.search, ''::tsvector)) @@ (${all}))`;
}
