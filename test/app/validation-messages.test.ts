import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validationMessage } from '../../common/forms/messages';
import { mockFetch, makeMe, mountApp, settle } from './support';

// Issue #18 point 2: what ajv reports reads as a sentence in the reader's language, in dialogs and forms.
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

/** The 422 the server sends for an empty name (ajv's English message, keyword and params). */
const emptyName = {
  status: 422,
  body: { error: 'The input is not valid', code: 'validation', errors: [{ path: '/name', message: 'must NOT have fewer than 1 characters', keyword: 'minLength', params: { limit: 1 } }] },
};

function byLabel(label: string): HTMLInputElement {
  const found = [...document.querySelectorAll('dialog label')].find((l) => l.textContent?.replace('*', '').trim() === label);
  if (!found) throw new Error(`no label ${label}`);
  return document.getElementById(found.getAttribute('for') as string) as HTMLInputElement;
}

describe.each([
  { locale: 'de' as const, name: 'Name', email: 'E-Mail', password: 'Passwort', expected: 'Bitte füllen Sie dieses Feld aus.' },
  { locale: 'en' as const, name: 'Name', email: 'Email', password: 'Password', expected: 'Please fill in this field.' },
])('validation messages in $locale', ({ locale, name, email, password, expected }) => {
  it('the new-user dialog says what to do at the field, not ajv\'s "must NOT have fewer than 1 characters"', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal', 'admin'], { roles: [{ role: 'admin' }] }) } },
      'GET /api/admin/users': { body: { items: [] } },
      'GET /api/admin/groups': { body: { items: [] } },
      'GET /api/departments': { body: { items: [] } },
      'POST /api/admin/users': emptyName,
    });
    const { wrapper } = await mountApp('/admin/users', { locale });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=new-user]').exists()).toBe(true));
    await wrapper.find('[data-testid=new-user]').trigger('click');
    await settle();
    for (const [label, value] of [[email, 'neu@lotse.demo'], [password, 'lantern orbit velvet']]) {
      const input = byLabel(label);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    document.querySelector<HTMLFormElement>('[data-testid=user-form]')!.dispatchEvent(new Event('submit'));
    await settle();
    const input = byLabel(name);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe(expected);
    expect(document.body.textContent).not.toContain('must NOT');
    // The app asks the server for its messages in the language it shows.
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.headers['Accept-Language']).toBe(locale);
    wrapper.unmount();
  });
});

describe('validationMessage (ajv-i18n, both languages)', () => {
  const cases: [Parameters<typeof validationMessage>[0], string, string][] = [
    [{ keyword: 'required', params: { missingProperty: 'reason' } }, 'Bitte füllen Sie dieses Feld aus.', 'Please fill in this field.'],
    [{ keyword: 'maxLength', params: { limit: 80 } }, 'Der Wert darf nicht länger als 80 Zeichen sein.', 'The value must not be longer than 80 characters.'],
    [{ keyword: 'minimum', params: { comparison: '>=', limit: 1 } }, 'Der Wert muss mindestens 1 sein.', 'The value must be at least 1.'],
    [{ keyword: 'type', params: { type: 'integer' } }, 'Der Wert muss eine ganze Zahl sein.', 'The value must be a whole number.'],
    [{ keyword: 'format', params: { format: 'email' } }, 'Bitte geben Sie eine gültige E-Mail-Adresse ein.', 'Please enter a valid e-mail address.'],
    [{ keyword: 'pattern', params: { pattern: '^[a-z]+$' } }, 'Der Wert hat nicht die erwartete Form.', 'The value does not have the expected form.'],
    [{ keyword: 'additionalProperties', params: { additionalProperty: 'x' } }, 'Dieses Feld ist hier nicht vorgesehen.', 'This field is not expected here.'],
  ];
  it.each(cases)('%j', (problem, de, en) => {
    expect(validationMessage(problem, 'de')).toBe(de);
    expect(validationMessage(problem, 'en')).toBe(en);
  });

  it('names the field when a label is given (for a summary above the form)', () => {
    expect(validationMessage({ keyword: 'required' }, 'de', 'Grund')).toBe('Bitte füllen Sie „Grund“ aus.');
    expect(validationMessage({ keyword: 'maxItems', params: { limit: 3 } }, 'en', 'Rooms')).toBe('“Rooms” must not have more than 3 items.');
  });
});
