/** DMN documents: dmn-moddle → the plain JSON decisions core/dmn.ts evaluates, with the reasons they cannot run. */
import { DmnModdle } from 'dmn-moddle';
import { feelSyntaxError } from '../../../common/feel';
import { MAX_DMN_COLUMNS, MAX_DMN_RULES } from '../../../common/limits';
import type { CompiledDecision, HitPolicy } from '../core/dmn';
import type { ModelError } from '../core/model';

/** A decision table too large to evaluate per request: more rules or columns than the limits. */
function tableSizeError(logic: { rule?: unknown[]; input?: unknown[]; output?: unknown[] }): string | null {
  const rules = logic.rule?.length ?? 0;
  if (rules > MAX_DMN_RULES) return `decision table has ${rules} rules; at most ${MAX_DMN_RULES} are allowed`;
  const columns = (logic.input?.length ?? 0) + (logic.output?.length ?? 0);
  if (columns > MAX_DMN_COLUMNS) return `decision table has ${columns} inputs and outputs; at most ${MAX_DMN_COLUMNS} are allowed`;
  return null;
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

