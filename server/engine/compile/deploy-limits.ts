/** Deploy-time checks that need an evaluated value: timer start events repeating too often. */
import { evalValue } from '../../../common/feel';
import { cycleIntervalError } from '../../../common/limits';
import type { CompiledProcess, ModelError } from '../core/model';

/** Timer start cycles given as FEEL (`="R/PT1S"`) are evaluated at deploy; too frequent ones are refused. */
export function startTimerErrors(processes: CompiledProcess[], now: Date): ModelError[] {
  const errors: ModelError[] = [];
  for (const p of processes) {
    for (const id of p.startEvents) {
      const timer = p.elements[id].event?.timer;
      if (timer?.kind !== 'cycle') continue;
      const value = evalValue(timer.expression, {}, now);
      const problem = value.ok ? cycleIntervalError(String(value.value)) : null;
      if (problem) errors.push({ elementId: id, message: problem });
    }
  }
  return errors;
}
