/**
 * Camunda 8's boolean and string extensions (docs.camunda.io, FEEL built-in functions, 8.8), plus
 * `split` and `string join` redone where feelin differs: lists they make are charged to the budget.
 */
import { chargeItems, countedList } from '../feel-budget';
import { builtin, feelFn, isList, nil, type FeelFn } from './util';

/** `assert()` failed: the evaluation fails with the given cause (an incident, as in Camunda). */
export class FeelAssertionError extends Error {
  constructor(cause: string) {
    super(cause);
    this.name = 'FeelAssertionError';
  }
}

const feelinSplit = builtin('split');
const feelinMatches = builtin('matches');
const feelinReplace = builtin('replace');

/**
 * The pattern of the `x` (comments) flag, which feelin does not implement, in plain form: as in
 * Java's COMMENTS mode, whitespace is dropped and `#` starts a comment to the end of the line;
 * an escaped space or `#` (`\ `, `\#`) stays, as the plain character.
 */
export function withoutComments(pattern: string): string {
  let out = '';
  let comment = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (comment) {
      comment = c !== '\n';
    } else if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      out += /[\s#]/.test(next) ? next : c + next; // `\ ` and `\#` are literal (and no escape in a u-flag RegExp)
    } else if (c === '#') {
      comment = true;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/** Flags with `x` applied to the pattern (feelin refuses the flag itself). */
function applyX(pattern: unknown, flags: unknown): [unknown, unknown] {
  if (typeof pattern !== 'string' || typeof flags !== 'string' || !flags.includes('x')) return [pattern, flags];
  return [withoutComments(pattern), flags.replace(/x/g, '')];
}

function regexp(pattern: string, flags: string): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

function utf8Base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export const textFunctions: Record<string, FeelFn> = {
  // boolean (Camunda extensions)
  'is defined': feelFn(['value'], (value) => !nil(value)),
  'get or else': feelFn(['value', 'default'], (value, fallback) => (nil(value) ? (fallback ?? null) : value)),
  assert: feelFn(['value', 'condition', 'cause'], (value, condition, cause) => {
    if (condition === true) return value ?? null;
    throw new FeelAssertionError(typeof cause === 'string' ? cause : 'the assertion is not fulfilled');
  }),

  // string (Camunda extensions)
  extract: feelFn(['string', 'pattern'], (text, pattern) => {
    if (typeof text !== 'string' || typeof pattern !== 'string') return null;
    const re = regexp(pattern, 'gu');
    if (!re) return null;
    const found: string[] = [];
    for (const m of text.matchAll(re)) {
      chargeItems(1);
      found.push(m[0]);
    }
    return countedList(found);
  }),
  trim: feelFn(['string'], (text) => (typeof text === 'string' ? text.trim() : null)),
  uuid: feelFn([], () => globalThis.crypto.randomUUID()),
  'to base64': feelFn(['value'], (text) => (typeof text === 'string' ? utf8Base64(text) : null)),
  // newer than 8.8 (camunda/feel-scala main): decodes to UTF-8 text; invalid Base64 gives null
  'from base64': feelFn(['value'], (text) => {
    if (typeof text !== 'string') return null;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
    } catch {
      return null;
    }
  }),
  'is blank': feelFn(['string'], (text) => (typeof text === 'string' ? text.trim() === '' : null)),

  // standard functions with the `x` flag feelin lacks
  matches: feelFn(['input', 'pattern', 'flags'], (input, pattern, flags) => feelinMatches(input, ...applyX(pattern, flags))),
  replace: feelFn(['input', 'pattern', 'replacement', 'flags'], (input, pattern, replacement, flags) => {
    const [p, f] = applyX(pattern, flags);
    return feelinReplace(input, p, replacement, f);
  }),

  // standard functions whose lists Lotse charges to the evaluation budget
  split: feelFn(['string', 'delimiter'], (text, delimiter) => {
    const parts = feelinSplit(text, delimiter);
    if (!isList(parts)) return parts;
    chargeItems(parts.length);
    return countedList(parts);
  }),
  'string join': feelFn(['list', 'delimiter', 'prefix', 'suffix'], (list, delimiter, prefix, suffix) => {
    if (!isList(list)) return null;
    chargeItems(list.length);
    if (list.some((s) => !nil(s) && typeof s !== 'string')) return null;
    for (const extra of [delimiter, prefix, suffix]) if (!nil(extra) && typeof extra !== 'string') return null;
    return `${prefix ?? ''}${list.filter((s) => !nil(s)).join(delimiter ?? '')}${suffix ?? ''}`;
  }),
};
