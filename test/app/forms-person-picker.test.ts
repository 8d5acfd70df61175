import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import FormRenderer from '../../app/forms/renderer/FormRenderer.vue';
import { clearPeopleCache } from '../../app/api/people';
import { createAppI18n } from '../../app/i18n';
import RequestData from '../../app/requests/RequestData.vue';
import type { FormDefinition } from '../../common/forms/types';
import { mockFetch, settle } from './support';

const form: FormDefinition = {
  schema: { type: 'object', properties: { manager: { type: 'string', format: 'email' } }, required: ['manager'] },
  ui: { fields: [{ key: 'manager', kind: 'person', label: { de: 'Vorgesetzte Person', en: 'Manager' } }] },
};
const greta = { name: 'Greta Graf', email: 'agent.hr@lotse.demo', department: 'HR' };
const gerd = { name: 'Gerd Gans', email: 'gerd@lotse.demo', department: null };

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  document.body.innerHTML = '';
  clearPeopleCache();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.unstubAllGlobals();
});

function render(locale: 'de' | 'en' = 'de') {
  wrapper = mount(FormRenderer, { props: { definition: form }, global: { plugins: [createAppI18n(locale)] }, attachTo: document.body });
  return wrapper;
}
const combobox = () => document.querySelector('[role=combobox]') as HTMLInputElement;
const options = () => [...document.querySelectorAll('[role=option]')] as HTMLElement[];
const listbox = () => document.querySelector('[role=listbox]') as HTMLElement;
const liveStatus = () => document.querySelector('.person-picker [role=status]')!.textContent;
const debounce = () => new Promise((resolve) => setTimeout(resolve, 300));
async function type(value: string) {
  combobox().value = value;
  combobox().dispatchEvent(new Event('input'));
  await settle();
}
async function key(name: string) {
  const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true });
  combobox().dispatchEvent(event);
  await settle();
  return event;
}

describe('person picker', () => {
  it('is a labelled combobox that searches after a pause and lists name, e-mail and department', async () => {
    const { calls } = mockFetch({ 'GET /api/directory/people?q=gr&limit=10': { body: { items: [greta, gerd] } } });
    render();
    const input = combobox();
    expect(document.querySelector(`label[for="${input.id}"]`)?.textContent).toContain('Vorgesetzte Person');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('aria-controls')).toBe(listbox().id);
    expect(input.getAttribute('aria-required')).toBe('true');

    await type('g');
    await debounce();
    expect(calls).toHaveLength(0); // one character does not search

    await type('gr');
    expect(calls).toHaveLength(0); // not before the pause
    expect(input.getAttribute('aria-busy')).toBeNull();
    await debounce();
    await settle();
    expect(calls.map((c) => c.path)).toEqual(['/api/directory/people?q=gr&limit=10']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(options().map((o) => o.textContent)).toEqual(['Greta Grafagent.hr@lotse.demo · HR', 'Gerd Gansgerd@lotse.demo']);
    expect(liveStatus()).toBe('2 Personen gefunden, mit Pfeiltasten wählen');
  });

  it('shows that it is searching while the directory has not answered', async () => {
    let answer: (v: unknown) => void = () => {};
    mockFetch({ 'GET /api/directory/people?q=gr&limit=10': () => new Promise((resolve) => (answer = () => resolve({ body: { items: [greta] } }))) });
    render();
    await type('gr');
    await debounce();
    expect(combobox().getAttribute('aria-busy')).toBe('true');
    expect(liveStatus()).toBe('Suche läuft …');
    expect(document.querySelector('.person-picker-spinner')).not.toBeNull();
    answer(null);
    await settle();
    expect(combobox().getAttribute('aria-busy')).toBeNull();
    expect(options()).toHaveLength(1);
  });

  it('works by keyboard: arrows move the active option, Enter picks the e-mail, Escape closes and then clears', async () => {
    mockFetch({ 'GET /api/directory/people?q=gr&limit=10': { body: { items: [greta, gerd] } } });
    const w = render();
    await type('gr');
    await debounce();
    await settle();
    const input = combobox();

    await key('ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[0].id);
    expect(options()[0].getAttribute('aria-selected')).toBe('true');
    await key('ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[1].id);
    await key('ArrowDown'); // wraps around
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[0].id);
    await key('ArrowUp');
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[1].id);
    await key('ArrowUp');

    const enter = await key('Enter');
    expect(enter.defaultPrevented).toBe(true); // picking does not submit the form
    expect(input.value).toBe('agent.hr@lotse.demo');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();
    const hint = document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(hint.textContent).toBe('Gewählt: Greta Graf (HR)');
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual([{ manager: 'agent.hr@lotse.demo' }]);

    // Escape with the list open closes it; with it closed it clears the field.
    await key('ArrowDown');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    await key('Escape');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.value).toBe('agent.hr@lotse.demo');
    await key('Escape');
    expect(input.value).toBe('');
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual([{}]);
  });

  it('picks with the mouse and submits the e-mail the schema declares', async () => {
    mockFetch({ 'GET /api/directory/people?q=gerd&limit=10': { body: { items: [gerd] } } });
    const w = render();
    await type('gerd');
    await debounce();
    await settle();
    options()[0].click();
    await settle();
    expect(combobox().value).toBe('gerd@lotse.demo');
    document.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(w.emitted('submit')).toEqual([[{ manager: 'gerd@lotse.demo' }]]);
  });

  it('marks the field invalid when nothing is picked, and says so in English too', async () => {
    mockFetch({ 'GET /api/directory/people?q=nobody&limit=10': { body: { items: [] } } });
    render('en');
    document.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(combobox().getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelector('[data-testid=error-summary]')!.textContent).toContain('Manager: Please fill in this field.');

    await type('nobody');
    await debounce();
    await settle();
    expect(liveStatus()).toBe('Nobody found');
    expect(combobox().getAttribute('aria-expanded')).toBe('false');
    // Typed text that is no address stays as typed and the e-mail check reports it.
    expect(document.querySelector('[data-testid=error-summary]')!.textContent).toContain('Manager: Please enter a valid e-mail address.');
  });

  it('tells the user when the search fails', async () => {
    mockFetch({ 'GET /api/directory/people?q=gr&limit=10': { status: 500, body: { error: 'Internal server error', code: 'internal' } } });
    render();
    await type('gr');
    await debounce();
    await settle();
    expect(liveStatus()).toBe('Die Personensuche ist gerade nicht möglich.');
    expect(options()).toHaveLength(0);
  });
});

describe('person picker with a stored value', () => {
  const team: FormDefinition = {
    schema: {
      type: 'object',
      properties: { manager: { type: 'string', format: 'email' }, deputy: { type: 'string', format: 'email' }, guest: { type: 'string', format: 'email' } },
    },
    ui: {
      fields: [
        { key: 'manager', kind: 'person', label: { de: 'Vorgesetzte Person', en: 'Manager' } },
        { key: 'deputy', kind: 'person', label: { de: 'Vertretung', en: 'Deputy' } },
        { key: 'guest', kind: 'person', label: { de: 'Gast', en: 'Guest' } },
      ],
    },
  };
  const stored = { manager: 'Agent.HR@lotse.demo', deputy: 'gerd@lotse.demo', guest: 'extern@example.org' };
  const lookupPath = `/api/directory/people?email=${['agent.hr@lotse.demo', 'gerd@lotse.demo', 'extern@example.org'].map(encodeURIComponent).join(',')}`;

  function renderStored(readonly: boolean) {
    wrapper = mount(FormRenderer, {
      props: { definition: team, modelValue: stored, readonly },
      global: { plugins: [createAppI18n('de')] },
      attachTo: document.body,
    });
    return wrapper;
  }
  const field = (label: string) => {
    const id = [...document.querySelectorAll('label')].find((l) => l.textContent === label)!.getAttribute('for')!;
    return document.getElementById(id) as HTMLInputElement;
  };
  const hint = (input: HTMLInputElement) => document.getElementById(`${input.id}-picked`)!.textContent;

  it('read-only, shows the name with the e-mail (and department) below, from one look-up for all fields', async () => {
    const { calls } = mockFetch({ [`GET ${lookupPath}`]: { body: { items: [greta, gerd] } } });
    renderStored(true);
    await settle();
    expect(calls.map((c) => c.path)).toEqual([lookupPath]);

    const manager = field('Vorgesetzte Person');
    expect(manager.value).toBe('Greta Graf');
    expect(manager.getAttribute('aria-describedby')).toContain(`${manager.id}-picked`);
    expect(hint(manager)).toBe('agent.hr@lotse.demo · HR');
    expect(field('Vertretung').value).toBe('Gerd Gans');
    expect(hint(field('Vertretung'))).toBe('gerd@lotse.demo');
    // Nobody in the directory has this address: it stays shown as it is.
    expect(field('Gast').value).toBe('extern@example.org');
    expect(hint(field('Gast'))).toBe('');
  });

  it('editable, keeps the address in the field and names the person as a pick does; the value is unchanged', async () => {
    const { calls } = mockFetch({ [`GET ${lookupPath}`]: { body: { items: [greta, gerd] } } });
    const w = renderStored(false);
    await settle();
    expect(field('Vorgesetzte Person').value).toBe('Agent.HR@lotse.demo');
    expect(hint(field('Vorgesetzte Person'))).toBe('Gewählt: Greta Graf (HR)');
    expect(hint(field('Vertretung'))).toBe('Gewählt: Gerd Gans');
    expect(hint(field('Gast'))).toBe('');
    expect(w.emitted('update:modelValue')).toBeUndefined();

    // The look-ups are cached for the page: the same form again asks nobody.
    w.unmount();
    wrapper = null;
    renderStored(true);
    await settle();
    expect(field('Vorgesetzte Person').value).toBe('Greta Graf');
    expect(calls).toHaveLength(1);
  });

  it('shows the address when the directory cannot answer, and asks again next time', async () => {
    const { calls } = mockFetch({ [`GET ${lookupPath}`]: { status: 500, body: { error: 'Internal server error', code: 'internal' } } });
    renderStored(true);
    await settle();
    expect(field('Vorgesetzte Person').value).toBe('Agent.HR@lotse.demo');
    expect(hint(field('Vorgesetzte Person'))).toBe('');
    wrapper!.unmount();
    wrapper = null;
    renderStored(true);
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('does not look up a value that is no e-mail address', async () => {
    const { calls } = mockFetch({});
    wrapper = mount(FormRenderer, {
      props: { definition: team, modelValue: { manager: 'Greta' }, readonly: true },
      global: { plugins: [createAppI18n('de')] },
      attachTo: document.body,
    });
    await settle();
    expect(calls).toHaveLength(0);
    expect(field('Vorgesetzte Person').value).toBe('Greta');
  });
});

describe('request data (portal request detail, task detail) with a person\'s address', () => {
  it('shows a colleague by name with the address beside it; other values and unknown addresses stay as they are', async () => {
    const path = `/api/directory/people?email=${['agent.hr@lotse.demo', 'extern@example.org'].map(encodeURIComponent).join(',')}`;
    const { calls } = mockFetch({ [`GET ${path}`]: { body: { items: [greta] } } });
    wrapper = mount(RequestData, {
      props: { variables: { manager: 'agent.hr@lotse.demo', contact: 'extern@example.org', item: 'laptop', _internal: 'x@y.z' } },
      global: { plugins: [createAppI18n('de')] },
      attachTo: document.body,
    });
    await settle();
    expect(calls.map((c) => c.path)).toEqual([path]);
    const values = [...document.querySelectorAll('[data-testid=request-data] dd')].map((dd) => dd.textContent);
    expect(values).toEqual(['Greta Graf (agent.hr@lotse.demo)', 'extern@example.org', 'laptop']);
  });
});
