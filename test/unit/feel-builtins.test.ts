/**
 * Issue #16 point 3: every built-in function of Camunda 8.8's FEEL gives the result Camunda's
 * documentation shows (cases in feel-builtins-cases.ts), through the same evalFeel the engine uses.
 */
import { describe, expect, it } from 'vitest';
import { evalCondition, evalFeel, evalUnaryTest } from '../../common/feel';
import { KNOWN_FUNCTIONS, LOTSE_FUNCTIONS } from '../../common/feel-functions/index';
import {
  allCases, booleanCases, connectorCases, contextCases, conversionCases, listCases, miscCases, numericCases, rangeCases, stringCases, temporalCases, type Cases,
} from './feel-builtins-cases';

const now = new Date('2025-01-06T08:00:00Z');

/**
 * The built-in functions of Camunda 8.8's FEEL engine (camunda/feel-scala 1.19: the names its
 * BuiltinFunctions register), plus Zeebe's `fromAi` (8.8) and `from json`/`to json` (8.9).
 */
const CAMUNDA_FUNCTIONS = [
  // boolean
  'not', 'is defined', 'get or else', 'assert',
  // context
  'get value', 'get entries', 'context put', 'put', 'context merge', 'put all', 'context',
  // conversion
  'date', 'date and time', 'time', 'number', 'string', 'duration', 'years and months duration', 'from json', 'to json',
  // list
  'list contains', 'count', 'min', 'max', 'sum', 'product', 'mean', 'median', 'stddev', 'mode', 'and', 'all', 'or', 'any',
  'sublist', 'append', 'concatenate', 'insert before', 'remove', 'reverse', 'index of', 'union', 'distinct values',
  'duplicate values', 'flatten', 'sort', 'string join', 'is empty', 'partition',
  // numeric
  'decimal', 'floor', 'ceiling', 'abs', 'modulo', 'sqrt', 'log', 'exp', 'odd', 'even', 'round up', 'round down',
  'round half up', 'round half down', 'random number',
  // range
  'before', 'after', 'meets', 'met by', 'overlaps', 'overlaps before', 'overlaps after', 'finishes', 'finished by',
  'includes', 'during', 'starts', 'started by', 'coincides',
  // string
  'substring', 'string length', 'upper case', 'lower case', 'substring before', 'substring after', 'replace', 'contains',
  'starts with', 'ends with', 'matches', 'split', 'extract', 'trim', 'uuid', 'to base64', 'is blank',
  // temporal
  'now', 'today', 'day of year', 'day of week', 'month of year', 'week of year', 'last day of month',
  // Zeebe (AI agent tool definitions)
  'fromAi',
];

function table(title: string, cases: Cases) {
  describe(title, () => {
    for (const [name, list] of Object.entries(cases)) {
      for (const [expression, expected, variables] of list) {
        it(`${name}: ${expression} → ${JSON.stringify(expected)}`, () => {
          expect(evalFeel(expression, variables ?? {}, now)).toEqual({ ok: true, value: expected });
        });
      }
    }
  });
}

table('boolean functions', booleanCases);
table('string functions', stringCases);
table('list functions', listCases);
table('numeric functions', numericCases);
table('conversion functions', conversionCases);
table('context functions', contextCases);
table('temporal functions', temporalCases);
table('range functions', rangeCases);
table('Camunda extensions outside the standard', miscCases);
table("functions of Camunda's connector runtime", connectorCases);

describe('functions whose result is not fixed', () => {
  it('now() and today() give the time the engine passes in, not the clock', () => {
    expect(evalFeel('now()', {}, now)).toEqual({ ok: true, value: '2025-01-06T08:00:00Z' });
    expect(evalFeel('today()', {}, now)).toEqual({ ok: true, value: '2025-01-06' });
    expect(evalFeel('day of week(today())', {}, now)).toEqual({ ok: true, value: 'Monday' });
  });

  it('uuid() gives a new 36-character UUID on every call', () => {
    const a = evalFeel('uuid()', {}, now);
    const b = evalFeel('uuid()', {}, now);
    expect(a.ok && a.value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toEqual(b);
  });

  it('random number() is at least 0 and below 1', () => {
    const values = Array.from({ length: 20 }, () => evalFeel('random number()', {}, now));
    for (const r of values) expect(r.ok && typeof r.value === 'number' && r.value >= 0 && r.value < 1).toBe(true);
    expect(new Set(values.map((r) => r.ok && r.value)).size).toBeGreaterThan(1);
  });
});

describe('assert()', () => {
  it('given a condition that does not hold, then the evaluation fails with the cause (an incident)', () => {
    const r = evalFeel('assert(x, x != null, "\'x\' should not be null")', {}, now);
    expect(r).toEqual({ ok: false, error: expect.stringContaining("'x' should not be null") });
    const plain = evalFeel('assert(x, x >= 0)', { x: -1 }, now);
    expect(plain.ok).toBe(false);
  });
});

describe('Camunda functions in conditions, unary tests and named arguments', () => {
  it('work in a gateway condition and in a DMN input entry', () => {
    expect(evalCondition('=is defined(order.id) and not(is empty(order.items))', { order: { id: 1, items: [1] } }, now)).toEqual({ ok: true, value: true });
    expect(evalCondition('=get or else(priority, "low") = "low"', {}, now)).toEqual({ ok: true, value: true });
    expect(evalUnaryTest('is blank(?)', '  ', {}, now)).toEqual({ ok: true, value: true });
  });

  it('the operators and/or stay operators next to the deprecated functions and()/or()', () => {
    expect(evalFeel('a and (b or c)', { a: true, b: false, c: true }, now)).toEqual({ ok: true, value: true });
    expect(evalFeel('[and(a, b), or(a, b)]', { a: true, b: false }, now)).toEqual({ ok: true, value: [false, true] });
  });

  it('a variable with the name of a function stays a variable where the function is not called', () => {
    expect(evalFeel('trim + 1', { trim: 1 }, now)).toEqual({ ok: true, value: 2 });
    expect(evalFeel('context.a', { context: { a: 5 } }, now)).toEqual({ ok: true, value: 5 });
  });
});

describe('coverage of the function list', () => {
  it('every added function names its parameters ($args): feelin would read them from the source, which the server build prints differently', () => {
    for (const [name, fn] of Object.entries(LOTSE_FUNCTIONS)) expect(Array.isArray(fn.$args), name).toBe(true);
  });

  it('every Camunda 8.8 function is known to the deploy check and has a documented case or its own test', () => {
    const ownTests = new Set(['uuid', 'random number', 'now', 'today']);
    for (const name of CAMUNDA_FUNCTIONS) {
      expect(KNOWN_FUNCTIONS.has(name), name).toBe(true);
      expect(ownTests.has(name) || (allCases[name]?.length ?? 0) > 0, `${name} has no case`).toBe(true);
    }
  });
});
