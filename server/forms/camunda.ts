/**
 * Camunda Forms (form-js JSON) → Lotse form. Fields, labels, descriptions, validation and show/hide
 * conditions convert; everything else is left out and listed in `unsupported`, one entry per
 * component and feature, so the owner sees exactly what the preview lacks. Pure: no I/O.
 */
import { feelSyntaxError, stripEquals } from '../../common/feel';
import { checkDefinition } from '../../common/forms/definition';
import type { FieldKind, FormDefinition, JsonSchema, LocalText, UiField } from '../../common/forms/types';

export interface ImportIssue {
  /** JSON pointer of the component in the form-js file. */
  path: string;
  type: string;
  key?: string;
  message: string;
}

export interface CamundaImport {
  key: string;
  title: LocalText;
  definition: FormDefinition;
  unsupported: ImportIssue[];
}

type Component = Record<string, any>;

const PHONE_PATTERN = '^\\+?[0-9 ()/-]{5,20}$';
const TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const DROPPED: Record<string, string> = {
  html: 'HTML content is not supported',
  iframe: 'embedded pages (iframe) are not supported',
  image: 'images are not supported',
  table: 'tables of process data are not supported',
  documentPreview: 'document previews are not supported',
  expression: 'computed (expression) fields are not supported; compute the value in the process',
  range: 'range sliders are not supported; use a number field',
  button: 'buttons are left out: a Lotse form has its own submit button',
  spacer: 'spacers are left out (layout is by field width)',
  separator: 'separators are left out (layout is by field width)',
};

interface Scope {
  fields: UiField[];
  properties: Record<string, JsonSchema>;
  required: string[];
  /** The data path of an enclosing group with `path` (form-js nests its fields under it). */
  prefix?: string;
}

/** A form-js key (`a.b.c`) as a Lotse dotted key: each segment a FEEL name, at most six levels. */
function dottedKey(raw: string): string {
  return raw
    .split('.')
    .filter(Boolean)
    .slice(0, 6)
    .map((seg) => seg.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1').slice(0, 64))
    .join('.');
}

/** Puts a property schema at a dotted key, creating the nested object schemas on the way. */
function placeProperty(scope: Scope, key: string, schema: JsonSchema, required: boolean) {
  const segs = key.split('.');
  let holder: { properties: Record<string, JsonSchema>; required?: string[] } = scope;
  for (const seg of segs.slice(0, -1)) {
    const next = (holder.properties[seg] ??= { type: 'object', properties: {} }) as JsonSchema & { properties: Record<string, JsonSchema> };
    holder = next;
  }
  const leaf = segs[segs.length - 1];
  holder.properties[leaf] = schema;
  if (required) (holder.required ??= []).push(leaf);
}

/** Whether two dotted keys address the same value or one lies inside the other. */
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

class Converter {
  issues: ImportIssue[] = [];
  private headings = 0;

  issue(c: Component, path: string, message: string) {
    this.issues.push({ path, type: String(c.type ?? 'unknown'), ...(typeof c.key === 'string' ? { key: c.key } : {}), message });
  }

  private text(c: Component, path: string, value: unknown): LocalText | undefined {
    if (typeof value !== 'string' || value.trim() === '') return undefined;
    if (value.trim().startsWith('=')) {
      this.issue(c, path, `an expression as text is not supported: ${value.trim()}`);
      return undefined;
    }
    if (value.includes('{{')) this.issue(c, path, 'templates ({{ }}) in texts are shown as written');
    return { en: value.slice(0, 2000) };
  }

  private key(c: Component, path: string, scope: Scope): string | null {
    const raw = typeof c.key === 'string' ? c.key : '';
    if (!raw) {
      this.issue(c, path, 'a field without a key is left out');
      return null;
    }
    // Dotted keys stay nested objects in the data, as in Camunda (disputeDetails.disputeAmount.amount).
    const full = scope.prefix ? `${scope.prefix}.${raw}` : raw;
    const key = dottedKey(full);
    if (!key) {
      this.issue(c, path, `key "${raw}" is not usable; the field is left out`);
      return null;
    }
    if (key !== full) this.issue(c, path, `key "${full}" becomes "${key}" (special characters and more than six levels are not supported)`);
    if (scope.fields.some((f) => f.kind !== 'heading' && overlaps(f.key, key))) {
      this.issue(c, path, `key "${key}" is used twice (or inside another field's value); the second field is left out`);
      return null;
    }
    return key;
  }

  private common(c: Component, path: string, field: UiField) {
    const label = this.text(c, path, c.label ?? c.dateLabel);
    if (label) field.label = label;
    const help = this.text(c, path, c.description);
    if (help) field.help = help;
    const hide = c.conditional?.hide;
    if (typeof hide === 'string' && hide.trim()) {
      const expr = `not(${stripEquals(hide)})`;
      const problem = feelSyntaxError(expr);
      if (problem) this.issue(c, path, `the hide condition is left out: ${problem}`);
      else field.showIf = `=${expr}`;
    }
    const columns = c.layout?.columns;
    if (typeof columns === 'number') field.width = columns <= 6 ? 'third' : columns <= 10 ? 'half' : 'full';
    if (c.readonly !== undefined && c.readonly !== false) this.issue(c, path, 'read-only input fields are not supported; the field is editable');
    if (c.disabled === true) this.issue(c, path, 'disabled fields are not supported; the field is editable');
    if (c.properties && Object.keys(c.properties).length) this.issue(c, path, 'custom properties are left out');
  }

  private options(c: Component, path: string): { values: string[]; options: UiField['options'] } | null {
    if (c.valuesKey || c.valuesExpression) {
      this.issue(c, path, 'options from process data (valuesKey / valuesExpression) are not supported; the field becomes a text field');
      return null;
    }
    const values: { label?: string; value: unknown }[] = Array.isArray(c.values) ? c.values : [];
    const kept = values.filter((v) => typeof v.value === 'string' || typeof v.value === 'number').map((v) => ({ value: String(v.value), label: { en: String(v.label ?? v.value) } }));
    return { values: kept.map((v) => v.value), options: kept };
  }

  /** Property schema and kind of one input component; null when it is left out. */
  private input(c: Component, path: string): { kind: FieldKind; schema: JsonSchema } | null {
    const v = (c.validate ?? {}) as Record<string, any>;
    const str = (): JsonSchema => ({
      type: 'string',
      ...(typeof v.minLength === 'number' ? { minLength: v.minLength } : {}),
      ...(typeof v.maxLength === 'number' ? { maxLength: v.maxLength } : {}),
    });
    switch (c.type) {
      case 'textfield':
      case 'textarea': {
        const s = str();
        if (v.validationType === 'email') return { kind: 'email', schema: { ...s, format: 'email' } };
        if (v.validationType === 'phone') return { kind: 'phone', schema: { ...s, pattern: PHONE_PATTERN } };
        if (typeof v.pattern === 'string' && v.pattern) {
          try {
            new RegExp(v.pattern, 'u');
            s.pattern = v.pattern;
          } catch {
            this.issue(c, path, `the pattern ${v.pattern} is not a valid regular expression and is left out`);
          }
        }
        return { kind: c.type === 'textarea' ? 'textarea' : 'text', schema: s };
      }
      case 'number': {
        if (c.serializeToString) this.issue(c, path, 'numbers serialised as strings are stored as numbers');
        return { kind: 'number', schema: { type: 'number', ...(typeof v.min === 'number' ? { minimum: v.min } : {}), ...(typeof v.max === 'number' ? { maximum: v.max } : {}) } };
      }
      case 'datetime': {
        if (c.disallowPassedDates) this.issue(c, path, '"disallow passed dates" is not supported');
        if (c.subtype === 'time') {
          this.issue(c, path, 'time-only fields become text fields with an HH:MM pattern');
          return { kind: 'text', schema: { type: 'string', pattern: TIME_PATTERN } };
        }
        return c.subtype === 'datetime' ? { kind: 'datetime', schema: { type: 'string', format: 'date-time' } } : { kind: 'date', schema: { type: 'string', format: 'date' } };
      }
      case 'checkbox':
        return { kind: 'checkbox', schema: { type: 'boolean', ...(v.required ? { const: true } : {}) } };
      case 'filepicker':
        if (c.multiple) this.issue(c, path, 'several files in one field are not supported; one file is accepted');
        if (c.accept) this.issue(c, path, 'the accepted file types come from the Lotse allow list, not from "accept"');
        return { kind: 'file', schema: { type: 'string', format: 'uuid' } };
      default:
        return null;
    }
  }

  components(list: unknown, pointer: string, scope: Scope) {
    if (!Array.isArray(list)) return;
    list.forEach((c: Component, i) => {
      const path = `${pointer}/${i}`;
      if (!c || typeof c !== 'object') return;
      const type = String(c.type);
      if (DROPPED[type]) return this.issue(c, path, DROPPED[type]);
      if (type === 'text') {
        const label = this.text(c, path, c.text);
        const field: UiField = { key: `heading_${++this.headings}`, kind: 'heading', ...(label ? { label } : {}) };
        if (c.conditional?.hide) this.common({ ...c, label: undefined }, path, field);
        scope.fields.push(field);
        return;
      }
      if (type === 'group' || type === 'columns' || type === 'default') {
        if (c.conditional?.hide) this.issue(c, path, 'a hide condition on a group is not supported; it is left out');
        const label = this.text(c, path, c.label);
        if (label) scope.fields.push({ key: `heading_${++this.headings}`, kind: 'heading', label });
        // A group's path nests its fields' data below it (form-js semantics); the fields share the scope.
        const groupPath = typeof c.path === 'string' && c.path.trim() ? c.path.trim() : '';
        const prefix = scope.prefix;
        if (groupPath) scope.prefix = prefix ? `${prefix}.${groupPath}` : groupPath;
        this.components(c.components, `${path}/components`, scope);
        scope.prefix = prefix;
        return;
      }
      if (type === 'dynamiclist') return this.dynamicList(c, path, scope);
      if (['select', 'radio', 'checklist', 'taglist'].includes(type)) return this.choice(c, path, scope);
      const input = this.input(c, path);
      if (!input) return this.issue(c, path, `the component type "${type}" is not supported`);
      this.add(c, path, scope, input.kind, input.schema);
    });
  }

  private add(c: Component, path: string, scope: Scope, kind: FieldKind, schema: JsonSchema, extra: Partial<UiField> = {}) {
    const key = this.key(c, path, scope);
    if (!key) return;
    const field: UiField = { key, kind, ...extra };
    this.common(c, path, field);
    if (c.defaultValue !== undefined && c.defaultValue !== null && c.defaultValue !== '') schema.default = c.defaultValue;
    placeProperty(scope, key, schema, !!c.validate?.required);
    scope.fields.push(field);
  }

  private choice(c: Component, path: string, scope: Scope) {
    const opts = this.options(c, path);
    if (!opts) return this.add(c, path, scope, 'text', { type: 'string' });
    const many = c.type === 'checklist' || c.type === 'taglist';
    const schema: JsonSchema = many
      ? { type: 'array', uniqueItems: true, items: { type: 'string', ...(opts.values.length ? { enum: opts.values } : {}) }, ...(c.validate?.required ? { minItems: 1 } : {}) }
      : { type: 'string', ...(opts.values.length ? { enum: opts.values } : {}) };
    this.add(c, path, scope, many ? 'multiselect' : c.type === 'radio' ? 'radio' : 'select', schema, { options: opts.options });
  }

  private dynamicList(c: Component, path: string, scope: Scope) {
    const inner: Scope = { fields: [], properties: {}, required: [] };
    this.components(c.components, `${path}/components`, inner);
    const nested = inner.fields.filter((f) => f.kind === 'group');
    if (nested.length) this.issue(c, path, 'lists inside lists are not supported; the inner lists are left out');
    inner.fields = inner.fields.filter((f) => f.kind !== 'group');
    for (const f of nested) delete inner.properties[f.key.split('.')[0]];
    const items: JsonSchema = { type: 'object', properties: inner.properties, ...(inner.required.length ? { required: inner.required } : {}) };
    this.add({ ...c, key: c.path }, path, scope, 'group', { type: 'array', items }, { fields: inner.fields });
  }
}

/** Converts a form-js JSON document; `unsupported` lists everything that did not carry over. */
export function importCamundaForm(form: Record<string, unknown>): CamundaImport {
  const conv = new Converter();
  const root: Scope = { fields: [], properties: {}, required: [] };
  conv.components(form.components, '/components', root);
  const definition: FormDefinition = {
    schema: { type: 'object', properties: root.properties, ...(root.required.length ? { required: root.required } : {}) },
    ui: { fields: root.fields },
  };
  for (const e of checkDefinition(definition)) conv.issues.push({ path: e.path, type: 'definition', message: e.message });
  const id = typeof form.id === 'string' ? form.id : 'imported-form';
  const key = id.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100) || 'imported-form';
  return { key, title: { en: id }, definition, unsupported: conv.issues };
}
