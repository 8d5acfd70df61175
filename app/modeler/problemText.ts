/**
 * Deploy problems as a person reads them: the element by its label (a path by where it leads), the
 * rule as what to do, in the UI's language; one entry per element and problem, however many checks
 * (bpmnlint, Lotse's rules, the compiler) found it.
 */
import type { ModelProblem } from './modeler.api';

type T = (key: string, values?: Record<string, unknown>) => string;
type Te = (key: string) => boolean;
type Registry = { get(id: string): any };

export interface ShownProblem {
  elementId: string;
  /** The element as named on the canvas. */
  name: string;
  /** What is wrong and what to do. */
  text: string;
}

/** The compiler's wording of rules the lint also has (server/engine/compile): the same problem. */
const COMPILER_RULES: [RegExp, string][] = [[/needs a condition or must be the default flow/, 'conditional-flows']];

/** The rule behind a message: `… (rule)` from the lint, or a known compiler sentence. */
function ruleOf(message: string): { rule: string | null; detail: string } {
  const m = /^(.*) \(([\w/-]+)\)$/.exec(message);
  if (m) return { rule: m[2]!.replace(/^lotse\//, ''), detail: m[1]! };
  const known = COMPILER_RULES.find(([re]) => re.test(message));
  return { rule: known ? known[1] : null, detail: message };
}

/** How the canvas names an element: its label; a nameless path by its ends; else its id. */
export function elementName(registry: Registry | null, elementId: string, t: T): string {
  const element = registry?.get(elementId);
  const bo = element?.businessObject;
  if (bo?.name?.trim()) return bo.name.trim();
  if (bo?.$type === 'bpmn:Process' || bo?.$type === 'bpmn:Collaboration') return t('modelerProblems.process');
  if (bo?.$type === 'bpmn:SequenceFlow') {
    const end = (x: any) => (x?.name?.trim() ? x.name.trim() : t('modelerProblems.unnamedEnd', { id: x?.id ?? '?' }));
    return t('modelerProblems.path', { from: end(bo.sourceRef), to: end(bo.targetRef) });
  }
  return t('modelerProblems.unnamed', { id: elementId });
}

/** The deploy's problems for the list above the canvas (and the badges on it). */
export function describeProblems(problems: ModelProblem[], registry: Registry | null, t: T, te: Te): ShownProblem[] {
  const out: ShownProblem[] = [];
  const seen = new Set<string>();
  for (const p of problems) {
    const { rule, detail } = ruleOf(p.message);
    const key = rule ? `modelerProblems.rules.${rule}` : '';
    const sentence = detail.charAt(0).toUpperCase() + detail.slice(1);
    const text = key && te(key) ? t(key, { detail: sentence }) : /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
    const id = `${p.elementId}\u0000${text}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ elementId: p.elementId, name: elementName(registry, p.elementId, t), text });
  }
  return out;
}
