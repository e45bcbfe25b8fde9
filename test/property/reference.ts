/**
 * A plain reference for the property test: PyTorch's documented formulas, written as directly as possible and
 * independently of src/geometry (output sizes, windows and divisors per axis, row-major float32 sums, one division;
 * adaptive bins divided per axis; mean in float64, rounded once; max pools by PyTorch's scan; max_unpool's scatter;
 * lp pools by torch/nn/functional.py's formula). It assumes the call is valid: it is asked only about calls the op
 * accepted.
 */
import type {Call} from './arg_space';

export interface RefResult {
  shape: number[];
  dtype: string;
  values: number[];
  /** a max pool's indices (int32 flat positions in each input plane), when the call asked for them */
  indices?: number[];
  /**
   * `mean`: mean numerics (a float64 sum), compared with the mean tolerance; `lp`: powers, compared with the lp
   * tolerance; `pool`: bit for bit
   */
  kind: 'pool' | 'mean' | 'lp';
  /** per value, other results PyTorch may give (mean: ±inf where its float32 sums may overflow) */
  alternatives?: number[][];
}

const perAxis = (v: unknown, nd: number): number[] => {
  // a bool, alone or in a tuple, is the int 0 or 1, as Python takes it
  const list = typeof v === 'number' || typeof v === 'boolean' ? [Number(v)] : Array.from(v as unknown[], Number);
  return list.length === 1 ? new Array<number>(nd).fill(list[0]) : list;
};

/** Axis windows: per output index, [start, end) in the input and the divisor factor. */
interface Axis {
  inSize: number;
  start: number[];
  end: number[];
  factor: number[];
}

function poolAxis(L: number, k: number, s: number, p: number, ceil: boolean, countPad: boolean): Axis {
  let out = Math.floor((L + 2 * p - k + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= L + p) out--;
  const a: Axis = {inSize: L, start: [], end: [], factor: []};
  for (let o = 0; o < out; o++) {
    const lo = o * s - p;
    const hi = Math.min(lo + k, L + p);
    const start = Math.max(lo, 0);
    const end = Math.min(hi, L);
    a.start.push(start);
    a.end.push(end);
    a.factor.push(countPad ? hi - lo : end - start);
  }
  return a;
}

function adaptiveAxis(L: number, O: number): Axis {
  const a: Axis = {inSize: L, start: [], end: [], factor: []};
  for (let o = 0; o < O; o++) {
    const start = Math.floor((o * L) / O);
    const end = Math.ceil(((o + 1) * L) / O);
    a.start.push(start);
    a.end.push(end);
    a.factor.push(end - start);
  }
  return a;
}

/** Visits every output of the box (row-major) with its cells (row-major). */
function boxes(axes: Axis[], visit: (cells: number[], outIndex: number[]) => void): void {
  const nd = axes.length;
  const outIdx = new Array<number>(nd).fill(0);
  const total = axes.reduce((n, a) => n * a.start.length, 1);
  for (let t = 0; t < total; t++) {
    let r = t;
    for (let d = nd - 1; d >= 0; d--) {
      outIdx[d] = r % axes[d].start.length;
      r = Math.floor(r / axes[d].start.length);
    }
    const cells: number[] = [];
    const walk = (d: number, offset: number) => {
      if (d === nd) {
        cells.push(offset);
        return;
      }
      for (let i = axes[d].start[outIdx[d]]; i < axes[d].end[outIdx[d]]; i++) walk(d + 1, offset * axes[d].inSize + i);
    };
    walk(0, 0);
    visit(cells, [...outIdx]);
  }
}

function box(
  x: number[],
  shape: number[],
  axes: Axis[],
  integer: boolean,
  divide: (sum: number, outIdx: number[]) => number,
): RefResult {
  const nd = axes.length;
  const lead = shape.slice(0, shape.length - nd);
  const planes = lead.reduce((a, b) => a * b, 1);
  const planeSize = axes.reduce((n, a) => n * a.inSize, 1);
  const values: number[] = [];
  for (let p = 0; p < planes; p++) {
    boxes(axes, (cells, outIdx) => {
      let acc = 0;
      for (const c of cells) acc = integer ? acc + x[p * planeSize + c] : Math.fround(acc + x[p * planeSize + c]);
      values.push(divide(acc, outIdx));
    });
  }
  return {
    shape: [...lead, ...axes.map(a => a.start.length)],
    dtype: integer ? 'int32' : 'float32',
    values,
    kind: 'pool',
  };
}

function meanRef(x: number[], shape: number[], dims: number[], keepdim: boolean): RefResult {
  const rank = shape.length;
  const reduce = dims.length === 0 ? shape.map((_, d) => d) : dims.map(d => (d < 0 ? d + Math.max(rank, 1) : d));
  const isReduced = (d: number) => reduce.includes(d);
  const outShape = shape.flatMap((s, d) => (isReduced(d) ? (keepdim ? [1] : []) : [s]));
  const keptSizes = shape.map((s, d) => (isReduced(d) ? 1 : s));
  const count = shape.reduce((n, s, d) => n * (isReduced(d) ? s : 1), 1);
  const outCount = keptSizes.reduce((a, b) => a * b, 1);
  const sums = new Float64Array(outCount);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < x.length; i++) {
    let r = i;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = r % shape[d];
      r = Math.floor(r / shape[d]);
    }
    let o = 0;
    for (let d = 0; d < rank; d++) o = o * keptSizes[d] + (isReduced(d) ? 0 : idx[d]);
    sums[o] += x[i];
  }
  // PyTorch sums float32 in float32 (a cascade whose order this reference does not follow): where a float32 running
  // sum of the output's terms overflows, PyTorch's result may be ±inf or finite, so both are accepted there.
  const run = new Float32Array(outCount);
  const overflows = new Array<boolean>(outCount).fill(false);
  for (let i = 0; i < x.length; i++) {
    let r = i;
    let o = 0;
    let stride = 1;
    for (let d = rank - 1; d >= 0; d--) {
      if (!isReduced(d)) o += (r % shape[d]) * stride;
      stride *= keptSizes[d];
      r = Math.floor(r / shape[d]);
    }
    run[o] += x[i];
    if (Number.isFinite(x[i]) && !Number.isFinite(run[o])) overflows[o] = true;
  }
  const values = Array.from(sums, s => Math.fround(s / count));
  return {
    shape: outShape,
    dtype: 'float32',
    values,
    kind: 'mean',
    alternatives: values.map((v, i) =>
      overflows[i] && Number.isFinite(v) ? [Infinity * Math.sign(v || 1), -Infinity] : [],
    ),
  };
}

// --- the max family ----------------------------------------------------------------------------------------------

/** A max window axis: per output index, the taps (in order) inside the input, and the first tap (PyTorch's start). */
interface MaxAxis {
  inSize: number;
  taps: number[][];
  first: number[];
}

/** Pool.h's output size with dilation and the ceil-mode rule (the last window starts inside input or left pad). */
function maxAxis(L: number, k: number, s: number, p: number, d: number, ceil: boolean): MaxAxis {
  const span = d * (k - 1) + 1;
  let out = Math.floor((L + 2 * p - span + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= L + p) out--;
  const a: MaxAxis = {inSize: L, taps: [], first: []};
  for (let o = 0; o < out; o++) {
    let start = o * s - p;
    const taps: number[] = [];
    // taps start + j*d, j < k, inside [0, L) (from the first at or past 0: k may be 2^31-1)
    for (let j = Math.max(0, Math.ceil(-start / d)); j < k && start + j * d < L; j++) taps.push(start + j * d);
    while (start < 0) start += d;
    a.taps.push(taps);
    a.first.push(start);
  }
  return a;
}

function adaptiveMaxAxis(L: number, O: number): MaxAxis {
  const a: MaxAxis = {inSize: L, taps: [], first: []};
  for (let o = 0; o < O; o++) {
    const start = Math.floor((o * L) / O);
    const end = Math.ceil(((o + 1) * L) / O);
    a.taps.push(Array.from({length: end - start}, (_, i) => start + i));
    a.first.push(start);
  }
  return a;
}

/**
 * PyTorch's max scan: start from the lowest value and the first tap's index, visit the window's taps row-major,
 * take a tap when `v > best || isnan(v)` (ties keep the first, NaN wins, the last NaN is kept). Padding is never
 * read. int32 plays int64: a window without taps (dilation over padding) holds the lowest value.
 */
function maxScan(x: number[], shape: number[], axes: MaxAxis[], integer: boolean): RefResult & {indices: number[]} {
  const nd = axes.length;
  const lead = shape.slice(0, shape.length - nd);
  const planes = lead.reduce((a, b) => a * b, 1);
  const planeSize = axes.reduce((n, a) => n * a.inSize, 1);
  const outSizes = axes.map(a => a.taps.length);
  const total = outSizes.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  const indices: number[] = [];
  for (let p = 0; p < planes; p++) {
    for (let t = 0; t < total; t++) {
      const o = new Array<number>(nd);
      let r = t;
      for (let d = nd - 1; d >= 0; d--) {
        o[d] = r % outSizes[d];
        r = Math.floor(r / outSizes[d]);
      }
      // int64's minimum for int32 playing int64, which int32 cannot hold: int32's is stored (README, Limits)
      let best = integer ? -(2 ** 31) : -Infinity;
      let at = o.reduce((f, od, d) => f * axes[d].inSize + axes[d].first[od], 0);
      const visit = (d: number, flat: number) => {
        if (d === nd) {
          const v = x[p * planeSize + flat];
          if (v > best || Number.isNaN(v)) {
            best = v;
            at = flat;
          }
          return;
        }
        for (const i of axes[d].taps[o[d]]) visit(d + 1, flat * axes[d].inSize + i);
      };
      visit(0, 0);
      values.push(best);
      indices.push(at);
    }
  }
  return {shape: [...lead, ...outSizes], dtype: integer ? 'int32' : 'float32', values, indices, kind: 'pool'};
}

/** An int list argument per axis (an int, or one entry broadcast, or nd entries); null, undefined or [] → fallback. */
function listOr(v: unknown, nd: number, fallback: number[]): number[] {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return fallback;
  return perAxis(v, nd);
}

/** Python's `if return_indices:` (boolean_dispatch): None, 0, '', () and {} are false, NaN true. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  return typeof v === 'object' ? Object.keys(v as object).length > 0 : Boolean(v);
}

function maxPoolRef(call: Call, x: number[], shape: number[], integer: boolean): RefResult {
  const nd = Number(call.op.slice(-2, -1));
  const o = (call.options ?? {}) as Record<string, unknown>;
  const kernel = perAxis(call.args[0], nd);
  const stride = listOr(o.stride, nd, kernel);
  const padding = listOr(o.padding, nd, new Array<number>(nd).fill(0));
  const dilation = listOr(o.dilation, nd, new Array<number>(nd).fill(1));
  const spatial = shape.slice(-nd);
  const axes = spatial.map((L, d) => maxAxis(L, kernel[d], stride[d], padding[d], dilation[d], Boolean(o.ceilMode)));
  const r = maxScan(x, shape, axes, integer);
  return truthy(o.returnIndices) ? r : {...r, indices: undefined};
}

function adaptiveMaxRef(call: Call, x: number[], shape: number[]): RefResult {
  const nd = Number(call.op.slice(-2, -1));
  const spatial = shape.slice(-nd);
  const raw = call.args[0];
  const sizes =
    typeof raw === 'number'
      ? new Array<number>(nd).fill(raw)
      : Array.from(raw as Array<number | boolean | null>, (v, d) =>
          v === null || v === undefined ? spatial[d] : Number(v),
        );
  const o = (call.options ?? {}) as {returnIndices?: unknown};
  const outShape = [...shape.slice(0, shape.length - nd), ...sizes];
  // an empty output's other axes may be as long as 2^40: no bins to build
  if (outShape.includes(0)) {
    return {
      shape: outShape,
      dtype: 'float32',
      values: [],
      kind: 'pool',
      indices: truthy(o.returnIndices) ? [] : undefined,
    };
  }
  const r = maxScan(
    x,
    shape,
    spatial.map((L, d) => adaptiveMaxAxis(L, sizes[d])),
    false,
  );
  return truthy(o.returnIndices) ? r : {...r, indices: undefined};
}

/** max_unpool: zeros, then out[plane][idx] = x in the input's flat order (the last write wins). */
function maxUnpoolRef(call: Call, x: number[], shape: number[], idx: number[]): RefResult {
  const nd = Number(call.op.slice(-2, -1));
  const o = (call.options ?? {}) as {stride?: unknown; padding?: unknown; outputSize?: number[] | null};
  const kernel = perAxis(call.args[0], nd);
  const stride = o.stride === null || o.stride === undefined ? kernel : perAxis(o.stride, nd);
  const padding = perAxis(o.padding ?? 0, nd);
  const spatial = shape.slice(-nd);
  const sizes =
    o.outputSize === null || o.outputSize === undefined
      ? spatial.map((L, d) => (L - 1) * stride[d] + kernel[d] - 2 * padding[d])
      : o.outputSize.slice(-nd).map(Number);
  const lead = shape.slice(0, shape.length - nd);
  const planes = lead.reduce((a, b) => a * b, 1);
  const inPlane = spatial.reduce((a, b) => a * b, 1);
  const outPlane = sizes.reduce((a, b) => a * b, 1);
  const values = new Array<number>(planes * outPlane).fill(0);
  // an empty output is returned as it is (the index check is skipped too)
  for (let p = 0; p < planes && outPlane > 0; p++) {
    for (let i = 0; i < inPlane; i++) values[p * outPlane + idx[p * inPlane + i]] = x[p * inPlane + i];
  }
  return {shape: [...lead, ...sizes], dtype: 'float32', values, kind: 'pool'};
}

/** C's pow (which ATen's float kernels follow): unlike Math.pow, 1^y = 1 and (-1)^±inf = 1, even for NaN y. */
function cPow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

/**
 * A float32 tensor's x.pow(e) in ATen: its special exponents are arithmetic (x·x, x·x·x, sqrt, 1/sqrt, 1/x,
 * 1/(x·x): sqrt(-inf) is NaN where C's pow gives inf), every other exponent C's pow; each step rounded to float32.
 */
function atenPow(a: number, e: number): number {
  const f = Math.fround;
  switch (e) {
    case 1:
      return a;
    case 2:
      return f(a * a);
    case 3:
      return f(f(a * a) * a);
    case 0.5:
      return f(Math.sqrt(a));
    case -0.5:
      return f(1 / f(Math.sqrt(a)));
    case -1:
      return f(1 / a);
    case -2:
      return f(1 / f(a * a));
  }
  return f(cPow(a, e));
}

const f32Sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);

/**
 * lp_pool: ±inf → ±max_pool(±|x|); otherwise avg_pool(x^p, k, stride, 0, ceil) (padding 0: the divisor counts the
 * window's taps inside the input), u = (sign(a)·relu(|a|))·K, then u^(1/p), all in float32; int32 with an integer
 * p: int64 powers and a truncating average, then float.
 */
function lpPoolRef(call: Call, x: number[], shape: number[], integer: boolean): RefResult {
  const nd = Number(call.op.slice(-2, -1));
  const p = Number(call.args[0]);
  const o = (call.options ?? {}) as {stride?: unknown; ceilMode?: boolean};
  const kernel = perAxis(call.args[1], nd);
  const stride = listOr(o.stride, nd, kernel);
  const spatial = shape.slice(-nd);
  if (p === Infinity || p === -Infinity) {
    const axes = spatial.map((L, d) => maxAxis(L, kernel[d], stride[d], 0, 1, o.ceilMode ?? false));
    const sign = p > 0 ? 1 : -1;
    const r = maxScan(
      x.map(v => sign * Math.abs(v)),
      shape,
      axes,
      integer,
    );
    return {...r, values: r.values.map(v => sign * v), indices: undefined};
  }
  const axes = spatial.map((L, d) => poolAxis(L, kernel[d], stride[d], 0, o.ceilMode ?? false, true));
  const K = kernel.reduce((a, b) => a * b, 1);
  const root = Math.fround(1 / p);
  if (integer && Number.isInteger(p)) {
    // int64 powers (wrapping), the windows summed exactly in int64, a truncating division, sign(a)·relu(|a|) = a
    const pow = x.map(v => BigInt.asIntN(64, BigInt(v) ** BigInt(p)));
    const planeSize = axes.reduce((n, a) => n * a.inSize, 1);
    const planes = shape.slice(0, shape.length - nd).reduce((a, b) => a * b, 1);
    const values: number[] = [];
    for (let pl = 0; pl < planes; pl++) {
      boxes(axes, (cells, outIdx) => {
        let acc = BigInt(0);
        for (const c of cells) acc = BigInt.asIntN(64, acc + pow[pl * planeSize + c]);
        const avg = acc / BigInt(outIdx.reduce((q, i, d) => q * axes[d].factor[i], 1));
        const u = BigInt.asIntN(64, avg * BigInt(K));
        values.push(atenPow(Math.fround(Number(u)), root));
      });
    }
    return {
      shape: [...shape.slice(0, shape.length - nd), ...axes.map(a => a.start.length)],
      dtype: 'float32',
      values,
      kind: 'lp',
    };
  }
  const powed = x.map(v => atenPow(v, p));
  const r = box(powed, shape, axes, false, (sum, outIdx) =>
    Math.fround(sum / outIdx.reduce((q, i, d) => q * axes[d].factor[i], 1)),
  );
  const values = r.values.map(a => {
    // torch.sign(NaN) is 0 and relu(NaN) NaN: NaN stays NaN
    const u = Math.fround(Math.fround(f32Sign(a) * (Number.isNaN(a) ? NaN : Math.max(Math.abs(a), 0))) * K);
    return atenPow(u, root);
  });
  return {...r, values, kind: 'lp'};
}

/** What the call computes, given its input's values and shape (the op accepted the call); `aux`: unpool's indices. */
export function reference(call: Call, x: number[], shape: number[], dtype: string, aux?: number[]): RefResult {
  const nd = Number(call.op.slice(-2, -1));
  const integer = dtype === 'int32';
  if (call.op.startsWith('maxPool')) return maxPoolRef(call, x, shape, integer);
  if (call.op.startsWith('adaptiveMax')) return adaptiveMaxRef(call, x, shape);
  if (call.op.startsWith('maxUnpool')) return maxUnpoolRef(call, x, shape, aux!);
  // bool's powers are int64's (ATen promotes bool with an int exponent to int64)
  if (call.op.startsWith('lpPool')) return lpPoolRef(call, x, shape, integer || dtype === 'bool');
  if (call.op === 'mean') {
    const dim = call.args[0];
    const o = (call.options ?? {}) as {keepdim?: boolean};
    const dims =
      dim === null || dim === undefined ? [] : typeof dim === 'number' ? [dim] : Array.from(dim as unknown[], Number);
    return meanRef(x, shape, dims, o.keepdim ?? false);
  }
  const spatial = shape.slice(-nd);
  if (call.op.startsWith('adaptive')) {
    const raw = call.args[0];
    const sizes =
      typeof raw === 'number'
        ? new Array<number>(nd).fill(raw)
        : Array.from(raw as Array<number | boolean | null>, (v, d) =>
            v === null || v === undefined ? spatial[d] : Number(v),
          );
    if (sizes.every(s => s === 1)) {
      return {
        ...meanRef(
          x,
          shape,
          spatial.map((_, d) => shape.length - nd + d),
          true,
        ),
        kind: 'mean',
      };
    }
    const outShape = [...shape.slice(0, shape.length - nd), ...sizes];
    // An empty output is returned before PyTorch dispatches on the dtype: it keeps the input's.
    if (outShape.includes(0)) return {shape: outShape, dtype, values: [], kind: 'pool'};
    const axes = spatial.map((L, d) => adaptiveAxis(L, sizes[d]));
    return box(x, shape, axes, false, (sum, outIdx) =>
      outIdx.reduce((q, o, d) => Math.fround(q / axes[d].factor[o]), sum),
    );
  }
  const o = (call.options ?? {}) as {
    stride?: unknown;
    padding?: unknown;
    ceilMode?: boolean;
    countIncludePad?: boolean;
    divisorOverride?: number | null;
  };
  const kernel = perAxis(call.args[0], nd);
  const stride =
    o.stride === null || o.stride === undefined || (o.stride as unknown[]).length === 0
      ? kernel
      : perAxis(o.stride, nd);
  const padding = perAxis(o.padding ?? 0, nd);
  const axes = spatial.map((L, d) =>
    poolAxis(L, kernel[d], stride[d], padding[d], o.ceilMode ?? false, o.countIncludePad ?? true),
  );
  const override = o.divisorOverride ?? null;
  return box(x, shape, axes, integer, (sum, outIdx) => {
    const divisor = override ?? outIdx.reduce((p, i, d) => p * axes[d].factor[i], 1);
    // int32 plays int64: exact sum, truncating division, stored in 32 bits; float32: one division, -0 stored as +0.
    return integer ? Math.trunc(sum / divisor) | 0 : Math.fround(sum / divisor) + 0;
  });
}
