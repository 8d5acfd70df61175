/**
 * The Lotse form model: a JSON Schema (2020-12) for the data plus a UI schema (ordered fields with
 * labels in de/en, widget kind, width, show-if and required-if conditions in FEEL over the form data).
 * Pure types and constants: shared by the server and the browser.
 */

/** Every field kind the designer offers. */
export const FIELD_KINDS = [
  'text', 'textarea', 'number', 'money', 'date', 'datetime', 'select', 'radio', 'multiselect', 'checkbox',
  'yesno', 'email', 'phone', 'person', 'file', 'group', 'heading', 'readonly',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Kinds that show something but carry no submitted data (no schema property). */
export const DISPLAY_KINDS: readonly FieldKind[] = ['heading', 'readonly'];
export const isDataKind = (kind: FieldKind) => !DISPLAY_KINDS.includes(kind);

/** A text in both UI languages; either may be missing (the other one is shown). */
export interface LocalText {
  de?: string;
  en?: string;
}

export interface FieldOption {
  value: string;
  label: LocalText;
}

export interface UiField {
  /** Data key (a FEEL name, so show-if expressions can use it); unique among its siblings. */
  key: string;
  kind: FieldKind;
  label?: LocalText;
  help?: LocalText;
  width?: 'full' | 'half' | 'third';
  /** FEEL (with or without a leading `=`): the field shows, and its value counts, only while true. */
  showIf?: string;
  /** FEEL: the field is required while true (in addition to the schema's `required`). */
  requiredIf?: string;
  /** Labels of the values of select, radio and multi-select (the schema's enum holds the values). */
  options?: FieldOption[];
  /** ISO 4217 code shown next to a money field. */
  currency?: string;
  /** readonly: a FEEL expression over the process data whose value is shown. */
  source?: string;
  /** group: the fields of one repeated item. */
  fields?: UiField[];
}

/** A JSON Schema object as stored; kept loose because any valid 2020-12 keyword is allowed. */
export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
};

export interface FormDefinition {
  schema: JsonSchema & { type: 'object'; properties: Record<string, JsonSchema> };
  ui: { fields: UiField[] };
}

/** A problem with a definition or with submitted data: a JSON pointer and an English message. */
export interface FormError {
  path: string;
  message: string;
  /** The ajv keyword (or `required` / `unknown` / `syntax`), so the browser can translate the message. */
  keyword?: string;
  params?: Record<string, unknown>;
}

/** The localized text: the requested language, else the other one, else the fallback. */
export function localText(text: LocalText | undefined, locale: string, fallback = ''): string {
  if (!text) return fallback;
  return (locale === 'de' ? text.de || text.en : text.en || text.de) || fallback;
}
