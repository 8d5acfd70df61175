import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Shared by the server (which decides) and the browser (which shows the same verdict while a
 * person types). Rules for a new password after NIST SP 800-63B (section 5.1.1.2): a minimum length, a generous
 * maximum, no composition rules, and a check against passwords known to be common. Passwords that
 * exist already (the demo accounts' "demo") are not re-checked: the policy applies when a password
 * is set.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'personal';

let common: Set<string> | null = null;
/** The common-password list of @zxcvbn-ts/language-common (about 50,000 entries), lower case. */
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Length as a person counts it: Unicode code points after NFKC normalisation, as 800-63B says. */
export function passwordLength(password: string): number {
  return [...password.normalize('NFKC')].length;
}

/** One character repeated ("aaaaaaaaaaaa") or a run up or down the character table ("abcdefghijkl", "987654321098" is not one). */
function predictable(p: string): boolean {
  const cps = [...p].map((ch) => ch.codePointAt(0)!);
  if (cps.every((c) => c === cps[0])) return true;
  const step = cps[1] - cps[0];
  return Math.abs(step) === 1 && cps.every((c, i) => i === 0 || c - cps[i - 1] === step);
}

/** The first rule a new password breaks, or null when it may be used. */
export function passwordProblem(password: string, account: { email?: string | null; name?: string | null } = {}): PasswordProblem | null {
  const length = passwordLength(password);
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const p = password.normalize('NFKC').toLowerCase();
  const compact = p.replace(/\s+/g, '');
  const email = account.email?.trim().toLowerCase();
  const personal = [email, email?.split('@')[0], account.name?.trim().toLowerCase(), account.name?.toLowerCase().replace(/\s+/g, '')].filter(
    (x): x is string => !!x && x.length >= 3,
  );
  if (personal.some((x) => p === x || compact === x)) return 'personal';
  const list = commonPasswords();
  // A common word with digits or symbols only around it ("password2024!") counts as common too.
  const core = compact.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (list.has(p) || list.has(compact) || (core.length >= 4 && list.has(core)) || predictable(compact)) return 'common';
  return null;
}
