/** The read-only bpmn-js viewer for the heatmap; loaded lazily with its styles. */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';

export function createHeatmapViewer(container: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({ container });
}
export type { NavigatedViewer };
