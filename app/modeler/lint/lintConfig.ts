/** The modeller's bpmnlint setup: the server's rules (server/engine/lint.ts) plus the Lotse rules. */
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver.js';
import { lintConfig, lintResolverCache } from '../../../common/bpmn-lint';
import { lotseLintCache, lotseLintRuleLevels } from './lotseRules';

/** `{config, resolver}` as bpmn-js-bpmnlint expects it (`linting.bpmnlint`). */
export function modelerLintConfig() {
  return {
    config: { ...lintConfig, rules: { ...lintConfig.rules, ...lotseLintRuleLevels } },
    resolver: new StaticResolver({ ...lintResolverCache, ...lotseLintCache }),
  };
}
