/** Timer start events at deploy: cycles repeating too often are refused; when each first fires. */
import { evalValue } from '../../../common/feel';
import { cycleIntervalError } from '../../../common/limits';
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../../../common/time';
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

/** When a timer start event first fires, and for cycles how often it repeats. */
export function firstStartTimer(kind: 'date' | 'duration' | 'cycle', expression: string, now: Date): { due: Date; cycle?: { remaining: number; interval: string } } | null {
  const value = evalValue(expression, {}, now);
  if (!value.ok) return null;
  const text = String(value.value);
  if (kind === 'date') {
    const d = parseDateTime(text);
    return d ? { due: d } : null;
  }
  if (kind === 'duration') {
    const d = parseDuration(text);
    return d ? { due: addDuration(now, d) } : null;
  }
  const c = parseCycle(text);
  if (!c) return null;
  const start = c.start ?? addDuration(now, parseDuration(c.interval)!);
  return { due: start, cycle: { remaining: c.repetitions < 0 ? -1 : c.repetitions - 1, interval: c.interval } };
}
