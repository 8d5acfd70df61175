/** Server deploy errors as canvas markers and overlays on the offending elements. */
import type { ModelProblem } from './modeler.api';

const MARKER = 'lotse-deploy-error';
const OVERLAY = 'lotse-deploy';

export function clearDeployMarkers(modeler: any): void {
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  modeler.get('overlays').remove({ type: OVERLAY });
  for (const el of registry.getAll()) canvas.removeMarker(el, MARKER);
}

/** Marks every element named in `problems`; returns the problems whose element is not on the canvas. */
export function showDeployMarkers(modeler: any, problems: ModelProblem[]): ModelProblem[] {
  clearDeployMarkers(modeler);
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  const overlays = modeler.get('overlays');
  const unplaced: ModelProblem[] = [];
  const byElement = new Map<string, string[]>();
  for (const p of problems) {
    const element = registry.get(p.elementId);
    if (!element) {
      unplaced.push(p);
      continue;
    }
    byElement.set(p.elementId, [...(byElement.get(p.elementId) ?? []), p.message]);
  }
  for (const [id, messages] of byElement) {
    const element = registry.get(id);
    canvas.addMarker(element, MARKER);
    const badge = document.createElement('div');
    badge.className = 'lotse-deploy-badge';
    badge.textContent = '!';
    badge.title = messages.join('\n');
    badge.setAttribute('role', 'img');
    badge.setAttribute('aria-label', messages.join('; '));
    const isConnection = Array.isArray(element.waypoints);
    overlays.add(element, OVERLAY, { position: isConnection ? { top: -12, left: -12 } : { top: -10, right: 10 }, html: badge });
  }
  return unplaced;
}
