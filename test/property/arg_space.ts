/**
 * fast-check arbitraries over the whole argument space of the ops in op_table.ts: what a JavaScript user can pass,
 * not only what PyTorch's docs show. A `Call` is plain data (JSON-encodable through js_values.ts), so the same
 * calls feed the property test, the PyTorch fixture sampler and the backend sweep.
 */
import * as fc from 'fast-check';
import {ArgKind, OPS, OpEntry, OptionKind} from './op_table';
import {mulberry32} from '../support/random';

export type InputDtype = 'float32' | 'int32' | 'bool' | 'complex64' | 'string';

/**
 * How the input reaches the op: a tensor, a tf.Variable, a disposed tensor, a nested JS array (TensorLike), or no
 * tensor at all (null, undefined: PyTorch's TypeError).
 */
export type InputForm = 'tensor' | 'variable' | 'disposed' | 'array' | 'null' | 'undefined';

export interface InputSpec {
  shape: number[];
  dtype: InputDtype;
  form: InputForm;
  /** seed of the values (see inputValues) and which values: small, with NaN/±Inf/-0, or int32 extremes */
  seed: number;
  values: 'small' | 'special' | 'extreme';
}

/**
 * max_unpool's indices: int64 (int32 here) or another dtype, the input's shape or another, with values that are
 * mostly valid — each the flat position of a tap of the input position's window, as a max pool of a random input
 * would return — or uniform in the output plane (duplicates: the last write wins), or with some out of range.
 * The values follow from the call's geometry and `seed` (auxValues).
 */
export interface AuxSpec {
  shape: number[];
  dtype: 'int32' | 'float32';
  seed: number;
  values: 'window' | 'random' | 'outOfRange';
}

export interface Call {
  op: string;
  input: InputSpec;
  /** the second tensor input (max_unpool's indices), passed right after the input */
  aux?: AuxSpec;
  /** the positional arguments after the input(s) (absent: not passed) */
  args: unknown[];
  /** the options object, or another value passed in its place; absent: not passed */
  options?: unknown;
}

/** Calls PyTorch has no counterpart for: tested for their error class and leaks only, never sampled to fixtures. */
export function jsOnly(c: Call): boolean {
  return (
    c.input.form !== 'tensor' ||
    c.input.dtype === 'complex64' ||
    c.input.dtype === 'string' ||
    (c.options !== undefined &&
      (c.options === null ||
        typeof c.options !== 'object' ||
        Array.isArray(c.options) ||
        // a key unknown here that is PyTorch's name of a known one: valid in Python
        Object.keys(c.options).some(k => PYTHON_KEYWORDS.includes(k))))
  );
}

const PYTHON_KEYWORDS = ['ceil_mode', 'count_include_pad', 'divisor_override', 'return_indices', 'output_size'];

// --- values -----------------------------------------------------------------------------------------------------

/** Integers beyond what int32, doubles (2^53) and int64 (2^63) hold, and -0. */
const BOUNDARY_INTS = [
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 40,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63 - 1024,
  2 ** 63,
  -(2 ** 63),
  -(2 ** 63) - 2048,
  2 ** 64,
  1e300,
  -0,
];
/** What else a JavaScript user passes where an int goes. */
const NOT_INTS: unknown[] = [NaN, Infinity, -Infinity, 2.5, -0.5, 'a', '2', true, false, null, undefined, {}];

const boundaryInt = fc.constantFrom(...BOUNDARY_INTS);
const notInt = fc.constantFrom(...NOT_INTS);

/** An int element: mostly in [lo, hi], sometimes a boundary int, rarely not an int at all. */
function intElement(lo: number, hi: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    {weight: 20, arbitrary: fc.integer({min: lo, max: hi})},
    {weight: 2, arbitrary: boundaryInt},
    {weight: 1, arbitrary: notInt},
  );
}

/** PyTorch's int[N] arguments in JS form: an int, an N-tuple, or a tuple of another length, holes or nesting. */
function intListArb(nd: number, lo: number, hi: number): fc.Arbitrary<unknown> {
  const el = intElement(lo, hi);
  const goodEl = fc.integer({min: lo, max: hi});
  return fc.oneof(
    {weight: 8, arbitrary: el},
    {weight: 8, arbitrary: fc.array(el, {minLength: Math.max(nd, 1), maxLength: Math.max(nd, 1)})},
    {weight: 2, arbitrary: fc.array(goodEl, {maxLength: 4})},
    {
      weight: 1,
      arbitrary: fc.tuple(goodEl, goodEl).map(([a, b]) => {
        const holey: unknown[] = [a];
        holey[2] = b; // [a, <hole>, b]
        return holey;
      }),
    },
    {weight: 1, arbitrary: fc.array(goodEl, {minLength: 1, maxLength: 2}).map(a => [a])},
    {weight: 1, arbitrary: fc.tuple(goodEl, notInt).map(([a, b]) => [a, b])},
  );
}

function optionValue(kind: OptionKind, nd: number, key: string): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'intList':
      return intListArb(nd, 0, 2);
    case 'positiveIntList':
      return intListArb(nd, 1, 3);
    case 'unpoolOutputSize':
      // resolved against the input's shape and the kernel, stride and padding in callArb
      return fc.oneof(
        {weight: 3, arbitrary: fc.constant(null)},
        {weight: 10, arbitrary: unpoolSizeDraw(nd)},
        {weight: 1, arbitrary: fc.constantFrom<unknown>(3, [], [1, 2, 3, 4, 5], [2, NaN, 2], 'a')},
      );
    case 'optionalIntList':
      return fc.oneof({weight: 2, arbitrary: fc.constantFrom(null, [])}, {weight: 6, arbitrary: intListArb(nd, 1, 3)});
    case 'bool':
      return fc.oneof(
        {weight: 12, arbitrary: fc.boolean()},
        {weight: 1, arbitrary: notInt},
        {weight: 1, arbitrary: fc.constantFrom(0, 1)},
      );
    case 'optionalInt':
      // divisor_override: int64 PyTorch takes, but our GPU kernels hold 32 bits (README, Limits); boundary ints from
      // 2^31 up to 2^63 are refused by us and accepted by PyTorch, so the sweep draws the int64 overflows only.
      return fc.oneof(
        {weight: 3, arbitrary: fc.constant(null)},
        {weight: 8, arbitrary: fc.integer({min: -3, max: 6})},
        {weight: 1, arbitrary: fc.constantFrom(2 ** 63, -(2 ** 63) - 2048, 1e300, 2 ** 31 - 1)},
        {weight: 1, arbitrary: notInt},
      );
    case 'dtype':
      return fc.oneof(
        {weight: 6, arbitrary: fc.constant('float32')},
        {weight: 2, arbitrary: fc.constantFrom('int32', 'bool')},
        {weight: 1, arbitrary: fc.constantFrom(null, 'float64', 3)},
      );
  }
  throw new Error(`unknown option kind ${kind} for ${key}`);
}

/** Misspellings and wrong forms of the options' names, and keys of other ops. */
const UNKNOWN_KEYS = [
  'ceilmode',
  'ceil_mode',
  'count_include_pad',
  'countIncludePadding',
  'divisor',
  'strides',
  'pad',
  'keepDim',
  'keep_dim',
  'kernelSize',
  'dilation',
  'return_indices',
  'returnIndex',
  'output_size',
  'foo',
];

function optionsArb(entry: OpEntry): fc.Arbitrary<unknown> {
  const keys = Object.keys(entry.options);
  const record = fc.record(Object.fromEntries(keys.map(k => [k, optionValue(entry.options[k], entry.nd, k)])), {
    requiredKeys: [],
  }) as fc.Arbitrary<Record<string, unknown>>;
  const withUnknown = fc
    .tuple(
      record,
      fc.constantFrom(...UNKNOWN_KEYS.filter(k => !keys.includes(k))),
      fc.constantFrom<unknown>(true, 1, 2, null),
    )
    .map(([r, k, v]) => ({...r, [k]: v}));
  return fc.oneof(
    {weight: 3, arbitrary: fc.constant(undefined)},
    {weight: 12, arbitrary: record},
    {weight: 2, arbitrary: withUnknown},
    {weight: 1, arbitrary: fc.constantFrom<unknown>(2, null, [1])},
  );
}

/** One positional argument of a kind; mean's dim may also be absent (not passed), hence a list. */
function argArb(kind: ArgKind, nd: number): fc.Arbitrary<unknown[]> {
  switch (kind) {
    case 'kernel':
      return intListArb(nd, 1, 4).map(v => [v]);
    case 'outputSize': {
      const el = fc.oneof(
        {weight: 12, arbitrary: fc.integer({min: 0, max: 5})},
        {weight: 2, arbitrary: fc.constant(null)},
        {weight: 1, arbitrary: fc.constantFrom(2 ** 36, 2 ** 40, 2 ** 63, -1)},
        {weight: 1, arbitrary: notInt},
      );
      // Sizes between "fits" and "refused": 46341 and 65537 fit on one axis (an int32, an index) but an int for 2 or
      // 3 axes makes a plane just past 2^31 - 1 elements (MAX_OUTPUT_ELEMENTS, README Limits), refused before any
      // work whatever the batch. Outputs that fit but are huge (20000 × 20000: 1.6 GB a plane, as the JS loop runs
      // it, kernels/shared/box_simd.ts MAX_COPIED_BYTES) are too slow and too large for a property run.
      const between = nd >= 2 ? [{weight: 1, arbitrary: fc.constantFrom<unknown>(46341, 65537)}] : [];
      return fc
        .oneof(
          {weight: 6, arbitrary: el},
          {weight: 6, arbitrary: fc.array(el, {minLength: nd, maxLength: nd})},
          {weight: 1, arbitrary: fc.array(el, {maxLength: 4})},
          ...between,
        )
        .map(v => [v]);
    }
    case 'dim': {
      const el = intElement(-5, 4);
      return fc.oneof(
        {weight: 2, arbitrary: fc.constant<unknown[]>([])},
        {weight: 4, arbitrary: el.map(v => [v])},
        {weight: 4, arbitrary: fc.array(el, {maxLength: 4}).map(v => [v])},
        {weight: 1, arbitrary: fc.constantFrom(null, undefined).map(v => [v])},
      );
    }
    case 'normType':
      // ATen's special exponents (1, 2, 3, 0.5 and their inverses), ±inf (max pools), general ones; 0 and NaN;
      // what else a user passes
      return fc
        .oneof(
          {weight: 12, arbitrary: fc.constantFrom(1, 2, 3, 0.5, Infinity, -Infinity, 1.5, 4, 2.5)},
          {weight: 3, arbitrary: fc.constantFrom(-1, -2, -0.5, -3, 0, -0, NaN, 1e-3)},
          {weight: 1, arbitrary: fc.constantFrom<unknown>('2', null, true, undefined, [2])},
        )
        .map(v => [v]);
  }
}

function argsArb(entry: OpEntry): fc.Arbitrary<unknown[]> {
  return fc.tuple(...entry.args.map(kind => argArb(kind, entry.nd))).map(lists => lists.flat(1));
}

function inputArb(entry: OpEntry): fc.Arbitrary<InputSpec> {
  const rank = fc.oneof(
    {weight: 4, arbitrary: fc.constant(entry.nd + 2)},
    {weight: 3, arbitrary: fc.constant(entry.nd + 1)},
    {weight: 1, arbitrary: fc.integer({min: 0, max: 6})},
  );
  const dim = fc.oneof({weight: 20, arbitrary: fc.integer({min: 1, max: 6})}, {weight: 1, arbitrary: fc.constant(0)});
  const shape = rank.chain(r => fc.array(dim, {minLength: r, maxLength: r})).map(shrinkToSize);
  const dtype = fc.oneof(
    {weight: 14, arbitrary: fc.constant<InputDtype>('float32')},
    {weight: 6, arbitrary: fc.constant<InputDtype>('int32')},
    {weight: 1, arbitrary: fc.constantFrom<InputDtype>('bool', 'complex64', 'string')},
  );
  const form = fc.oneof(
    {weight: 24, arbitrary: fc.constant<InputForm>('tensor')},
    {weight: 1, arbitrary: fc.constantFrom<InputForm>('variable', 'disposed', 'array', 'null', 'undefined')},
  );
  const values = fc.oneof(
    {weight: 6, arbitrary: fc.constant<InputSpec['values']>('small')},
    {weight: 1, arbitrary: fc.constantFrom<InputSpec['values']>('special', 'extreme')},
  );
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
    const aux = entry.aux ? auxArb() : fc.constant(undefined);
    return fc
      .record({input: inputArb(entry), args: argsArb(entry), options, aux})
      .map(({input, args, options: o, aux: a}) => {
        // The options object goes after the positional argument, so it is passed, as undefined if need be.
        const call: Call = {op: entry.op, input, args: o !== undefined && args.length === 0 ? [undefined] : args};
        if (a !== undefined) call.aux = resolveAux(a, input.shape);
        if (o !== undefined) call.options = resolveUnpoolSize(o, entry.nd, input.shape, args[args.length - 1]);
        return call;
      })
      .filter(c => !largeUnpool(c, entry.nd));
  });
}

/**
 * max_unpool's output grows with kernel × stride: a kernel of 2^31-1 on a one-cell plane is a valid output of
 * 2^31-1 elements (8 GiB, minutes of work, and the reference's array). Calls whose output would hold more than
 * 2^20 elements and still be allocated are left out; larger ones (the allocation error) stay.
 */
function largeUnpool(c: Call, nd: number): boolean {
  if (c.aux === undefined) return false;
  const o = (c.options !== null && typeof c.options === 'object' ? c.options : {}) as Record<string, unknown>;
  const {defaults} = unpoolGeometry(nd, c.input.shape, c.args[0], o);
  const given = Array.isArray(o.outputSize) ? (o.outputSize as unknown[]).slice(-nd).map(Number) : defaults;
  const lead = c.input.shape.slice(0, Math.max(0, c.input.shape.length - nd)).reduce((a, b) => a * b, 1);
  const numel = lead * given.reduce((a, b) => a * Math.max(Number.isFinite(b) ? b : 0, 0), 1);
  return numel > 2 ** 20 && numel <= 2 ** 31 - 1;
}

// --- max_unpool: indices and output_size -----------------------------------------------------------------------

/** Per axis, where in (default - stride, default + stride) the size lies (0..1), or a bound itself (invalid). */
class UnpoolSizeDraw {
  constructor(
    readonly at: Array<number | 'low' | 'high'>,
    readonly full: boolean,
  ) {}
}

function unpoolSizeDraw(nd: number): fc.Arbitrary<unknown> {
  const at = fc.oneof(
    {weight: 12, arbitrary: fc.double({min: 0, max: 0.999, noNaN: true})},
    {weight: 1, arbitrary: fc.constantFrom<'low' | 'high'>('low', 'high')},
  );
  return fc
    .tuple(fc.array(at, {minLength: nd, maxLength: nd}), fc.boolean())
    .map(([a, full]) => new UnpoolSizeDraw(a, full));
}

/** A PyTorch int list as numbers per axis when it is one (else null): an int, or nd ints, or one int. */
function numbersPerAxis(v: unknown, nd: number): number[] | null {
  const list = typeof v === 'number' ? [v] : Array.isArray(v) ? [...v] : null;
  if (list === null || !list.every(e => typeof e === 'number' && Number.isSafeInteger(e))) return null;
  if (list.length === 1) return new Array<number>(nd).fill(list[0] as number);
  return list.length === nd ? (list as number[]) : null;
}

/** The unpool's geometry as far as the call's arguments are plain ints: kernel, stride, padding and default size. */
export function unpoolGeometry(
  nd: number,
  shape: number[],
  kernelArg: unknown,
  options: unknown,
): {kernel: number[]; stride: number[]; padding: number[]; defaults: number[]} {
  const o = (options !== null && typeof options === 'object' ? options : {}) as Record<string, unknown>;
  const kernel = numbersPerAxis(kernelArg, nd) ?? new Array<number>(nd).fill(2);
  const stride = o.stride === null || o.stride === undefined ? kernel : (numbersPerAxis(o.stride, nd) ?? kernel);
  const padding = numbersPerAxis(o.padding ?? 0, nd) ?? new Array<number>(nd).fill(0);
  const spatial = shape.slice(-nd);
  const defaults = kernel.map((k, d) => ((spatial[d] ?? 1) - 1) * stride[d] + k - 2 * padding[d]);
  return {kernel, stride, padding, defaults};
}

function resolveUnpoolSize(options: unknown, nd: number, shape: number[], kernelArg: unknown): unknown {
  const o = options as Record<string, unknown>;
  if (o === null || typeof o !== 'object' || !(o.outputSize instanceof UnpoolSizeDraw)) return options;
  const draw = o.outputSize;
  const {stride, defaults} = unpoolGeometry(nd, shape, kernelArg, {...o, outputSize: undefined});
  const sizes = defaults.map((def, d) => {
    const at = draw.at[d];
    const s = Math.max(1, stride[d]);
    return at === 'low' ? def - s : at === 'high' ? def + s : def - s + 1 + Math.floor(at * (2 * s - 1));
  });
  return {...o, outputSize: draw.full ? [1 + (sizes[0] & 1), 3, ...sizes] : sizes};
}

interface AuxDraw {
  dtype: 'int32' | 'float32';
  shape: 'same' | 'longer' | 'fewer';
  values: AuxSpec['values'];
  seed: number;
}

function auxArb(): fc.Arbitrary<AuxDraw> {
  return fc.record({
    dtype: fc.oneof(
      {weight: 20, arbitrary: fc.constant<'int32'>('int32')},
      {weight: 1, arbitrary: fc.constant<'float32'>('float32')},
    ),
    shape: fc.oneof(
      {weight: 20, arbitrary: fc.constant<'same'>('same')},
      {weight: 1, arbitrary: fc.constantFrom<'longer' | 'fewer'>('longer', 'fewer')},
    ),
    values: fc.oneof(
      {weight: 10, arbitrary: fc.constant<'window'>('window')},
      {weight: 3, arbitrary: fc.constant<'random'>('random')},
      {weight: 1, arbitrary: fc.constant<'outOfRange'>('outOfRange')},
    ),
    seed: fc.integer({min: 0, max: 2 ** 31 - 1}),
  });
}

function resolveAux(a: AuxDraw, inputShape: number[]): AuxSpec {
  const shape =
    a.shape === 'same'
      ? [...inputShape]
      : a.shape === 'longer'
        ? [...inputShape.slice(0, -1), (inputShape[inputShape.length - 1] ?? 0) + 1]
        : inputShape.slice(1);
  return {shape, dtype: a.dtype, seed: a.seed, values: a.values};
}

/**
 * The indices' values (row-major): for `window`, per input position a tap of its window (o·s - p + t, t < k,
 * clamped into the output) on each axis, flattened over the output plane; `random` uniform in the plane;
 * `outOfRange` as `window` with about one in eight set to -1 or the plane's size.
 */
export function auxValues(call: Call): number[] {
  const spec = call.aux!;
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const nd = Number(call.op.slice(-2, -1));
  const o = (call.options !== null && typeof call.options === 'object' ? call.options : {}) as Record<string, unknown>;
  const {kernel, stride, padding, defaults} = unpoolGeometry(nd, call.input.shape, call.args[0], o);
  const given = Array.isArray(o.outputSize) ? (o.outputSize as unknown[]).slice(-nd).map(Number) : null;
  const out = given !== null && given.length === nd && given.every(Number.isSafeInteger) ? given : defaults;
  const plane = out.reduce((a, b) => a * Math.max(b, 0), 1);
  const inSpatial = spec.shape.slice(-nd);
  const r = mulberry32(spec.seed);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    if (spec.values === 'random' || inSpatial.length < nd) {
      values.push(Math.floor(r() * Math.max(plane, 1)));
      continue;
    }
    let rem = i;
    const pos = new Array<number>(nd);
    for (let d = nd - 1; d >= 0; d--) {
      pos[d] = rem % inSpatial[d];
      rem = Math.floor(rem / inSpatial[d]);
    }
    let flat = 0;
    for (let d = 0; d < nd; d++) {
      const tap = pos[d] * stride[d] - padding[d] + Math.floor(r() * Math.max(kernel[d], 1));
      flat = flat * Math.max(out[d], 0) + Math.min(Math.max(tap, 0), Math.max(out[d] - 1, 0));
    }
    if (spec.values === 'outOfRange' && r() < 0.125) flat = r() < 0.5 ? -1 : plane;
    values.push(flat);
  }
  // an int32 tensor holds them (huge kernels make huge planes)
  return values.map(v => Math.min(Math.max(v, -(2 ** 31)), 2 ** 31 - 1));
}

// --- input values -----------------------------------------------------------------------------------------------

const INT32_EXTREMES = [2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30), 2 ** 24 + 1, 0];
const SPECIAL_FLOATS = [NaN, Infinity, -Infinity, -0, 3e38, -3e38, 1e-45];

/** The input's values (numbers; bool as 0/1), row-major. */
export function inputValues(spec: InputSpec): number[] {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const r = mulberry32(spec.seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    if (spec.dtype === 'bool') {
      out.push(u < 0.5 ? 0 : 1);
    } else if (spec.dtype === 'int32') {
      out.push(
        spec.values === 'extreme' && u < 0.5
          ? INT32_EXTREMES[Math.floor(r() * INT32_EXTREMES.length)]
          : Math.floor(r() * 17) - 8,
      );
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
