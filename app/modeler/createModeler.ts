/** Builds the bpmn-js Modeler with Lotse's modules; callers keep it out of Vue's reactivity. */
import Modeler from 'bpmn-js/lib/Modeler';
import minimapModule from 'diagram-js-minimap';
import lintModule from 'bpmn-js-bpmnlint';
import tokenSimulationModule from 'bpmn-js-token-simulation';
import { moddleExtensions } from './moddleExtensions';
import lotseModelingModule from './lotseModeling';
import approvalModule, { type ApprovalModuleConfig } from './approval/approvalModule';
import lintAfterPaintModule from './lintAfterPaint';
import { translateModule } from './translate';
import { modelerLintConfig } from './lint/lintConfig';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import 'diagram-js-minimap/assets/diagram-js-minimap.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import './modeler.css';

/**
 * `t` gives the texts of Lotse's own palette and context-pad entries (vue-i18n); `locale` the UI
 * language for bpmn-js's own texts (translate.ts), read again whenever `i18n.changed` redraws them.
 */
export function createModeler(container: HTMLElement, options: { t?: ApprovalModuleConfig['t']; locale?: () => string } = {}): Modeler {
  return new Modeler({
    container,
    moddleExtensions,
    lotseApproval: { t: options.t ?? ((key: string) => key) },
    lotseLocale: { get: options.locale ?? (() => 'en') },
    linting: { bpmnlint: modelerLintConfig(), active: true },
    additionalModules: [minimapModule, lintModule, lintAfterPaintModule, tokenSimulationModule, lotseModelingModule, approvalModule, translateModule],
  });
}

export type { Modeler };
