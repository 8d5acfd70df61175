/** The modeller's bpmnlint setup: exactly the rules and severities the deploy runs (common/bpmn-lint.ts). */
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver.js';
import { lintConfig, lintResolverCache } from '../../../common/bpmn-lint';

/** `{config, resolver}` as bpmn-js-bpmnlint expects it (`linting.bpmnlint`). */
export function modelerLintConfig() {
  return { config: lintConfig, resolver: new StaticResolver(lintResolverCache) };
}
