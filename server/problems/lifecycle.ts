/** The states of a problem and the moves between them (issue #19 point 1). */
export const PROBLEM_STATUSES = ['new', 'analysis', 'known_error', 'resolved', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/**
 * Allowed moves. Forward along new → analysis → known error → resolved → closed; a problem may skip
 * the known error (fixed straight from analysis), be closed early (duplicate, no cause found), go
 * back to analysis when the workaround or the fix turns out wrong. Closed is final.
 */
export const TRANSITIONS: Record<ProblemStatus, readonly ProblemStatus[]> = {
  new: ['analysis', 'closed'],
  analysis: ['known_error', 'resolved', 'closed'],
  known_error: ['analysis', 'resolved', 'closed'],
  resolved: ['analysis', 'closed'],
  closed: [],
};

/** What a move needs on the record: a known error has a workaround, a resolved problem a root cause. */
export function transitionErrors(to: ProblemStatus, record: { workaround: string; rootCause: string }): { path: string; message: string }[] {
  if (to === 'known_error' && !record.workaround.trim()) return [{ path: '/workaround', message: 'a known error needs a documented workaround' }];
  if (to === 'resolved' && !record.rootCause.trim()) return [{ path: '/rootCause', message: 'a resolved problem needs its root cause' }];
  return [];
}
