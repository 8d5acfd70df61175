/** DMN decision tables and literal expressions: dmn-moddle → plain JSON, evaluated with feelin. */
import { DmnModdle } from 'dmn-moddle';
import { evalFeel, evalUnaryTest, feelSyntaxError, type FeelResult } from '../../../common/feel';
import type { ModelError } from './model';
import { MAX_DMN_COLUMNS, MAX_DMN_RULES } from '../../../common/limits';

/** A decision table too large to evaluate per request: more rules or columns than the limits. */
function tableSizeError(logic: { rule?: unknown[]; input?: unknown[]; output?: unknown[] }): string | null {
  const rules = logic.rule?.length ?? 0;
  if (rules > MAX_DMN_RULES) return `decision table has ${rules} rules; at most ${MAX_DMN_RULES} are allowed`;
  const columns = (logic.input?.length ?? 0) + (logic.output?.length ?? 0);
  if (columns > MAX_DMN_COLUMNS) return `decision table has ${columns} inputs and outputs; at most ${MAX_DMN_COLUMNS} are allowed`;
  return null;
}

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

export interface CompiledDecision {
  id: string;
  name?: string;
  requires: string[];
  literal?: { expression: string; variable?: string };
  table?: {
    hitPolicy: HitPolicy;
    aggregation?: 'SUM' | 'MIN' | 'MAX' | 'COUNT';
    inputs: { label?: string; expression: string }[];
    outputs: { name: string; label?: string; values?: string[] }[];
    rules: { id: string; inputEntries: string[]; outputEntries: string[] }[];
  };
}

export interface DmnCompileResult {
  ok: boolean;
  decisions: Record<string, CompiledDecision>;
  errors: ModelError[];
}

const HIT_POLICIES = new Set(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);

/** Parse a DMN document into decisions keyed by id. */
export async function compileDmn(xml: string): Promise<DmnCompileResult> {
  if (xml.length > 5 * 1024 * 1024 || /<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return { ok: false, decisions: {}, errors: [{ elementId: 'definitions', message: 'XML too large or contains DTD/ENTITY declarations' }] };
  }
  let defs: any;
  try {
    defs = (await new DmnModdle().fromXML(xml, 'dmn:Definitions')).rootElement;
  } catch (e) {
    return { ok: false, decisions: {}, errors: [{ elementId: 'definitions', message: `malformed XML: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const errors: ModelError[] = [];
  const decisions: Record<string, CompiledDecision> = {};
  const check = (id: string, what: string, expr: string | undefined) => {
    const e = expr && expr.trim() ? feelSyntaxError(expr) : null;
    if (e) errors.push({ elementId: id, message: `${what}: ${e}` });
  };
  for (const d of defs.drgElement ?? []) {
    if (d.$type !== 'dmn:Decision') continue;
    const requires = (d.informationRequirement ?? []).map((r: any) => r.requiredDecision?.href?.replace(/^#/, '')).filter(Boolean);
    const logic = d.decisionLogic;
    const out: CompiledDecision = { id: d.id, name: d.name, requires };
    if (logic?.$type === 'dmn:LiteralExpression') {
      out.literal = { expression: logic.text ?? '', variable: d.variable?.name };
      check(d.id, 'literal expression', logic.text);
    } else if (logic?.$type === 'dmn:DecisionTable') {
      const size = tableSizeError(logic);
      if (size) {
        errors.push({ elementId: d.id, message: size });
        continue;
      }
      const hitPolicy = (logic.hitPolicy ?? 'UNIQUE') as HitPolicy;
      if (!HIT_POLICIES.has(hitPolicy)) errors.push({ elementId: d.id, message: `hit policy ${hitPolicy} is not supported` });
      const inputs = (logic.input ?? []).map((i: any) => ({ label: i.label, expression: i.inputExpression?.text ?? '' }));
      inputs.forEach((i: { expression: string }) => check(d.id, 'input expression', i.expression));
      const outputs = (logic.output ?? []).map((o: any, n: number) => ({
        name: o.name ?? (logic.output.length === 1 ? 'result' : `output${n + 1}`), label: o.label,
        values: o.outputValues?.text ? String(o.outputValues.text).split(',').map((s: string) => s.trim()) : undefined,
      }));
      const rules = (logic.rule ?? []).map((r: any) => {
        const outputEntries = (r.outputEntry ?? []).map((e: any) => e.text ?? '');
        outputEntries.forEach((e: string) => check(r.id, 'output entry', e));
        return { id: r.id, inputEntries: (r.inputEntry ?? []).map((e: any) => e.text ?? '-'), outputEntries };
      });
      out.table = { hitPolicy, aggregation: logic.aggregation, inputs, outputs, rules };
    } else {
      errors.push({ elementId: d.id, message: `decision logic ${logic?.$type ?? 'missing'} is not supported` });
    }
    decisions[d.id] = out;
  }
  return { ok: errors.length === 0, decisions, errors };
}

/** Evaluate a decision (and the decisions it requires) against variables. Never throws. */
export function evaluateDecision(
  decisions: Record<string, CompiledDecision>, decisionId: string, variables: Record<string, unknown>, now: Date, depth = 0,
): FeelResult {
  const d = decisions[decisionId];
  if (!d) return { ok: false, error: `decision '${decisionId}' is not deployed` };
  if (depth > 20) return { ok: false, error: `decision requirements of '${decisionId}' are too deep or cyclic` };
  const ctx = { ...variables };
  for (const req of d.requires) {
    const r = evaluateDecision(decisions, req, variables, now, depth + 1);
    if (!r.ok) return r;
    ctx[req] = r.value;
  }
  if (d.literal) return evalFeel(d.literal.expression, ctx, now);
  if (!d.table) return { ok: false, error: `decision '${decisionId}' has no logic` };
  return evaluateTable(d, ctx, now);
}

function evaluateTable(d: CompiledDecision, ctx: Record<string, unknown>, now: Date): FeelResult {
  const t = d.table!;
  const inputValues: unknown[] = [];
  for (const input of t.inputs) {
    const r = evalFeel(input.expression, ctx, now);
    if (!r.ok) return r;
    inputValues.push(r.value);
  }
  const matches: Record<string, unknown>[] = [];
  for (const rule of t.rules) {
    let hit = true;
    for (let i = 0; i < t.inputs.length && hit; i++) {
      const r = evalUnaryTest(rule.inputEntries[i] ?? '-', inputValues[i], ctx, now);
      if (!r.ok) return { ok: false, error: `rule ${rule.id}: ${r.error}` };
      hit = r.value;
    }
    if (!hit) continue;
    const row: Record<string, unknown> = {};
    for (let o = 0; o < t.outputs.length; o++) {
      const text = rule.outputEntries[o] ?? '';
      const r = text.trim() === '' ? { ok: true as const, value: null } : evalFeel(text, ctx, now);
      if (!r.ok) return { ok: false, error: `rule ${rule.id}: ${r.error}` };
      row[t.outputs[o].name] = r.value;
    }
    matches.push(row);
    if (t.hitPolicy === 'FIRST') break;
  }
  const single = t.outputs.length === 1;
  const shape = (row: Record<string, unknown>) => (single ? row[t.outputs[0].name] : row);
  switch (t.hitPolicy) {
    case 'UNIQUE':
      if (matches.length > 1) return { ok: false, error: `decision '${d.id}' (UNIQUE) matched ${matches.length} rules` };
      return { ok: true, value: matches.length ? shape(matches[0]) : null };
    case 'FIRST':
      return { ok: true, value: matches.length ? shape(matches[0]) : null };
    case 'ANY': {
      const distinct = new Set(matches.map((m) => JSON.stringify(m)));
      if (distinct.size > 1) return { ok: false, error: `decision '${d.id}' (ANY) matched rules with different outputs` };
      return { ok: true, value: matches.length ? shape(matches[0]) : null };
    }
    case 'PRIORITY':
    case 'OUTPUT ORDER': {
      const sorted = [...matches].sort((a, b) => priorityRank(t.outputs, a) - priorityRank(t.outputs, b));
      if (t.hitPolicy === 'OUTPUT ORDER') return { ok: true, value: sorted.map(shape) };
      return { ok: true, value: sorted.length ? shape(sorted[0]) : null };
    }
    case 'RULE ORDER':
      return { ok: true, value: matches.map(shape) };
    case 'COLLECT': {
      if (!t.aggregation) return { ok: true, value: matches.map(shape) };
      const values = matches.map((m) => m[t.outputs[0].name]);
      if (t.aggregation === 'COUNT') return { ok: true, value: values.length };
      const nums = values.filter((v): v is number => typeof v === 'number');
      if (nums.length === 0) return { ok: true, value: null };
      if (t.aggregation === 'SUM') return { ok: true, value: nums.reduce((a, b) => a + b, 0) };
      return { ok: true, value: t.aggregation === 'MIN' ? Math.min(...nums) : Math.max(...nums) };
    }
  }
}

function priorityRank(outputs: { name: string; values?: string[] }[], row: Record<string, unknown>): number {
  let rank = 0;
  for (const o of outputs) {
    const values = o.values ?? [];
    const idx = values.findIndex((v) => v === JSON.stringify(row[o.name]) || v === String(row[o.name]));
    rank = rank * 1000 + (idx < 0 ? 999 : idx);
  }
  return rank;
}
