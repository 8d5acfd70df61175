import { validationFailed, type FieldError } from '../errors';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from '../../common/password-policy';

/** The password rules live in common/ so the browser shows the verdict the server will give. */
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordLength, passwordProblem, type PasswordProblem } from '../../common/password-policy';

const messages: Record<PasswordProblem, string> = {
  too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  too_long: `must be at most ${MAX_PASSWORD_LENGTH} characters long`,
  common: 'is a commonly used password; choose another one',
  personal: 'must not be the e-mail address or the name of the account',
};

/** Throws 422 with `path` (default `/password`, and a stable `code` on the field error) when a new password breaks the policy. */
export function checkNewPassword(password: string, account: { email?: string | null; name?: string | null } = {}, path = '/password'): void {
  const problem = passwordProblem(password, account);
  if (!problem) return;
  const error: FieldError = { path, message: messages[problem], code: `password_${problem}` };
  throw validationFailed([error], `The password ${messages[problem]}`);
}
