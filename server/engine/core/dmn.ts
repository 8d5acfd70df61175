/** DMN decisions as plain JSON (compile/dmn.ts makes them), evaluated with feelin. */
import { evalFeel, evalUnaryTest, type FeelResult } from '../../../common/feel';

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
