/**
 * What a reader of a request sees of its data: each variable by the label of the form field that
 * asked for it, and a chosen value by its option's label ("Auswirkung: Hoch", not `impact high`).
 * Pure: the server builds it from the bound form versions, the browser shows it.
 */
import type { FieldKind, FormDefinition, LocalText, UiField } from './types';
import { isDataKind } from './types';

export interface FieldDescription {
  label?: LocalText;
  kind: FieldKind;
  /** Option value → its label (select, radio, multi-select). */
  options?: Record<string, LocalText>;
  /** Order of the field among all forms of the process (start form first). */
  order: number;
}

/** Top-level data fields of the definitions, first definition first; a key asked twice keeps its first label. */
export function describeFields(definitions: FormDefinition[]): Record<string, FieldDescription> {
  const out: Record<string, FieldDescription> = {};
  let order = 0;
  const add = (f: UiField) => {
    if (!isDataKind(f.kind) || f.key in out) return;
    const options = f.options?.length ? Object.fromEntries(f.options.map((o) => [o.value, o.label])) : undefined;
    out[f.key] = { kind: f.kind, order: order++, ...(f.label ? { label: f.label } : {}), ...(options ? { options } : {}) };
  };
  for (const d of definitions) for (const f of d.ui?.fields ?? []) add(f);
  return out;
}
