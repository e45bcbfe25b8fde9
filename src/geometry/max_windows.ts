/**
 * Windows of the max-pooling family (max_pool1d/2d/3d, adaptive_max_pool1d/2d/3d), per spatial axis, and the
 * plan a backend reads: which taps each output compares, in which order, and which outputs may have chosen a
 * given input cell (for the backward as a gather). Pure; imports only the adaptive bins of the average pools.
 *
 * PyTorch's rule (cpu/MaxPoolKernel.cpp cpu_max_pool; docs/max-pooling.md §1), per axis:
 *   st = o*s - p;  en = min(st + (k-1)*d + 1, L);  while (st < 0) st += d;   taps st, st+d, … < en
 * Padding is never read (it acts as -inf); the index a window reports starts at its first in-bounds tap, so a
 * window without any in-bounds tap (possible with dilation) reports `first` ≥ L and the value -inf.
 */
import {adaptiveAxis} from './axis_table';
import {AdaptiveSpec} from './window_attrs';
import {cachedPlans} from './plan_cache';

/** @internal A max pool's arguments after PyTorch's checks, one entry per pooled axis. */
export interface MaxPoolSpec {
  kind: 'max';
  kernelSize: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

/** @internal What a TorchMaxPool kernel is asked to compute: strided dilated windows, or adaptive bins. */
export type MaxWindowSpec = MaxPoolSpec | AdaptiveSpec;

export function maxSpatialRank(spec: MaxWindowSpec): number {
  return spec.kind === 'max' ? spec.kernelSize.length : spec.outputSize.length;
}

/**
 * Output length of one axis (Pool.h pooling_output_shape_pad_lr) with the dilated extent e = d*(k-1)+1:
 *   O = floor((L + 2p - e + (ceil ? s-1 : 0)) / s) + 1, then in ceil mode O -= 1 if (O-1)*s >= L + p
 * (the last window must start inside the input or the left padding). May be <= 0: the ops reject that.
 */
export function maxPoolOutputSize(
  inSize: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const extent = dilation * (kernel - 1) + 1;
  let out = Math.floor((inSize + 2 * pad - extent + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= inSize + pad) out -= 1;
  return out;
}

/**
 * maxPoolOutputSize in PyTorch's int64 arithmetic (wrapping as its compiled code does), exactly: max_pool1d's
 * arguments stay int64, so its "Invalid computed output size" may quote a value beyond 2^53, where the float
 * formula above rounds. The same formula; integer arguments only (the ops' checks come first).
 */
export function maxPoolOutputSizeInt64(
  inSize: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): bigint {
  const i64 = (v: bigint) => BigInt.asIntN(64, v);
  const [L, k, p, s, d] = [inSize, kernel, pad, stride, dilation].map(BigInt);
  const one = BigInt(1);
  const numerator = i64(i64(i64(L + p + p) - i64(d * i64(k - one))) - one + (ceilMode ? s - one : BigInt(0)));
  // div_rtn: division rounding toward -inf
  let q = numerator / s;
  if (numerator % s !== BigInt(0) && numerator < 0 !== s < 0) q -= one;
  let out = i64(q + one);
  if (ceilMode && i64(i64(out - one) * s) >= i64(L + p)) out -= one;
  return out;
}

export interface MaxAxisTable {
  readonly inSize: number;
  readonly outSize: number;
  /** distance between taps: the dilation (1 for adaptive bins) */
  readonly step: number;
  /**
   * Position of each output's first in-bounds tap, which is also the index a window reports when nothing beats
   * its initial -inf. ≥ inSize when the window has no in-bounds tap (then `count` is 0).
   */
  readonly first: Int32Array;
  /** number of in-bounds taps of each output: positions first + t*step, t = 0 … count-1, all in [0, inSize) */
  readonly count: Int32Array;
  /**
   * Outputs [gradStart[i], gradEnd[i]) whose window span holds input i: a contiguous superset of the outputs that
   * have i as a tap (with dilation, a span also holds cells between taps), so a gather backward must still
   * compare the recorded index with i. Outputs without an in-bounds tap on this axis are never included.
   */
  readonly gradStart: Int32Array;
  readonly gradEnd: Int32Array;
}

/** The dilated, strided windows of one axis of a max pool. */
export function maxPoolAxis(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
): MaxAxisTable {
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const spanStart = new Int32Array(outSize);
  const spanEnd = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const st0 = o * stride - pad;
    const en = Math.min(st0 + (kernel - 1) * dilation + 1, inSize);
    let st = st0;
    if (st < 0) st += Math.ceil(-st / dilation) * dilation;
    first[o] = st;
    count[o] = st < en ? Math.floor((en - 1 - st) / dilation) + 1 : 0;
    spanStart[o] = st;
    spanEnd[o] = count[o] > 0 ? st + (count[o] - 1) * dilation + 1 : st;
  }
  return {inSize, outSize, step: dilation, first, count, ...coveringRanges(inSize, spanStart, spanEnd, count)};
}

/** Adaptive bins (AdaptivePooling.h start_index/end_index, as the average pools use): every cell of a bin is a tap. */
export function adaptiveMaxAxis(inSize: number, outSize: number): MaxAxisTable {
  const a = adaptiveAxis(inSize, outSize);
  const count = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) count[o] = a.end[o] - a.start[o];
  return {inSize, outSize, step: 1, first: a.start, count, gradStart: a.gradStart, gradEnd: a.gradEnd};
}

/**
 * For each input i, the outputs whose span [spanStart, spanEnd) holds i. Span starts (the first in-bounds tap) are
 * not monotone in o when dilation skips the left padding, so this takes, per input, the least and one past the
 * greatest such output; outputs in between whose span misses i cannot have chosen i, which the gather's index
 * comparison rules out.
 */
function coveringRanges(
  inSize: number,
  spanStart: Int32Array,
  spanEnd: Int32Array,
  count: Int32Array,
): {gradStart: Int32Array; gradEnd: Int32Array} {
  const gradStart = new Int32Array(inSize).fill(0);
  const gradEnd = new Int32Array(inSize).fill(0);
  const seen = new Uint8Array(inSize);
  for (let o = 0; o < spanStart.length; o++) {
    if (count[o] === 0) continue;
    for (let i = spanStart[o]; i < spanEnd[o]; i++) {
      if (!seen[i]) {
        seen[i] = 1;
        gradStart[i] = o;
      }
      gradEnd[i] = o + 1;
    }
  }
  return {gradStart, gradEnd};
}

/** Everything a backend needs to run a max pool (or adaptive max pool) over an input's trailing axes. */
export interface MaxPlan {
  /** product of the leading (batch × channel) dims: independent planes */
  readonly planes: number;
  readonly inSpatial: number[];
  readonly outSpatial: number[];
  readonly axes: MaxAxisTable[];
  /**
   * `axes` preceded by trivial size-1 axes up to three, so one (depth, height, width) loop nest serves 1d, 2d and
   * 3d. With trivial leading axes the flat index (t*H + h)*W + w reduces to 1d's and 2d's plane index.
   */
  readonly axes3: MaxAxisTable[];
  /** full output shape: leading dims of the input followed by outSpatial */
  readonly outShape: number[];
}

const TRIVIAL_AXIS = adaptiveMaxAxis(1, 1);

/** The tables for max-pooling `inShape`'s trailing axes as `spec` says. Pure and memoised. */
export const planMax = cachedPlans(buildPlan);

function buildPlan(inShape: readonly number[], spec: MaxWindowSpec): MaxPlan {
  const nd = maxSpatialRank(spec);
  const lead = inShape.slice(0, inShape.length - nd);
  const inSpatial = inShape.slice(inShape.length - nd);
  const axes = inSpatial.map((size, d) =>
    spec.kind === 'max'
      ? maxPoolAxis(
          size,
          maxPoolOutputSize(size, spec.kernelSize[d], spec.padding[d], spec.stride[d], spec.dilation[d], spec.ceilMode),
          spec.kernelSize[d],
          spec.stride[d],
          spec.padding[d],
          spec.dilation[d],
        )
      : adaptiveMaxAxis(size, spec.outputSize[d]),
  );
  const outSpatial = axes.map(a => a.outSize);
  return {
    planes: lead.reduce((a, b) => a * b, 1),
    inSpatial,
    outSpatial,
    axes,
    axes3: [...Array.from({length: 3 - axes.length}, () => TRIVIAL_AXIS), ...axes],
    outShape: [...lead, ...outSpatial],
  };
}

/**
 * The index an output of a max plan reports before any tap beats -inf: the flat plane position of its first taps,
 * ((first0 * H) + first1) * W + first2, even when one of them lies outside its axis (PyTorch does the same).
 */
export function initialIndex(plan: MaxPlan, o0: number, o1: number, o2: number): number {
  const [a0, a1, a2] = plan.axes3;
  return (a0.first[o0] * a1.inSize + a1.first[o1]) * a2.inSize + a2.first[o2];
}

/**
 * Whether every axis of output (o0, o1, o2) has an in-bounds tap; if not, its value is -inf and its gradient goes
 * where stray_gradients.ts routes it, not through the covering ranges.
 */
export function hasTaps(plan: MaxPlan, o0: number, o1: number, o2: number): boolean {
  const [a0, a1, a2] = plan.axes3;
  return a0.count[o0] > 0 && a1.count[o1] > 0 && a2.count[o2] > 0;
}

/** max_unpool's default output length of one axis (functional.py _unpool_output_size): (L - 1)*s + k - 2p. */
export function unpoolDefaultSize(inSize: number, kernel: number, stride: number, pad: number): number {
  return (inSize - 1) * stride + kernel - 2 * pad;
}

/** Sizes of a per-plane index operation (max_unpool's scatter, its gather backward): planes and plane sizes. */
export interface PlaneLayout {
  readonly planes: number;
  /** cells per plane of the tensor holding the indexed positions (max_unpool's output, max_pool's input) */
  readonly targetPlane: number;
  /** cells per plane of the indices tensor */
  readonly indexPlane: number;
}

/** The plane layout of indices `indexShape` into a tensor whose trailing `targetSpatial` axes form the plane. */
export function planeLayout(indexShape: readonly number[], targetSpatial: readonly number[]): PlaneLayout {
  const nd = targetSpatial.length;
  const prod = (a: readonly number[]) => a.reduce((x, y) => x * y, 1);
  return {
    planes: prod(indexShape.slice(0, indexShape.length - nd)),
    targetPlane: prod(targetSpatial),
    indexPlane: prod(indexShape.slice(indexShape.length - nd)),
  };
}
