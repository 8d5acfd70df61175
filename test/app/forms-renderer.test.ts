import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leaveRequestForm } from '../fixtures/forms/samples';
import FormRenderer from '../../app/forms/renderer/FormRenderer.vue';
import { createAppI18n } from '../../app/i18n';
import type { FormDefinition } from '../../common/forms/types';
import { settle } from './support';

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  document.body.innerHTML = '';
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

function render(props: Record<string, unknown> = {}, locale: 'de' | 'en' = 'de', definition: FormDefinition = leaveRequestForm) {
  wrapper = mount(FormRenderer, { props: { definition, ...props }, global: { plugins: [createAppI18n(locale)] }, attachTo: document.body });
  return wrapper;
}
const byLabel = (text: string) => {
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.replace(' *', '').trim() === text);
  return label ? document.getElementById(label.htmlFor) as HTMLInputElement : null;
};
async function type(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
  el.dispatchEvent(new Event('blur'));
  await settle();
}
const submit = async () => {
  document.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle();
};

describe('form renderer', () => {
  it('labels every control in the UI language and marks required ones', async () => {
    render();
    expect(byLabel('Erster Tag')?.type).toBe('date');
    expect(byLabel('Tage')?.getAttribute('aria-required')).toBe('true');
    expect(byLabel('Tage')?.getAttribute('aria-describedby')).toMatch(/-help$/);
    expect(byLabel('Grund')?.tagName).toBe('SELECT');
    expect(document.querySelector('h3')?.textContent).toBe('Urlaubsantrag');
    wrapper!.unmount();
    render({}, 'en');
    expect(byLabel('First day')).not.toBeNull();
  });

  it('on a wrong submit shows an error summary, marks fields aria-invalid and moves focus to the summary', async () => {
    const w = render();
    await type(byLabel('Tage')!, '45');
    await submit();
    const summary = document.querySelector('[data-testid=error-summary]') as HTMLElement;
    expect(summary.getAttribute('role')).toBe('alert');
    expect(document.activeElement).toBe(summary);
    expect([...summary.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Erster Tag: Bitte füllen Sie dieses Feld aus.', 'Grund: Bitte füllen Sie dieses Feld aus.', 'Tage: Der Wert muss höchstens 30 sein.']);
    const days = byLabel('Tage')!;
    expect(days.getAttribute('aria-invalid')).toBe('true');
    const describedBy = days.getAttribute('aria-describedby')!.split(' ');
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain('Der Wert muss höchstens 30 sein.');
    expect(w.emitted('submit')).toBeUndefined();

    // The summary's links lead the keyboard to the field.
    (summary.querySelectorAll('a')[0] as HTMLAnchorElement).click();
    expect(document.activeElement).toBe(byLabel('Erster Tag'));
  });

  it('validates while typing only fields the user has left, and shows the conditional field when its condition holds', async () => {
    render();
    expect(byLabel('Welcher Grund?')).toBeNull();
    await type(byLabel('Grund')!, 'other');
    const other = byLabel('Welcher Grund?')!;
    expect(other).not.toBeNull();
    expect(other.getAttribute('aria-required')).toBe('true');
    expect(byLabel('Erster Tag')!.getAttribute('aria-invalid')).toBeNull();
    await type(other, 'kurz');
    expect(other.getAttribute('aria-invalid')).toBe('true');
    await type(other, 'Umzug in eine neue Stadt');
    expect(other.getAttribute('aria-invalid')).toBeNull();
  });

  it('emits only the cleaned data of a valid form (hidden fields dropped)', async () => {
    const w = render({ modelValue: { otherReason: 'left over from before' } });
    await type(byLabel('Erster Tag')!, '2030-05-01');
    await type(byLabel('Tage')!, '5');
    await type(byLabel('Grund')!, 'vacation');
    await submit();
    expect(w.emitted('submit')).toEqual([[{ startDate: '2030-05-01', days: 5, reason: 'vacation' }]]);
  });

  it("maps the server's 422 errors to the fields the same way", async () => {
    render({ serverErrors: [{ path: '/startDate', message: 'must be after today', keyword: 'formatMinimum' }, { path: '/days', message: 'is required', keyword: 'required' }] }, 'en');
    await settle();
    const summary = document.querySelector('[data-testid=error-summary]')!;
    expect(summary.textContent).toContain('First day: must be after today');
    expect(summary.textContent).toContain('Days: Please fill in this field.');
    expect(byLabel('First day')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('adds and removes items of a repeating group with buttons', async () => {
    render();
    const add = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Eintrag hinzufügen')!;
    add.click();
    await settle();
    expect(document.querySelectorAll('[role=group]')).toHaveLength(1);
    expect(byLabel('Name')).not.toBeNull();
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Eintrag 1 entfernen')!.click();
    await settle();
    expect(document.querySelectorAll('[role=group]')).toHaveLength(0);
  });
});
