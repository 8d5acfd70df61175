/**
 * Validation messages as sentences a person reads, in German or English. ajv-i18n words every JSON
 * Schema keyword in both languages; this module only feeds it readable parameters (no `>=`, no type
 * or format ids, no regular expressions, no property keys) and turns its fragment into a sentence.
 * Browser (form renderer, dialogs) and server (422 answers) both call it, so they say the same.
 */
import localizeDe from 'ajv-i18n/localize/de/index.js';
import localizeEn from 'ajv-i18n/localize/en/index.js';

export type MessageLocale = 'de' | 'en';

/** What a 422 field error carries: the ajv keyword and its params (the message is the fallback). */
export interface ValidationProblem {
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

type Words = Record<MessageLocale, string>;
const w = (de: string, en: string): Words => ({ de, en });

const FILL_IN = w('Bitte füllen Sie dieses Feld aus.', 'Please fill in this field.');
const FILL_IN_NAMED = w('Bitte füllen Sie „{label}“ aus.', 'Please fill in “{label}”.');
const UNKNOWN = w('Dieses Feld ist hier nicht vorgesehen.', 'This field is not expected here.');
const CONFIRM = w('Bitte bestätigen Sie dies.', 'Please confirm this.');
const PATTERN = w('hat nicht die erwartete Form', 'does not have the expected form');
const ENTER = w('Bitte geben Sie {what} ein.', 'Please enter {what}.');
const ENTER_NAMED = w('Bitte geben Sie für „{label}“ {what} ein.', 'Please enter {what} for “{label}”.');
// File fields hold the id of an upload (format uuid): an id that does not resolve means "upload it again".
const UPLOAD_AGAIN = w('Bitte laden Sie die Datei erneut hoch.', 'Please upload the file again.');
const SUBJECT = w('Der Wert', 'The value');

const TYPES: Record<string, Words> = {
  string: w('ein Text', 'text'),
  number: w('eine Zahl', 'a number'),
  integer: w('eine ganze Zahl', 'a whole number'),
  boolean: w('ja oder nein', 'yes or no'),
  array: w('eine Liste', 'a list'),
  object: w('eine Gruppe von Angaben', 'a group of entries'),
  null: w('leer', 'empty'),
};
const FORMATS: Record<string, Words> = {
  email: w('eine gültige E-Mail-Adresse', 'a valid e-mail address'),
  date: w('ein gültiges Datum (JJJJ-MM-TT)', 'a valid date (YYYY-MM-DD)'),
  'date-time': w('ein gültiges Datum mit Uhrzeit', 'a valid date and time'),
  time: w('eine gültige Uhrzeit', 'a valid time'),
  uri: w('eine gültige Adresse (URL)', 'a valid address (URL)'),
  url: w('eine gültige Adresse (URL)', 'a valid address (URL)'),
  duration: w('eine Dauer (z. B. P1D)', 'a duration (e.g. P1D)'),
};
const COMPARISONS: Record<string, Words> = {
  '>=': w('mindestens', 'at least'),
  '<=': w('höchstens', 'at most'),
  '>': w('größer als', 'greater than'),
  '<': w('kleiner als', 'less than'),
};
const FORMAT_SENTENCE = w('muss {what} sein', 'must be {what}');

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** The language of an Accept-Language header (or a locale tag): German when it comes first, else English. */
export function messageLocale(header: string | null | undefined): MessageLocale {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('de')) return 'de';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

const isEmptyLimit = (p: ValidationProblem) =>
  (p.keyword === 'minLength' || p.keyword === 'minItems') && Number(p.params?.limit) === 1;

/** The ajv-i18n fragment ("darf nicht länger als 5 Zeichen sein") for a problem, with readable params. */
function fragment(p: ValidationProblem, locale: MessageLocale): string {
  const params: Record<string, unknown> = { ...(p.params ?? {}) };
  const keyword = p.keyword ?? '';
  if (keyword === 'type') {
    const what = String(params.type ?? '').split(',').map((t) => TYPES[t]?.[locale] ?? t).join(locale === 'de' ? ' oder ' : ' or ');
    return fill(FORMAT_SENTENCE[locale], { what });
  }
  if (keyword === 'uniqueItems') return locale === 'de' ? 'darf keinen Eintrag zweimal enthalten' : 'must not contain an entry twice';
  if (typeof params.comparison === 'string') params.comparison = COMPARISONS[params.comparison]?.[locale] ?? params.comparison;
  if (keyword === 'format') return fill(FORMAT_SENTENCE[locale], { what: FORMATS[String(params.format)]?.[locale] ?? String(params.format) });
  if (keyword === 'pattern') return PATTERN[locale];
  if (keyword === 'enum' && Array.isArray(params.allowedValues) && params.allowedValues.length <= 12) {
    const values = params.allowedValues.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
    return `${locale === 'de' ? 'muss einer dieser Werte sein' : 'must be one of'}: ${values}`;
  }
  if (keyword === 'const' && params.allowedValue !== true) {
    return `${locale === 'de' ? 'muss' : 'must be'} ${JSON.stringify(params.allowedValue)}${locale === 'de' ? ' sein' : ''}`;
  }
  const error = { keyword, params, message: p.message, instancePath: '', schemaPath: '' };
  (locale === 'de' ? localizeDe : localizeEn)([error]);
  // ajv's English shouts the negation ("must NOT be longer"); a sentence does not.
  return (error.message ?? p.message ?? '').replace(/\bNOT\b/g, 'not').replace('have less than', 'have fewer than');
}

/**
 * One sentence for a validation problem. `label` (the field's label) names the field when the
 * sentence is shown away from it (a summary above the form); without it the sentence fits beside
 * the field ("Der Wert darf nicht länger als 80 Zeichen sein.").
 */
export function validationMessage(p: ValidationProblem, locale: MessageLocale, label?: string): string {
  const keyword = p.keyword ?? '';
  if (keyword === 'required' || isEmptyLimit(p)) return label ? fill(FILL_IN_NAMED[locale], { label }) : FILL_IN[locale];
  if (keyword === 'unknown' || keyword === 'additionalProperties' || keyword === 'unevaluatedProperties') return UNKNOWN[locale];
  if (keyword === 'const' && p.params?.allowedValue === true) return CONFIRM[locale];
  if (keyword === 'format' && p.params?.format === 'uuid') return UPLOAD_AGAIN[locale];
  const format = keyword === 'format' ? FORMATS[String(p.params?.format)] : undefined;
  if (format) return fill((label ? ENTER_NAMED : ENTER)[locale], { what: format[locale], label: label ?? '' });
  // No keyword, or a hand-made problem without the params of a JSON Schema keyword (e.g. "is not valid
  // JSON Schema: …" from the form designer's check): its own message says more than a generic sentence.
  if (!keyword || !p.params) return p.message ?? '';
  const words = fragment(p, locale);
  // A problem without the params its keyword needs (a hand-made error) keeps its own message.
  if (/\bundefined\b/.test(words)) return p.message ?? words;
  const subject = label ? (locale === 'de' ? `„${label}“` : `“${label}”`) : SUBJECT[locale];
  return `${subject} ${words}.`;
}
