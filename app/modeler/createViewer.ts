/**
 * The read-only viewer for deployed versions and their comparison: zoom and pan, no editing. Kept
 * apart from createModeler.ts so the versions page loads the Viewer chunk, not the Modeler's.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { moddleExtensions } from './moddleExtensions';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './modeler.css';

export function createViewer(container: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({ container, moddleExtensions });
}

export type { NavigatedViewer };
