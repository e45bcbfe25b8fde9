/**
 * A plain reference for the property test: PyTorch's documented formulas, written as directly as possible and
 * independently of src/geometry (output sizes, windows and divisors per axis, row-major float32 sums, one division;
 * adaptive bins divided per axis; mean in float64, rounded once). It assumes the call is valid: it is asked only
 * about calls the op accepted.
 */
import type {Call} from './arg_space';

export interface RefResult {
  shape: number[];
  dtype: string;
  values: number[];
  /** mean numerics (a float64 sum): compared with the mean tolerance, not bit for bit */
  kind: 'pool' | 'mean';
}

const perAxis = (v: unknown, nd: number): number[] => {
  // a bool in a tuple is the int 0 or 1, as Python unpacks it
  const list = typeof v === 'number' ? [v] : Array.from(v as unknown[], Number);
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

function box(x: number[], shape: number[], axes: Axis[], integer: boolean,
             divide: (sum: number, outIdx: number[]) => number): RefResult {
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
  return {shape: [...lead, ...axes.map(a => a.start.length)], dtype: integer ? 'int32' : 'float32', values,
          kind: 'pool'};
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
  return {shape: outShape, dtype: 'float32', values: Array.from(sums, s => Math.fround(s / count)), kind: 'mean'};
}

/** What the call computes, given its input's values and shape (the op accepted the call). */
export function reference(call: Call, x: number[], shape: number[], dtype: string): RefResult {
  const nd = Number(call.op.slice(-2, -1));
  const integer = dtype === 'int32';
  if (call.op === 'mean') {
    const dim = call.args[0];
    const o = (call.options ?? {}) as {keepdim?: boolean};
    const dims = dim === null || dim === undefined ? [] : typeof dim === 'number' ? [dim] : Array.from(dim as unknown[], Number);
    return meanRef(x, shape, dims, o.keepdim ?? false);
  }
  const spatial = shape.slice(-nd);
  if (call.op.startsWith('adaptive')) {
    const raw = call.args[0];
    const sizes = typeof raw === 'number' ? new Array<number>(nd).fill(raw) :
                                            Array.from(raw as Array<number | boolean | null>, (v, d) => (v === null || v === undefined ? spatial[d] : Number(v)));
    if (sizes.every(s => s === 1)) {
      return {...meanRef(x, shape, spatial.map((_, d) => shape.length - nd + d), true), kind: 'mean'};
    }
    const outShape = [...shape.slice(0, shape.length - nd), ...sizes];
    // An empty output is returned before PyTorch dispatches on the dtype: it keeps the input's.
    if (outShape.includes(0)) return {shape: outShape, dtype, values: [], kind: 'pool'};
    const axes = spatial.map((L, d) => adaptiveAxis(L, sizes[d]));
    return box(x, shape, axes, false, (sum, outIdx) =>
        outIdx.reduce((q, o, d) => Math.fround(q / axes[d].factor[o]), sum));
  }
  const o = (call.options ?? {}) as {stride?: unknown; padding?: unknown; ceilMode?: boolean;
                                     countIncludePad?: boolean; divisorOverride?: number | null};
  const kernel = perAxis(call.args[0], nd);
  const stride = o.stride === null || o.stride === undefined || (o.stride as unknown[]).length === 0 ?
      kernel : perAxis(o.stride, nd);
  const padding = perAxis(o.padding ?? 0, nd);
  const axes = spatial.map((L, d) => poolAxis(L, kernel[d], stride[d], padding[d], o.ceilMode ?? false,
                                             o.countIncludePad ?? true));
  const override = o.divisorOverride ?? null;
  return box(x, shape, axes, integer, (sum, outIdx) => {
    const divisor = override ?? outIdx.reduce((p, i, d) => p * axes[d].factor[i], 1);
    // int32 plays int64: exact sum, truncating division, stored in 32 bits; float32: one division, -0 stored as +0.
    return integer ? Math.trunc(sum / divisor) | 0 : Math.fround(sum / divisor) + 0;
  });
}
