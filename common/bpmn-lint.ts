/**
 * bpmnlint with a static resolver (no dynamic require), usable on the server and in the browser
 * modeller (bpmn-js-bpmnlint takes the same `lintConfig` and `lintResolverCache`): one rule set,
 * one severity per rule, so the badge on the canvas says what Publish will say.
 * Only rules that change how a model executes block a deploy; style findings are warnings, so a
 * valid model from Camunda Modeler is never refused for missing labels or implicit splits.
 */
import { Linter } from 'bpmnlint';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver.js';
import recommended from 'bpmnlint/config/recommended.js';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js';
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import global from 'bpmnlint/rules/global.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway.js';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousLabel from 'bpmnlint/rules/superfluous-label.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';
import type { ModelError } from './model-error';
import { lotseLintCache, lotseLintRuleLevels } from './bpmn-lint-rules';

/** Rules whose findings would make the engine run the model wrongly: these refuse a deploy. */
export const blockingLintRules = [
  'conditional-flows',
  'event-based-gateway',
  'event-sub-process-typed-start-event',
  'link-event',
  'no-complex-gateway',
  'no-duplicate-sequence-flows',
  'single-blank-start-event',
  'single-event-definition',
  'start-event-required',
  'sub-process-blank-start-event',
  'ad-hoc-sub-process',
] as const;

/** The lint configuration shared by server and modeller: recommended, blocking rules as errors. */
export const lintConfig: { extends: string; rules: Record<string, 'off' | 'warn' | 'error'> } = {
  extends: 'bpmnlint:recommended',
  rules: {
    ...Object.fromEntries(Object.keys(recommended.rules as Record<string, string>).map((r) => [r, 'warn'])),
    ...Object.fromEntries(blockingLintRules.map((r) => [r, 'error'])),
    // The engine executes inclusive gateways, so they are not even a warning.
    'no-inclusive-gateway': 'off',
    // Lotse's own checks of what the engine can run (common/bpmn-lint-rules.ts), `lotse/<name>`.
    ...lotseLintRuleLevels,
  },
};

/** The static resolver cache (bpmn-js-bpmnlint format). */
export const lintResolverCache: Record<string, unknown> = {
  'config:bpmnlint/recommended': recommended,
  'rule:bpmnlint/ad-hoc-sub-process': adHocSubProcess,
  'rule:bpmnlint/conditional-flows': conditionalFlows,
  'rule:bpmnlint/end-event-required': endEventRequired,
  'rule:bpmnlint/event-based-gateway': eventBasedGateway,
  'rule:bpmnlint/event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'rule:bpmnlint/fake-join': fakeJoin,
  'rule:bpmnlint/global': global,
  'rule:bpmnlint/label-required': labelRequired,
  'rule:bpmnlint/link-event': linkEvent,
  'rule:bpmnlint/no-bpmndi': noBpmndi,
  'rule:bpmnlint/no-complex-gateway': noComplexGateway,
  'rule:bpmnlint/no-disconnected': noDisconnected,
  'rule:bpmnlint/no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'rule:bpmnlint/no-gateway-join-fork': noGatewayJoinFork,
  'rule:bpmnlint/no-implicit-split': noImplicitSplit,
  'rule:bpmnlint/no-implicit-end': noImplicitEnd,
  'rule:bpmnlint/no-implicit-start': noImplicitStart,
  'rule:bpmnlint/no-inclusive-gateway': noInclusiveGateway,
  'rule:bpmnlint/no-overlapping-elements': noOverlappingElements,
  'rule:bpmnlint/single-blank-start-event': singleBlankStartEvent,
  'rule:bpmnlint/single-event-definition': singleEventDefinition,
  'rule:bpmnlint/start-event-required': startEventRequired,
  'rule:bpmnlint/sub-process-blank-start-event': subProcessBlankStartEvent,
  'rule:bpmnlint/superfluous-gateway': superfluousGateway,
  'rule:bpmnlint/superfluous-label': superfluousLabel,
  'rule:bpmnlint/superfluous-termination': superfluousTermination,
  ...lotseLintCache,
};

interface LintReport { id?: string; message: string; category: string }

/** Lint parsed definitions; returns blocking errors and warnings as `{elementId, message}`. */
export async function lintDefinitions(definitions: unknown): Promise<{ errors: ModelError[]; warnings: ModelError[] }> {
  const linter = new Linter({ config: lintConfig, resolver: new StaticResolver(lintResolverCache) });
  const results = (await linter.lint(definitions)) as Record<string, LintReport[]>;
  const errors: ModelError[] = [];
  const warnings: ModelError[] = [];
  // A process that is not executable (a partner pool of a collaboration) is never run: as in Camunda 8,
  // its findings do not block the deploy of the executable ones.
  const notRun = nonExecutableIds(definitions);
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      const finding = { elementId: r.id ?? '', message: `${r.message} (${rule})` };
      if ((r.category === 'error' || r.category === 'rule-error') && !notRun.has(finding.elementId)) errors.push(finding);
      else warnings.push(finding);
    }
  }
  return { errors, warnings };
}

/** Ids of the non-executable processes of the definitions and of everything inside them. */
function nonExecutableIds(definitions: unknown): Set<string> {
  const ids = new Set<string>();
  const add = (el: { id?: string; flowElements?: unknown[] }) => {
    if (el.id) ids.add(el.id);
    for (const child of el.flowElements ?? []) add(child as typeof el);
  };
  const roots = ((definitions as { rootElements?: { $type?: string; isExecutable?: boolean }[] }).rootElements ?? []);
  for (const root of roots) if (root.$type === 'bpmn:Process' && !root.isExecutable) add(root as Parameters<typeof add>[0]);
  return ids;
}
