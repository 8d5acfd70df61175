/** Changed, added and removed element ids between two deployed versions (bpmn-js-differ). */
import { diff } from 'bpmn-js-differ';

export interface VersionDiff {
  added: string[];
  removed: string[];
  changed: string[];
  layoutChanged: string[];
}

export function diffDefinitions(older: unknown, newer: unknown): VersionDiff {
  const result = diff(older, newer);
  return {
    added: Object.keys(result._added ?? {}),
    removed: Object.keys(result._removed ?? {}),
    changed: Object.keys(result._changed ?? {}),
    layoutChanged: Object.keys(result._layoutChanged ?? {}),
  };
}

/** Marker class per kind of change, styled in modeler.css. */
export const DIFF_MARKERS = { added: 'diff-added', removed: 'diff-removed', changed: 'diff-changed', layoutChanged: 'diff-layout' } as const;
