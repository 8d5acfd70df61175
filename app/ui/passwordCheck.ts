import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH, passwordLength, passwordProblem, type PasswordProblem } from '../../common/password-policy';

/**
 * Loaded on demand (the dictionaries weigh about a megabyte): the server's NIST rules
 * (common/password-policy.ts, so the verdict is the one the server will give) and zxcvbn's
 * estimate of how hard the password is to guess, 0–4.
 */
const zxcvbn = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary });

export interface PasswordAssessment {
  problem: PasswordProblem | null;
  /** 0 (very weak) … 4 (very strong); a password the rules refuse counts at most 1. */
  score: number;
  /** Characters still missing to the minimum length. */
  missing: number;
}

export function assessPassword(password: string, account: { email?: string | null; name?: string | null } = {}): PasswordAssessment {
  const problem = passwordProblem(password, account);
  const inputs = [account.email, account.name].filter((x): x is string => !!x);
  const score = zxcvbn.check(password.slice(0, 100), inputs).score;
  return { problem, score: problem ? Math.min(score, 1) : score, missing: Math.max(0, MIN_PASSWORD_LENGTH - passwordLength(password)) };
}
