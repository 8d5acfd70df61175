/**
 * Expected results of Camunda 8.8's FEEL built-in functions, taken from the examples in Camunda's
 * documentation (docs.camunda.io, "FEEL built-in functions", version 8.8, and camunda/feel-scala's
 * own reference pages up to 1.19, the FEEL engine Camunda 8.8 ships). Keyed by function name so the
 * coverage test can check that every function Lotse knows has at least one case.
 *
 * Each case: [expression, expected JSON result] or [expression, expected, variables].
 * Temporal results are compared in their JSON form (ISO strings), as Lotse stores them.
 * Deviations from the documentation are marked "Lotse:" with the reason.
 */
export type Case = [expression: string, expected: unknown, variables?: Record<string, unknown>];
export type Cases = Record<string, Case[]>;

export const booleanCases: Cases = {
  not: [['not(true)', false], ['not(null)', null]],
  'is defined': [
    ['is defined(1)', true], ['is defined(null)', false], ['is defined(x)', false], ['is defined(x.y)', false],
    ['is defined(x)', true, { x: 0 }], ['is defined(value: x.y)', true, { x: { y: 'a' } }],
  ],
  'get or else': [
    ['get or else("this", "default")', 'this'], ['get or else(null, "default")', 'default'], ['get or else(null, null)', null],
    ['get or else(value: missing, default: 5)', 5],
  ],
  assert: [['assert(x, x != null)', 'value', { x: 'value' }], ['assert(x, x >= 0)', 4, { x: 4 }],
    ['assert(x, x != null, "\'x\' should not be null")', 'value', { x: 'value' }]],
};

export const stringCases: Cases = {
  substring: [['substring("foobar", 3)', 'obar'], ['substring("foobar", -2)', 'ar'], ['substring("foobar", 3, 3)', 'oba'],
    ['substring("foobar", -3, 2)', 'ba'], ['substring("foobar", 3, 10)', 'obar']],
  'string length': [['string length("foo")', 3]],
  'upper case': [['upper case("aBc4")', 'ABC4']],
  'lower case': [['lower case("aBc4")', 'abc4']],
  'substring before': [['substring before("foobar", "bar")', 'foo']],
  'substring after': [['substring after("foobar", "ob")', 'ar']],
  contains: [['contains("foobar", "of")', false]],
  'starts with': [['starts with("foobar", "fo")', true]],
  'ends with': [['ends with("foobar", "r")', true]],
  matches: [['matches("foobar", "^fo*bar")', true], ['matches("FooBar", "foo", "i")', true],
    ['matches("a\\nb", "^b", "m")', true], ['matches("a\\nb", "a.b", "s")', true], ['matches("a\\nb", "a.b")', false],
    // Lotse: the x (comments) flag feelin 8.2 lacks
    ['matches("abc", "a b  c # letters", "x")', true], ['matches("a c", "a\\ c", "x")', true]],
  replace: [['replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")', '[1=ab][2=]cd'],
    ['replace("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3")', '(012) 345-6789'],
    ['replace("How do you feel?", "Feel", "FEEL", "i")', 'How do you FEEL?'], ['replace("abc", "b | c", "X", "x")', 'aXX']],
  split: [['split("John Doe", "\\s")', ['John', 'Doe']], ['split("a;b;c;;", ";")', ['a', 'b', 'c', '', '']]],
  extract: [['extract("references are 1234, 1256, 1378", "12[0-9]*")', ['1234', '1256']], ['extract("abc", "[0-9]+")', []]],
  trim: [['trim("  hello world  ")', 'hello world'], ['trim("hello   world ")', 'hello   world']],
  'to base64': [['to base64("FEEL")', 'RkVFTA=='], ['to base64("Grüße")', 'R3LDvMOfZQ==']],
  // newer than Camunda 8.8 (camunda/feel-scala main)
  'from base64': [['from base64("RkVFTA==")', 'FEEL'], ['from base64("R3LDvMOfZQ==")', 'Grüße'], ['from base64("not base64!")', null]],
  'is blank': [['is blank("")', true], ['is blank(" ")', true], ['is blank("hello world")', false]],
  // uuid() is random: checked by shape in feel-builtins.test.ts
  uuid: [],
};

export const listCases: Cases = {
  'list contains': [['list contains([1,2,3], 2)', true]],
  count: [['count([1,2,3])', 3]],
  min: [['min([1,2,3])', 1], ['min(1,2,3)', 1]],
  max: [['max([1,2,3])', 3], ['max(1,2,3)', 3]],
  sum: [['sum([1,2,3])', 6], ['sum(1,2,3)', 6]],
  product: [['product([2, 3, 4])', 24], ['product(2, 3, 4)', 24]],
  mean: [['mean([1,2,3])', 2], ['mean(1,2,3)', 2]],
  median: [['median(8, 2, 5, 3, 4)', 4], ['median([6, 1, 2, 3])', 2.5]],
  stddev: [['stddev(2, 4, 7, 5)', 2.0816659994661326], ['stddev([2, 4, 7, 5])', 2.0816659994661326]],
  mode: [['mode(6, 3, 9, 6, 6)', [6]], ['mode([6, 1, 9, 6, 1])', [1, 6]]],
  all: [['all([true,false])', false], ['all(false,null,true)', false], ['all([])', true]],
  and: [['and([true,false])', false], ['and(false,null,true)', false]],
  any: [['any([false,true])', true], ['any(false,null,true)', true], ['any([])', false]],
  or: [['or([false,true])', true], ['or(false,null,true)', true]],
  sublist: [['sublist([1,2,3], 2)', [2, 3]], ['sublist([1,2,3], 1, 2)', [1, 2]]],
  append: [['append([1], 2, 3)', [1, 2, 3]]],
  concatenate: [['concatenate([1,2],[3])', [1, 2, 3]], ['concatenate([1],[2],[3])', [1, 2, 3]]],
  'insert before': [['insert before([1,3],1,2)', [2, 1, 3]]],
  remove: [['remove([1,2,3], 2)', [1, 3]]],
  reverse: [['reverse([1,2,3])', [3, 2, 1]]],
  'index of': [['index of([1,2,3,2],2)', [2, 4]]],
  union: [['union([1,2],[2,3])', [1, 2, 3]]],
  'distinct values': [['distinct values([1,2,3,2,1])', [1, 2, 3]]],
  'duplicate values': [['duplicate values([1,2,3,2,1])', [1, 2]], ['duplicate values(["a","b"])', []]],
  flatten: [['flatten([[1,2],[[3]], 4])', [1, 2, 3, 4]]],
  sort: [['sort(list: [3,1,4,5,2], precedes: function(x,y) x < y)', [1, 2, 3, 4, 5]]],
  'string join': [['string join(["a","b","c"])', 'abc'], ['string join(["a"], "X")', 'a'], ['string join(["a","b","c"], ", ")', 'a, b, c'],
    ['string join(["a","b","c"], ", ", "[", "]")', '[a, b, c]'], ['string join(["a",null,"c"])', 'ac'], ['string join([])', ''],
    ['string join(list: ["a","b"], delimiter: "-")', 'a-b'], ['string join(["a", 1])', null]],
  'is empty': [['is empty([])', true], ['is empty([1,2,3])', false]],
  partition: [['partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]], ['partition([], 2)', []], ['partition([1,2], 0)', null]],
};

export const numericCases: Cases = {
  decimal: [['decimal(1/3, 2)', 0.33], ['decimal(1.5, 0)', 2], ['decimal(2.5, 0)', 2], ['decimal(2.5, 0, "half_up")', 3]],
  floor: [['floor(1.5)', 1], ['floor(-1.5)', -2], ['floor(-1.56, 1)', -1.6]],
  ceiling: [['ceiling(1.5)', 2], ['ceiling(-1.5)', -1], ['ceiling(-1.56, 1)', -1.5]],
  'round up': [['round up(5.5, 0)', 6], ['round up(-5.5, 0)', -6], ['round up(1.121, 2)', 1.13], ['round up(-1.126, 2)', -1.13]],
  'round down': [['round down(5.5, 0)', 5], ['round down(-5.5, 0)', -5], ['round down(1.121, 2)', 1.12], ['round down(-1.126, 2)', -1.12]],
  'round half up': [['round half up(5.5, 0)', 6], ['round half up(-5.5, 0)', -6], ['round half up(1.121, 2)', 1.12], ['round half up(-1.126, 2)', -1.13]],
  'round half down': [['round half down(5.5, 0)', 5], ['round half down(-5.5, 0)', -5], ['round half down(1.121, 2)', 1.12], ['round half down(-1.126, 2)', -1.13]],
  abs: [['abs(10)', 10], ['abs(-10)', 10]],
  modulo: [['modulo(12, 5)', 2], ['modulo(-12, 5)', 3]],
  sqrt: [['sqrt(16)', 4]],
  log: [['log(10)', 2.302585092994046]],
  exp: [['exp(5)', 148.4131591025766]],
  odd: [['odd(5)', true], ['odd(2)', false]],
  even: [['even(5)', false], ['even(2)', true]],
  // random number() is random: checked by range in feel-builtins.test.ts
  'random number': [],
};

export const conversionCases: Cases = {
  string: [['string(1.1)', '1.1'], ['string(date("2012-12-25"))', '2012-12-25']],
  number: [['number("1500.5")', 1500.5], ['number("1,500", ",")', 1500], ['number("1 500.5", " ", ".")', 1500.5]],
  context: [['context([{"key":"a", "value":1}, {"key":"b", "value":2}])', { a: 1, b: 2 }]],
  date: [['date("2018-04-29")', '2018-04-29'], ['date(date and time("2012-12-25T11:00:00"))', '2012-12-25'], ['date(2012, 12, 25)', '2012-12-25']],
  time: [['time("12:00:00")', '12:00:00'], ['time(date and time("2012-12-25T11:00:00"))', '11:00:00'], ['time(23, 59, 0)', '23:59:00'],
    ['time(14, 30, 0, duration("PT1H"))', '14:30:00+01:00']],
  'date and time': [
    ['date and time("2018-04-29T09:30:00")', '2018-04-29T09:30:00'],
    ['date and time(date("2012-12-24"),time("T23:59:00"))', '2012-12-24T23:59:00'],
    ['date and time(date and time("2012-12-25T11:00:00"),time("T23:59:00"))', '2012-12-25T23:59:00'],
    ['date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles")', '2020-07-31T05:27:30@America/Los_Angeles'],
    // Lotse: a date-time without a zone is read as UTC (the docs' example assumes the server runs in Europe/Berlin)
    ['date and time(@"2020-07-31T14:27:30", "Z")', '2020-07-31T14:27:30Z'],
    // named arguments still reach feelin's overloads
    ['date and time(from: "2018-04-29T09:30:00")', '2018-04-29T09:30:00'],
    ['date and time(date: date("2012-12-24"), time: time("23:59:00"))', '2012-12-24T23:59:00'],
  ],
  duration: [['duration("P5D")', 'P5D'], ['duration("P32Y")', 'P32Y']],
  'years and months duration': [['years and months duration(date("2011-12-22"), date("2013-08-24"))', 'P1Y8M']],
  // Camunda 8.9 (FEEL 1.20): JSON conversion
  'from json': [['from json("{\\"a\\": 1, \\"b\\": [true, null]}")', { a: 1, b: [true, null] }], ['from json("\\"x\\"")', 'x'], ['from json("nope")', null]],
  'to json': [['to json({a: 1, b: [true, null]})', '{"a":1,"b":[true,null]}'], ['to json("x")', '"x"'], ['to json(date("2012-12-25"))', '"2012-12-25"']],
};

export const contextCases: Cases = {
  'get value': [['get value({foo: 123}, "foo")', 123], ['get value({a: 1}, "b")', null],
    ['get value({x:1, y: {z:0}}, ["y", "z"])', 0], ['get value(context: {a: {b: 1}}, keys: ["a", "b"])', 1], ['get value({x: {y: {z:0}}}, ["x", "y"])', { z: 0 }], ['get value({a: {b: 3}}, ["b"])', null]],
  'get entries': [['get entries({foo: 123})', [{ key: 'foo', value: 123 }]]],
  'context put': [['context put({x:1}, "y", 2)', { x: 1, y: 2 }], ['context put({x:1}, ["y"], 2)', { x: 1, y: 2 }],
    ['context put({x:1, y: {z:0}}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }], ['context put({x:1}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
    ['context put(context: {a: 1}, keys: ["b", "c"], value: 2)', { a: 1, b: { c: 2 } }], ['context put({x:1}, [], 2)', null]],
  put: [['put({x:1}, "y", 2)', { x: 1, y: 2 }]],
  'context merge': [['context merge([{x:1}, {y:2}])', { x: 1, y: 2 }], ['context merge([{x:1, y: 0}, {y:2}])', { x: 1, y: 2 }]],
  'put all': [['put all([{x:1}, {y:2}])', { x: 1, y: 2 }]],
};

export const temporalCases: Cases = {
  'day of week': [['day of week(date("2019-09-17"))', 'Tuesday'], ['day of week(date and time("2019-09-17T12:00:00"))', 'Tuesday']],
  'day of year': [['day of year(date("2019-09-17"))', 260]],
  'week of year': [['week of year(date("2019-09-17"))', 38]],
  'month of year': [['month of year(date("2019-09-17"))', 'September']],
  'last day of month': [['last day of month(date("2022-10-01"))', '2022-10-31'], ['last day of month(date and time("2022-10-16T12:00:00"))', '2022-10-31'],
    ['last day of month(date("2024-02-10"))', '2024-02-29']],
  // abs of durations (temporal page)
  'abs (duration)': [['abs(duration("-PT5H"))', 'PT5H'], ['abs(duration("PT5H"))', 'PT5H'], ['abs(duration("-P2M"))', 'P2M']],
};

export const rangeCases: Cases = {
  before: [['before(1, 10)', true], ['before(10, 1)', false], ['before([1..5], 10)', true], ['before(1, [2..5])', true],
    ['before([1..5], [6..10])', true], ['before([1..5),[5..10])', true]],
  after: [['after(10, 1)', true], ['after(1, 10)', false], ['after([1..5], 10)', false], ['after(12, [2..5])', true],
    ['after([6..10], [1..5])', true], ['after([5..10], [1..5))', true]],
  meets: [['meets([1..5], [5..10])', true], ['meets([1..3], [4..6])', false], ['meets([1..3], [3..5])', true], ['meets([1..5], (5..8])', false]],
  'met by': [['met by([5..10], [1..5])', true], ['met by([3..4], [1..2])', false], ['met by([3..5], [1..3])', true],
    ['met by((5..8], [1..5))', false], ['met by([5..10], [1..5))', false]],
  overlaps: [['overlaps([5..10], [1..6])', true], ['overlaps((3..7], [1..4])', true], ['overlaps([1..3], (3..6])', false],
    ['overlaps((5..8], [1..5))', false], ['overlaps([4..10], [1..5))', true]],
  'overlaps before': [['overlaps before([1..5], [4..10])', true], ['overlaps before([3..4], [1..2])', false], ['overlaps before([1..3], (3..5])', false],
    ['overlaps before([1..5), (3..8])', true], ['overlaps before([1..5), [5..10])', false]],
  'overlaps after': [['overlaps after([4..10], [1..5])', true], ['overlaps after([3..4], [1..2])', false], ['overlaps after([3..5], [1..3))', false],
    ['overlaps after((5..8], [1..5))', false], ['overlaps after([4..10], [1..5))', true]],
  finishes: [['finishes(5, [1..5])', true], ['finishes(10, [1..7])', false], ['finishes([3..5], [1..5])', true],
    ['finishes((1..5], [1..5))', false], ['finishes([5..10], [1..10))', false]],
  'finished by': [['finished by([5..10], 10)', true], ['finished by([3..4], 2)', false], ['finished by([1..5], [3..5])', true],
    ['finished by((5..8], [1..5))', false], ['finished by([5..10], (1..10))', false]],
  includes: [['includes([5..10], 6)', true], ['includes([3..4], 5)', false], ['includes([1..10], [4..6])', true],
    ['includes((5..8], [1..5))', false], ['includes([1..10], [1..5))', true]],
  during: [['during(5, [1..10])', true], ['during(12, [1..10])', false], ['during(1, (1..10])', false],
    ['during([4..6], [1..10))', true], ['during((1..5], (1..10])', true]],
  starts: [['starts(1, [1..5])', true], ['starts(1, (1..8])', false], ['starts((1..5], [1..5])', false],
    ['starts([1..10], [1..5])', false], ['starts((1..5), (1..10))', true]],
  'started by': [['started by([1..10], 1)', true], ['started by((1..10], 1)', false], ['started by([1..10], [1..5])', true],
    ['started by((1..10], [1..5))', false], ['started by([1..10], [1..10))', true]],
  coincides: [['coincides(5, 5)', true], ['coincides(3, 4)', false], ['coincides([1..5], [1..5])', true],
    ['coincides((1..5], [1..5))', false], ['coincides([1..5], [2..6])', false]],
};

export const miscCases: Cases = {
  // Camunda 8.8 extension for the AI agent connector's tool definitions: returns its value unchanged
  fromAi: [['fromAi(x)', 'q', { x: 'q' }], ['fromAi(x, "The search query")', 'q', { x: 'q' }],
    ['fromAi(x, "The user\'s ID", "number")', 7, { x: 7 }], ['fromAi(value: x, type: "number")', 7, { x: 7 }],
    ['fromAi(x, "doc type", "string", {enum: ["invoice", "receipt"]})', 'invoice', { x: 'invoice' }]],
};

/** Functions of Camunda's connector runtime for a connector's `errorExpression` (not Zeebe's FEEL). */
export const connectorCases: Cases = {
  bpmnError: [['if response.status = 404 then bpmnError("NOT_FOUND", "no such order") else null', { errorType: 'bpmnError', code: 'NOT_FOUND', message: 'no such order', variables: null }, { response: { status: 404 } }],
    ['bpmnError("E1", "m", {id: 1})', { errorType: 'bpmnError', code: 'E1', message: 'm', variables: { id: 1 } }]],
  jobError: [['jobError("try again", {}, 2, @"PT1M")', { errorType: 'jobError', message: 'try again', variables: {}, retries: 2, retryBackoff: 'PT1M' }]],
};

export const allCases: Cases = {
  ...booleanCases, ...stringCases, ...listCases, ...numericCases, ...conversionCases, ...contextCases, ...temporalCases, ...rangeCases, ...miscCases, ...connectorCases,
};
