/**
 * The DMN range functions feelin 8.2 does not implement (`overlaps before`, `overlaps after`,
 * `finishes`, `finished by`, `during`, `starts`, `started by`, `coincides`), defined as in the DMN
 * standard (10.3.4.9, range functions) and Camunda's documentation. Points are numbers, strings,
 * dates, times, date-times or durations; comparison goes through feelin (util.compare).
 */
import { compare, feelFn, isRange, type FeelFn, type FeelRange } from './util';

type R = FeelRange;
type Bool = boolean | null;

const eq = (a: unknown, b: unknown): Bool => (compare(a, b) === null ? null : compare(a, b) === 0);
const lt = (a: unknown, b: unknown): Bool => (compare(a, b) === null ? null : compare(a, b) === -1);
const gt = (a: unknown, b: unknown): Bool => (compare(a, b) === null ? null : compare(a, b) === 1);
const sIn = (r: R) => r['start included'];
const eIn = (r: R) => r['end included'];

/** Three-valued and / or, as FEEL: null when the answer depends on an unknown part. */
function and(...xs: Bool[]): Bool {
  if (xs.includes(false)) return false;
  return xs.includes(null) ? null : true;
}
function or(...xs: Bool[]): Bool {
  if (xs.includes(true)) return true;
  return xs.includes(null) ? null : false;
}

function overlapsBefore(r1: R, r2: R): Bool {
  return and(
    or(lt(r1.start, r2.start), and(eq(r1.start, r2.start), sIn(r1), !sIn(r2))),
    or(gt(r1.end, r2.start), and(eq(r1.end, r2.start), eIn(r1), sIn(r2))),
    or(lt(r1.end, r2.end), and(eq(r1.end, r2.end), or(!eIn(r1), eIn(r2)))),
  );
}

function finishesPoint(point: unknown, r: R): Bool {
  return and(eIn(r), eq(r.end, point));
}
function finishesRange(r1: R, r2: R): Bool {
  return and(eIn(r1) === eIn(r2), eq(r1.end, r2.end),
    or(gt(r1.start, r2.start), and(eq(r1.start, r2.start), or(!sIn(r1), sIn(r2)))));
}

function includesPoint(r: R, point: unknown): Bool {
  return or(and(lt(r.start, point), gt(r.end, point)), and(eq(r.start, point), sIn(r)), and(eq(r.end, point), eIn(r)));
}
function includesRange(r1: R, r2: R): Bool {
  return and(
    or(lt(r1.start, r2.start), and(eq(r1.start, r2.start), or(sIn(r1), !sIn(r2)))),
    or(gt(r1.end, r2.end), and(eq(r1.end, r2.end), or(eIn(r1), !eIn(r2)))),
  );
}

function startsPoint(point: unknown, r: R): Bool {
  return and(sIn(r), eq(r.start, point));
}
function startsRange(r1: R, r2: R): Bool {
  return and(eq(r1.start, r2.start), sIn(r1) === sIn(r2),
    or(lt(r1.end, r2.end), and(eq(r1.end, r2.end), or(!eIn(r1), eIn(r2)))));
}

function coincides(a: unknown, b: unknown): Bool {
  if (isRange(a) && isRange(b)) return and(eq(a.start, b.start), sIn(a) === sIn(b), eq(a.end, b.end), eIn(a) === eIn(b));
  if (isRange(a) || isRange(b)) return null;
  return eq(a, b);
}

/** A function of (point or range, range) / (range, point or range) named as Camunda documents it. */
function pointOrRange(params: [string, string], onPoint: (p: unknown, r: R) => Bool, onRange: (a: R, b: R) => Bool, pointFirst: boolean): FeelFn {
  return feelFn(params, (a, b) => {
    const [point, range] = pointFirst ? [a, b] : [b, a];
    if (!isRange(range)) return null;
    if (isRange(point)) return pointFirst ? onRange(point, range) : onRange(range, point);
    return onPoint(point, range);
  });
}

export const rangeFunctions: Record<string, FeelFn> = {
  'overlaps before': feelFn(['range1', 'range2'], (a, b) => (isRange(a) && isRange(b) ? overlapsBefore(a, b) : null)),
  'overlaps after': feelFn(['range1', 'range2'], (a, b) => (isRange(a) && isRange(b) ? overlapsBefore(b, a) : null)),
  finishes: pointOrRange(['point', 'range'], finishesPoint, finishesRange, true),
  'finished by': pointOrRange(['range', 'point'], finishesPoint, (r1, r2) => finishesRange(r2, r1), false),
  during: pointOrRange(['point', 'range'], (p, r) => includesPoint(r, p), (r1, r2) => includesRange(r2, r1), true),
  starts: pointOrRange(['point', 'range'], startsPoint, startsRange, true),
  'started by': pointOrRange(['range', 'point'], startsPoint, (r1, r2) => startsRange(r2, r1), false),
  coincides: feelFn(['point1', 'point2'], coincides),
};
