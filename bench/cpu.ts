/**
 * CPU time of processes on Linux from /proc/<pid>/stat (utime + stime, fields 14 and 15, in clock
 * ticks of 10 ms: USER_HZ is 100 on Linux). A process that is gone counts 0.
 */
import { readFileSync } from 'node:fs';

export const TICK_MS = 10;

export function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces; count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Ticks per pid. */
export function cpuTicksOf(pids: number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuTicks(pid)]));
}

/** Ticks used between two samples: pids in both by difference, pids new in the second in full. */
export function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0);
  return sum;
}
