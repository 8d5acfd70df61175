import { useI18n } from 'vue-i18n';
import { ApiError, type FieldError } from '../api/client';
import { validationMessage } from '../../common/forms/messages';
import { describeError } from '../ui/useFormErrors';

/** The server's own (English) sentences for hand-made field errors, worded in the UI's language. */
const KNOWN: Record<string, string> = {
  'appears twice': 'retention.errors.twice',
  'is not a service of this department': 'retention.errors.notOwnService',
  'no user with this e-mail': 'retention.errors.noPerson',
  'no request of this department': 'retention.errors.noRequest',
  'name either a person (employeeEmail) or a request (instanceId or reference)': 'retention.errors.target',
};

/**
 * Turns a failed save into messages beside the fields: a 422's field paths (`/rules/2/years`,
 * `/employeeEmail`) become keys (`2/years`, `employeeEmail`); anything else is one sentence.
 */
export function useRetentionErrors() {
  const { t, locale } = useI18n();
  const word = (e: FieldError) => (KNOWN[e.message] && !e.keyword ? t(KNOWN[e.message]) : validationMessage(e, locale.value === 'de' ? 'de' : 'en'));
  function read(error: unknown): { fields: Record<string, string>; form: string } {
    if (error instanceof ApiError && error.status === 422 && error.errors.length) {
      const fields: Record<string, string> = {};
      for (const e of error.errors) {
        const key = e.path.replace(/^\/(rules\/)?/, '');
        fields[key] = fields[key] ? `${fields[key]} ${word(e)}` : word(e);
      }
      return { fields, form: t('retention.fieldErrors') };
    }
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return { fields: {}, form: t('retention.denied') };
    return { fields: {}, form: describeError(error, t) };
  }
  /** As `read`, for a list of rows sent in order: `2/years` becomes `<key of row 2>/years`. */
  function readRows<R>(error: unknown, sent: readonly R[], keyOf: (row: R) => string): { fields: Record<string, string>; form: string } {
    const { fields, form } = read(error);
    return {
      form,
      fields: Object.fromEntries(Object.entries(fields).map(([path, message]) => {
        const [index, field] = path.split('/');
        const row = sent[Number(index)];
        return [row && field ? `${keyOf(row)}/${field}` : path, message];
      })),
    };
  }
  return { read, readRows };
}
