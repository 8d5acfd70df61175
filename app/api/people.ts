import { api } from './client';
import type { DirectoryPerson } from './contract';
import type { ItemList } from './types';

/** People whose name or e-mail contains `q` (at least 2 characters), for the person picker. */
export const searchPeople = (q: string, limit: number, signal?: AbortSignal) =>
  api.get<ItemList<DirectoryPerson>>(`/api/directory/people?q=${encodeURIComponent(q)}&limit=${limit}`, signal);
/** The people behind these exact e-mail addresses (at most 50); unknown addresses are missing from the answer. */
export const lookupPeople = (emails: readonly string[]) =>
  api.get<ItemList<DirectoryPerson>>(`/api/directory/people?email=${emails.map(encodeURIComponent).join(',')}`);

/**
 * Who is behind a stored e-mail address, for showing a person field's value by name.
 * Look-ups are cached for the page and batched: every person field that asks in the same
 * turn of the event loop (a form with several of them, as it renders) shares one request.
 * Failed look-ups are not cached, so the next form tries again; an unknown address answers null.
 */
const MAX_PER_REQUEST = 50; // the API's limit per request
/** The API refuses anything else; such values are shown as they are, without asking. */
const EMAIL = /^[^\s@,]+@[^\s@,]+$/;

const cache = new Map<string, Promise<DirectoryPerson | null>>();
let queued: { emails: Set<string>; answer: Promise<Map<string, DirectoryPerson>> } | null = null;

async function fetchBatch(emails: string[]): Promise<Map<string, DirectoryPerson>> {
  const found = new Map<string, DirectoryPerson>();
  for (let i = 0; i < emails.length; i += MAX_PER_REQUEST) {
    const { items } = await lookupPeople(emails.slice(i, i + MAX_PER_REQUEST));
    for (const person of items) found.set(person.email.toLowerCase(), person);
  }
  return found;
}

export function personByEmail(email: string): Promise<DirectoryPerson | null> {
  const key = email.trim().toLowerCase();
  if (!EMAIL.test(key) || key.length > 254) return Promise.resolve(null);
  const cached = cache.get(key);
  if (cached) return cached;
  if (!queued) {
    const emails = new Set<string>();
    const answer = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      queued = null;
      return fetchBatch([...emails]);
    });
    queued = { emails, answer };
  }
  queued.emails.add(key);
  const person = queued.answer.then((found) => found.get(key) ?? null);
  cache.set(key, person);
  person.catch(() => {
    if (cache.get(key) === person) cache.delete(key);
  });
  return person;
}

/** Forgets every look-up (for tests, and whoever needs fresh names). */
export function clearPeopleCache(): void {
  cache.clear();
}
