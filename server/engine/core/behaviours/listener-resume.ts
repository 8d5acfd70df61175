/**
 * Where a lifecycle event goes on once a listener's job completed or a listener incident was
 * resolved: the next listener of the event, else the element's (or the process's) lifecycle.
 * Apart from listeners.ts so that scopes.ts and tasks.ts can ask for listeners without a cycle.
 */
import type { Execution } from '../execution';
import type { ElementInstance } from '../types';
import { completingHeaders, pendingListener } from './listeners';
import { completeScope, openEventSubProcessWaits } from './scopes';
import { createUserTask } from './tasks';

/** After a listener's job or a listener incident: the next listener of the event, or the lifecycle goes on. */
export function goOn(x: Execution, inst: ElementInstance): void {
  const state = inst.listeners;
  if (!state) return;
  const isRoot = inst.id === x.state.rootId;
  if (inst.status !== 'incident' && !isRoot) inst.status = 'active';
  switch (state.event) {
    case 'start':
      if (!isRoot) return x.push('activate', inst);
      if (pendingListener(x, inst, 'start')) return;
      if (openEventSubProcessWaits(x, inst)) x.enterTriggered(state.startId!, inst.id, undefined);
      return;
    case 'end':
      if (!isRoot) return x.push('complete', inst);
      return completeScope(x, inst);
    case 'creating':
      return createUserTask(x, inst);
    case 'completing': {
      if (pendingListener(x, inst, 'completing', completingHeaders(state.taskId ?? ''))) return;
      const variables = state.variables ?? {};
      inst.listeners = undefined;
      x.completeWith(inst, variables);
      return x.push('complete', inst);
    }
    default:
      return undefined;
  }
}

