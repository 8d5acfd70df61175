import { api, ApiError } from '../../api/client';

// A local view of the forms engineer's model (server/forms/types.ts); kept loose so the portal
// renders any definition the designer produces until app/forms ships its own renderer.
export interface LocalText {
  de?: string;
  en?: string;
}

export interface UiFieldDef {
  key: string;
  kind: string;
  label?: LocalText;
  help?: LocalText;
  options?: { value: string; label: LocalText }[];
  currency?: string;
  source?: string;
}

export interface SchemaProperty {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  items?: SchemaProperty;
  default?: unknown;
}

export interface FormDefinitionView {
  schema: { type?: string; properties?: Record<string, SchemaProperty>; required?: string[] };
  ui?: { fields?: UiFieldDef[] };
}

/** A field ready to render: kind and texts resolved for the UI language. */
export interface RenderField {
  key: string;
  kind: 'text' | 'textarea' | 'number' | 'integer' | 'date' | 'datetime' | 'email' | 'phone' | 'select' | 'radio' | 'multiselect' | 'checkbox' | 'yesno' | 'heading' | 'readonly';
  label: string;
  help: string;
  required: boolean;
  options: { value: string; label: string }[];
  suffix: string;
}

export function localText(text: LocalText | undefined, locale: string, fallback = ''): string {
  if (!text) return fallback;
  return (locale === 'de' ? text.de || text.en : text.en || text.de) || fallback;
}

/** Loads a form by key; a missing form (404) means the step needs no input. */
export async function loadFormDefinition(formKey: string): Promise<FormDefinitionView | null> {
  try {
    const form = await api.get<{ definition?: FormDefinitionView } & Partial<FormDefinitionView>>(`/api/forms/${encodeURIComponent(formKey)}`);
    // The forms API answers the stored version ({definition: {schema, ui}}); accept the bare shape too.
    if (form.definition?.schema) return form.definition;
    if (form.schema) return { schema: form.schema, ui: form.ui };
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

const KIND_ALIASES: Record<string, RenderField['kind']> = {
  text: 'text', textarea: 'textarea', number: 'number', money: 'number', date: 'date', datetime: 'datetime', email: 'email', phone: 'phone',
  select: 'select', radio: 'radio', multiselect: 'multiselect', checkbox: 'checkbox', yesno: 'yesno', heading: 'heading', readonly: 'readonly', person: 'email',
};

function kindFromSchema(prop: SchemaProperty): RenderField['kind'] {
  const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
  if (prop.enum) return 'select';
  if (type === 'boolean') return 'yesno';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'array' && prop.items?.enum) return 'multiselect';
  if (prop.format === 'date') return 'date';
  if (prop.format === 'date-time') return 'datetime';
  if (prop.format === 'email') return 'email';
  return 'text';
}

/** The fields to render, in UI-schema order (or schema order when there is no UI schema). */
export function renderFields(def: FormDefinitionView, locale: string): RenderField[] {
  const props = def.schema.properties ?? {};
  const required = new Set(def.schema.required ?? []);
  const uiFields = def.ui?.fields ?? Object.keys(props).map((key) => ({ key, kind: '' }) as UiFieldDef);
  const fields: RenderField[] = [];
  for (const ui of uiFields) {
    const prop = props[ui.key] ?? {};
    let kind = KIND_ALIASES[ui.kind] ?? kindFromSchema(prop);
    // Repeating groups and uploads need the forms engineer's renderer; until then a text field.
    if (ui.kind === 'group' || ui.kind === 'file') kind = 'textarea';
    if (kind === 'number' && (Array.isArray(prop.type) ? prop.type.includes('integer') : prop.type === 'integer')) kind = 'integer';
    const values = (prop.enum ?? prop.items?.enum ?? []).map(String);
    const options = ui.options?.length ? ui.options.map((o) => ({ value: o.value, label: localText(o.label, locale, o.value) })) : values.map((v) => ({ value: v, label: v }));
    fields.push({
      key: ui.key,
      kind,
      label: localText(ui.label, locale, prop.title ?? ui.key),
      help: localText(ui.help, locale, prop.description ?? ''),
      required: required.has(ui.key),
      options,
      suffix: ui.currency ?? '',
    });
  }
  return fields;
}

/** Form values as the API expects them: empty fields left out, numbers as numbers. */
export function toVariables(fields: RenderField[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === 'heading' || field.kind === 'readonly') continue;
    const value = values[field.key];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0 && !field.required) continue;
    if (field.kind === 'number' || field.kind === 'integer') {
      const n = Number(value);
      out[field.key] = Number.isNaN(n) ? value : n;
    } else if (field.kind === 'datetime' && typeof value === 'string') {
      const d = new Date(value);
      out[field.key] = Number.isNaN(d.getTime()) ? value : d.toISOString();
    } else out[field.key] = value;
  }
  return out;
}

/** Starting values: saved data (a draft or the request's variables) or the schema defaults. */
export function initialValues(def: FormDefinitionView, fields: RenderField[], saved: Record<string, unknown> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = saved[field.key] ?? def.schema.properties?.[field.key]?.default;
    if (field.kind === 'multiselect') values[field.key] = Array.isArray(value) ? [...value] : [];
    else if (field.kind === 'datetime' && typeof value === 'string') values[field.key] = value.slice(0, 16);
    else values[field.key] = value ?? (field.kind === 'checkbox' ? false : '');
  }
  return values;
}
