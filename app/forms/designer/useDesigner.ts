import { computed, ref } from 'vue';
import { checkDefinition } from '../../../common/forms/definition';
import type { FieldKind, FieldOption, FormDefinition, JsonSchema, UiField } from '../../../common/forms/types';
import { defaultSchema } from './fieldKinds';
import { propertyAt, requiredAt } from '../../../common/forms/paths';

/** Where a field sits: [index] at the top, [groupIndex, index] inside a repeating group. */
export type Location = number[];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const empty = (): FormDefinition => ({ schema: { type: 'object', properties: {} }, ui: { fields: [] } });

/**
 * The designer's state: one form definition edited through small operations, each undoable.
 * Keystrokes in the same property within a second undo together.
 */
export function useDesigner(initial: FormDefinition = empty()) {
  const definition = ref<FormDefinition>(clone(initial));
  const history = ref<FormDefinition[]>([]);
  const selected = ref<Location | null>(null);
  let lastChange = { key: '', at: 0 };

  function change(fn: (def: FormDefinition) => void, coalesceKey = '') {
    const now = Date.now();
    if (!coalesceKey || coalesceKey !== lastChange.key || now - lastChange.at > 1000) history.value.push(clone(definition.value));
    if (history.value.length > 100) history.value.shift();
    lastChange = { key: coalesceKey, at: now };
    const next = clone(definition.value);
    fn(next);
    definition.value = next;
  }

  function undo() {
    const prev = history.value.pop();
    if (prev) definition.value = prev;
    lastChange = { key: '', at: 0 };
    if (selected.value && !fieldAt(selected.value)) selected.value = null;
  }

  /** The sibling list, schema properties and required list a location lives in. */
  function container(def: FormDefinition, loc: Location) {
    if (loc.length === 1) {
      def.schema.required ??= [];
      return { fields: def.ui.fields, properties: def.schema.properties, required: def.schema.required };
    }
    const group = def.ui.fields[loc[0]];
    group.fields ??= [];
    const items = ((def.schema.properties[group.key] ??= defaultSchema('group')!).items ??= { type: 'object', properties: {} }) as JsonSchema;
    items.properties ??= {};
    items.required ??= [];
    return { fields: group.fields, properties: items.properties as Record<string, JsonSchema>, required: items.required as string[] };
  }
  const tidy = (def: FormDefinition) => {
    if (def.schema.required?.length === 0) delete def.schema.required;
    for (const p of Object.values(def.schema.properties)) if ((p.items as JsonSchema | undefined)?.required?.length === 0) delete (p.items as JsonSchema).required;
  };

  function fieldAt(loc: Location): UiField | undefined {
    const top = definition.value.ui.fields[loc[0]];
    return loc.length === 1 ? top : top?.fields?.[loc[1]];
  }
  function schemaAt(loc: Location): JsonSchema | undefined {
    const f = fieldAt(loc);
    if (!f) return undefined;
    // A dotted key (an imported Camunda form) lives in nested object schemas.
    if (loc.length === 1) return propertyAt(definition.value.schema.properties, f.key);
    const group = definition.value.ui.fields[loc[0]];
    return ((definition.value.schema.properties[group.key]?.items as JsonSchema | undefined)?.properties as Record<string, JsonSchema> | undefined)?.[f.key];
  }
  function isRequired(loc: Location): boolean {
    const f = fieldAt(loc);
    if (!f) return false;
    if (loc.length === 1) return requiredAt(definition.value.schema, f.key);
    const group = definition.value.ui.fields[loc[0]];
    return ((definition.value.schema.properties[group.key]?.items as JsonSchema | undefined)?.required as string[] | undefined)?.includes(f.key) ?? false;
  }

  function addField(kind: FieldKind, at?: Location) {
    const loc = at ?? [definition.value.ui.fields.length];
    change((def) => {
      const c = container(def, loc);
      let n = c.fields.length + 1;
      while (c.fields.some((f) => f.key === `${kind}${n}`)) n++;
      const key = `${kind}${n}`;
      const field: UiField = { key, kind, label: { de: '', en: '' } };
      if (kind === 'select' || kind === 'radio' || kind === 'multiselect') field.options = [{ value: 'a', label: { de: 'A', en: 'A' } }, { value: 'b', label: { de: 'B', en: 'B' } }];
      if (kind === 'group') field.fields = [];
      if (kind === 'readonly') field.source = '=null';
      const schema = defaultSchema(kind);
      if (schema) c.properties[key] = schema;
      c.fields.splice(loc[loc.length - 1], 0, field);
      tidy(def);
    });
    selected.value = loc;
  }

  function removeField(loc: Location) {
    change((def) => {
      const c = container(def, loc);
      const [f] = c.fields.splice(loc[loc.length - 1], 1);
      if (f && !c.fields.some((o) => o.key === f.key)) {
        delete c.properties[f.key];
        c.required.splice(0, c.required.length, ...c.required.filter((k) => k !== f.key));
      }
      tidy(def);
    });
    selected.value = null;
  }

  function moveField(from: Location, to: number) {
    if (from.length !== 1 && to < 0) return;
    change((def) => {
      const c = container(def, from);
      const i = from[from.length - 1];
      const target = Math.max(0, Math.min(to, c.fields.length - 1));
      const [f] = c.fields.splice(i, 1);
      c.fields.splice(target, 0, f);
      tidy(def);
    });
    selected.value = [...from.slice(0, -1), Math.max(0, Math.min(to, (from.length === 1 ? definition.value.ui.fields : fieldAt([from[0]])?.fields ?? []).length - 1))];
  }

  /** Changes UI properties of a field (label, help, width, show-if, …); a key change renames the property too. */
  function updateField(loc: Location, patch: Partial<UiField>, coalesce = '') {
    change((def) => {
      const c = container(def, loc);
      const f = c.fields[loc[loc.length - 1]];
      if (patch.key !== undefined && patch.key !== f.key) {
        if (c.properties[f.key]) {
          c.properties[patch.key] = c.properties[f.key];
          delete c.properties[f.key];
        }
        c.required.splice(0, c.required.length, ...c.required.map((k) => (k === f.key ? patch.key! : k)));
      }
      Object.assign(f, patch);
      for (const [k, v] of Object.entries(patch)) if (v === undefined || v === '') delete (f as unknown as Record<string, unknown>)[k];
      tidy(def);
    }, `${loc.join('.')}:${coalesce || Object.keys(patch).join(',')}`);
  }

  /** Changes the field's data schema (min, max, length, pattern, default …); undefined removes a keyword. */
  function updateSchema(loc: Location, patch: Record<string, unknown>) {
    change((def) => {
      const c = container(def, loc);
      const p = c.properties[c.fields[loc[loc.length - 1]].key];
      if (!p) return;
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) delete p[k];
        else p[k] = v;
      }
    }, `${loc.join('.')}:schema:${Object.keys(patch).join(',')}`);
  }

  function setRequired(loc: Location, on: boolean) {
    change((def) => {
      const c = container(def, loc);
      const key = c.fields[loc[loc.length - 1]].key;
      const rest = c.required.filter((k) => k !== key);
      c.required.splice(0, c.required.length, ...(on ? [...rest, key] : rest));
      tidy(def);
    });
  }

  function setOptions(loc: Location, options: FieldOption[]) {
    change((def) => {
      const c = container(def, loc);
      const f = c.fields[loc[loc.length - 1]];
      f.options = options;
      const p = c.properties[f.key];
      const values = options.map((o) => o.value);
      if (p?.type === 'array') p.items = { ...(p.items as JsonSchema), enum: values };
      else if (p) p.enum = values;
    }, `${loc.join('.')}:options`);
  }

  function replace(next: FormDefinition) {
    change((def) => Object.assign(def, clone(next)));
    selected.value = null;
  }

  /** Starts editing a stored or imported definition (nothing to undo yet). */
  function load(next: FormDefinition) {
    definition.value = clone(next);
    history.value = [];
    selected.value = null;
  }

  const problems = computed(() => checkDefinition(definition.value));

  return { definition, selected, canUndo: computed(() => history.value.length > 0), problems, undo, load, addField, removeField, moveField, updateField, updateSchema, setRequired, setOptions, replace, fieldAt, schemaAt, isRequired };
}

export type Designer = ReturnType<typeof useDesigner>;
