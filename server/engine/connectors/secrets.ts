/**
 * `{{secrets.NAME}}` placeholders in a connector's inputs (Camunda 8 syntax; the older whole-value
 * form `secrets.NAME` too). The engine evaluates FEEL first, with the placeholder as plain text; the
 * connector then replaces it with the value from the secret store (the SecretResolver port) just
 * before the call. The values live only in memory for that call: what the connector hands back
 * (result variables, error messages) passes through `redact` first.
 */
const PLACEHOLDER = /\{\{\s*secrets\.([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE_VALUE = /^secrets\.([A-Za-z][A-Za-z0-9_]*)$/;

/** Every secret name a value refers to (deeply, in strings of lists and contexts). */
export function secretNames(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(PLACEHOLDER)) into.add(m[1]);
    const whole = WHOLE_VALUE.exec(value.trim());
    if (whole) into.add(whole[1]);
  } else if (Array.isArray(value)) {
    for (const v of value) secretNames(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) secretNames(v, into);
  }
  return into;
}

/** The value with every placeholder replaced (names not in `values` stay as they are). */
export function fillSecrets<T>(value: T, values: Record<string, string>): T {
  if (typeof value === 'string') {
    const whole = WHOLE_VALUE.exec(value.trim());
    if (whole && Object.hasOwn(values, whole[1])) return values[whole[1]] as T;
    return value.replace(PLACEHOLDER, (m, name: string) => (Object.hasOwn(values, name) ? values[name] : m)) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillSecrets(v, values)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillSecrets(v, values)])) as T;
  }
  return value;
}

/**
 * A function that puts `{{secrets.NAME}}` back wherever a secret's value appears in a string
 * (deeply): for error messages and for what a server echoes back, before either is stored.
 * `derived`: strings made from secrets (e.g. a Basic credential's base64), replaced by `[secret]`.
 * Longer values first, so a value containing another is replaced whole.
 */
export function redactor(values: Record<string, string>, derived: string[] = []): <T>(value: T) => T {
  const pairs: [string, string][] = Object.entries(values).filter(([, v]) => v.length > 0).map(([name, v]) => [v, `{{secrets.${name}}}`]);
  const encoded = pairs.flatMap(([v, placeholder]) => {
    // A value also travels URL-encoded (query strings); that form is redacted too.
    const forms = new Set([encodeURIComponent(v), new URLSearchParams({ v }).toString().slice(2)]);
    forms.delete(v);
    return [...forms].map((f) => [f, placeholder] as [string, string]);
  });
  const all = [...pairs, ...encoded, ...derived.filter((d) => d.length > 0).map((d) => [d, '[secret]'] as [string, string])]
    .sort((a, b) => b[0].length - a[0].length);
  const redact = <T>(value: T): T => {
    if (all.length === 0) return value;
    if (typeof value === 'string') {
      let s: string = value;
      for (const [v, replacement] of all) s = s.split(v).join(replacement);
      return s as T;
    }
    if (Array.isArray(value)) return value.map(redact) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redact(v)])) as T;
    return value;
  };
  return redact;
}
