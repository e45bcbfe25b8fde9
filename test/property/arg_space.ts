/**
 * fast-check arbitraries over the whole argument space of the ops in op_table.ts: what a JavaScript user can pass,
 * not only what PyTorch's docs show. A `Call` is plain data (JSON-encodable through js_values.ts), so the same
 * calls feed the property test, the PyTorch fixture sampler and the backend sweep.
 */
import * as fc from 'fast-check';
import {OPS, OpEntry, OptionKind} from './op_table';

export type InputDtype = 'float32' | 'int32' | 'bool' | 'complex64' | 'string';

/** How the input reaches the op: a tensor, a tf.Variable, a disposed tensor, or a nested JS array (TensorLike). */
export type InputForm = 'tensor' | 'variable' | 'disposed' | 'array';

export interface InputSpec {
  shape: number[];
  dtype: InputDtype;
  form: InputForm;
  /** seed of the values (see inputValues) and which values: small, with NaN/±Inf/-0, or int32 extremes */
  seed: number;
  values: 'small' | 'special' | 'extreme';
}

export interface Call {
  op: string;
  input: InputSpec;
  /** the positional argument after the input (absent: not passed) */
  args: unknown[];
  /** the options object, or another value passed in its place; absent: not passed */
  options?: unknown;
}

/** Calls PyTorch has no counterpart for: tested for their error class and leaks only, never sampled to fixtures. */
export function jsOnly(c: Call): boolean {
  return c.input.form !== 'tensor' || c.input.dtype === 'complex64' || c.input.dtype === 'string' ||
      (c.options !== undefined && (c.options === null || typeof c.options !== 'object' || Array.isArray(c.options) ||
                                   // a key unknown here that is PyTorch's name of a known one: valid in Python
                                   Object.keys(c.options).some(k => PYTHON_KEYWORDS.includes(k))));
}

const PYTHON_KEYWORDS = ['ceil_mode', 'count_include_pad', 'divisor_override'];

// --- values -----------------------------------------------------------------------------------------------------

/** Integers beyond what int32, doubles (2^53) and int64 (2^63) hold, and -0. */
const BOUNDARY_INTS = [2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 40, 2 ** 53, 2 ** 53 + 2, 2 ** 63 - 1024, 2 ** 63,
                       -(2 ** 63), -(2 ** 63) - 2048, 2 ** 64, 1e300, -0];
/** What else a JavaScript user passes where an int goes. */
const NOT_INTS: unknown[] = [NaN, Infinity, -Infinity, 2.5, -0.5, 'a', '2', true, false, null, undefined, {}];

const boundaryInt = fc.constantFrom(...BOUNDARY_INTS);
const notInt = fc.constantFrom(...NOT_INTS);

/** An int element: mostly in [lo, hi], sometimes a boundary int, rarely not an int at all. */
function intElement(lo: number, hi: number): fc.Arbitrary<unknown> {
  return fc.oneof({weight: 20, arbitrary: fc.integer({min: lo, max: hi})}, {weight: 2, arbitrary: boundaryInt},
                  {weight: 1, arbitrary: notInt});
}

/** PyTorch's int[N] arguments in JS form: an int, an N-tuple, or a tuple of another length, holes or nesting. */
function intListArb(nd: number, lo: number, hi: number): fc.Arbitrary<unknown> {
  const el = intElement(lo, hi);
  const goodEl = fc.integer({min: lo, max: hi});
  return fc.oneof(
      {weight: 8, arbitrary: el},
      {weight: 8, arbitrary: fc.array(el, {minLength: Math.max(nd, 1), maxLength: Math.max(nd, 1)})},
      {weight: 2, arbitrary: fc.array(goodEl, {maxLength: 4})},
      {weight: 1, arbitrary: fc.tuple(goodEl, goodEl).map(([a, b]) => {
        const holey: unknown[] = [a];
        holey[2] = b;  // [a, <hole>, b]
        return holey;
      })},
      {weight: 1, arbitrary: fc.array(goodEl, {minLength: 1, maxLength: 2}).map(a => [a])},
      {weight: 1, arbitrary: fc.tuple(goodEl, notInt).map(([a, b]) => [a, b])},
  );
}

function optionValue(kind: OptionKind, nd: number, key: string): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'intList':
      return intListArb(nd, 0, 2);
    case 'optionalIntList':
      return fc.oneof({weight: 2, arbitrary: fc.constantFrom(null, [])}, {weight: 6, arbitrary: intListArb(nd, 1, 3)});
    case 'bool':
      return fc.oneof({weight: 12, arbitrary: fc.boolean()}, {weight: 1, arbitrary: notInt},
                      {weight: 1, arbitrary: fc.constantFrom(0, 1)});
    case 'optionalInt':
      // divisor_override: int64 PyTorch takes, but our GPU kernels hold 32 bits (README, Limits); boundary ints from
      // 2^31 up to 2^63 are refused by us and accepted by PyTorch, so the sweep draws the int64 overflows only.
      return fc.oneof({weight: 3, arbitrary: fc.constant(null)}, {weight: 8, arbitrary: fc.integer({min: -3, max: 6})},
                      {weight: 1, arbitrary: fc.constantFrom(2 ** 63, -(2 ** 63) - 2048, 1e300, 2 ** 31 - 1)},
                      {weight: 1, arbitrary: notInt});
    case 'dtype':
      return fc.oneof({weight: 6, arbitrary: fc.constant('float32')}, {weight: 2, arbitrary: fc.constantFrom('int32', 'bool')},
                      {weight: 1, arbitrary: fc.constantFrom(null, 'float64', 3)});
  }
  throw new Error(`unknown option kind ${kind} for ${key}`);
}

/** Misspellings and wrong forms of the options' names, and keys of other ops. */
const UNKNOWN_KEYS = ['ceilmode', 'ceil_mode', 'count_include_pad', 'countIncludePadding', 'divisor', 'strides',
                      'pad', 'keepDim', 'keep_dim', 'kernelSize', 'dilation', 'foo'];

function optionsArb(entry: OpEntry): fc.Arbitrary<unknown> {
  const keys = Object.keys(entry.options);
  const record = fc.record(Object.fromEntries(keys.map(k => [k, optionValue(entry.options[k], entry.nd, k)])),
                           {requiredKeys: []}) as fc.Arbitrary<Record<string, unknown>>;
  const withUnknown = fc.tuple(record, fc.constantFrom(...UNKNOWN_KEYS.filter(k => !keys.includes(k))),
                               fc.constantFrom<unknown>(true, 1, 2, null))
                          .map(([r, k, v]) => ({...r, [k]: v}));
  return fc.oneof({weight: 3, arbitrary: fc.constant(undefined)}, {weight: 12, arbitrary: record},
                  {weight: 2, arbitrary: withUnknown}, {weight: 1, arbitrary: fc.constantFrom<unknown>(2, null, [1])});
}

function argArb(entry: OpEntry): fc.Arbitrary<unknown[]> {
  switch (entry.arg) {
    case 'kernel':
      return intListArb(entry.nd, 1, 4).map(v => [v]);
    case 'outputSize': {
      const el = fc.oneof({weight: 12, arbitrary: fc.integer({min: 0, max: 5})}, {weight: 2, arbitrary: fc.constant(null)},
                          {weight: 1, arbitrary: fc.constantFrom(2 ** 36, 2 ** 40, 2 ** 63, -1)},
                          {weight: 1, arbitrary: notInt});
      return fc.oneof({weight: 6, arbitrary: el}, {weight: 6, arbitrary: fc.array(el, {minLength: entry.nd, maxLength: entry.nd})},
                      {weight: 1, arbitrary: fc.array(el, {maxLength: 4})}).map(v => [v]);
    }
    case 'dim': {
      const el = intElement(-5, 4);
      return fc.oneof({weight: 2, arbitrary: fc.constant<unknown[]>([])}, {weight: 4, arbitrary: el.map(v => [v])},
                      {weight: 4, arbitrary: fc.array(el, {maxLength: 4}).map(v => [v])},
                      {weight: 1, arbitrary: fc.constantFrom(null, undefined).map(v => [v])});
    }
  }
}

function inputArb(entry: OpEntry): fc.Arbitrary<InputSpec> {
  const rank = fc.oneof({weight: 4, arbitrary: fc.constant(entry.nd + 2)}, {weight: 3, arbitrary: fc.constant(entry.nd + 1)},
                        {weight: 1, arbitrary: fc.integer({min: 0, max: 6})});
  const dim = fc.oneof({weight: 20, arbitrary: fc.integer({min: 1, max: 6})}, {weight: 1, arbitrary: fc.constant(0)});
  const shape = rank.chain(r => fc.array(dim, {minLength: r, maxLength: r})).map(shrinkToSize);
  const dtype = fc.oneof({weight: 14, arbitrary: fc.constant<InputDtype>('float32')},
                         {weight: 6, arbitrary: fc.constant<InputDtype>('int32')},
                         {weight: 1, arbitrary: fc.constantFrom<InputDtype>('bool', 'complex64', 'string')});
  const form = fc.oneof({weight: 24, arbitrary: fc.constant<InputForm>('tensor')},
                        {weight: 1, arbitrary: fc.constantFrom<InputForm>('variable', 'disposed', 'array')});
  const values = fc.oneof({weight: 6, arbitrary: fc.constant<InputSpec['values']>('small')},
                          {weight: 1, arbitrary: fc.constantFrom<InputSpec['values']>('special', 'extreme')});
  return fc.record({shape, dtype, form, seed: fc.integer({min: 0, max: 2 ** 31 - 1}), values});
}

/** Keeps inputs small (≤ 1500 elements) so that a few thousand calls run in seconds. */
function shrinkToSize(shape: number[]): number[] {
  const s = [...shape];
  while (s.reduce((a, b) => a * b, 1) > 1500) {
    const i = s.indexOf(Math.max(...s));
    s[i] = Math.max(1, s[i] >> 1);
  }
  return s;
}

/** One call of one op of the table. */
export function callArb(ops: readonly OpEntry[] = OPS): fc.Arbitrary<Call> {
  return fc.constantFrom(...ops).chain(entry => {
    const options = Object.keys(entry.options).length ? optionsArb(entry) : fc.constant(undefined);
    return fc.record({input: inputArb(entry), args: argArb(entry), options})
        .map(({input, args, options: o}) => {
          // The options object goes after the positional argument, so it is passed, as undefined if need be.
          const call: Call = {op: entry.op, input, args: o !== undefined && args.length === 0 ? [undefined] : args};
          if (o !== undefined) call.options = o;
          return call;
        });
  });
}

// --- input values -----------------------------------------------------------------------------------------------

/** mulberry32: the input's values from its seed, so a Call stays small plain data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT32_EXTREMES = [2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30), 2 ** 24 + 1, 0];
const SPECIAL_FLOATS = [NaN, Infinity, -Infinity, -0, 3e38, -3e38, 1e-45];

/** The input's values (numbers; bool as 0/1), row-major. */
export function inputValues(spec: InputSpec): number[] {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const r = random(spec.seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    if (spec.dtype === 'bool') {
      out.push(u < 0.5 ? 0 : 1);
    } else if (spec.dtype === 'int32') {
      out.push(spec.values === 'extreme' && u < 0.5 ? INT32_EXTREMES[Math.floor(r() * INT32_EXTREMES.length)] :
                                                      Math.floor(r() * 17) - 8);
    } else if (spec.values === 'special' && u < 0.2) {
      out.push(SPECIAL_FLOATS[Math.floor(r() * SPECIAL_FLOATS.length)]);
    } else if (spec.values === 'extreme' && u < 0.3) {
      out.push(Math.fround((r() - 0.5) * 1e30));
    } else {
      out.push(u < 0.3 ? Math.floor(r() * 17) - 8 : Math.fround((r() - 0.5) * 8));
    }
  }
  return out;
}
