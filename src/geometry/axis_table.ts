/**
 * Per-axis window tables: the whole geometry of one spatial axis of every pooling op of this package, the sum
 * reductions (avg pools, adaptive avg pools, mean) and the max reductions (max pools, adaptive max pools) alike.
 *
 * Along each axis, output o reduces the in-bounds taps start[o] + t·step, t < count[o], all in [start[o], end[o]).
 * `step` is a max pool's dilation and 1 for every other window, where the taps are the whole real (unpadded) range
 * [start[o], end[o]). A sum divides by the product (or the chain) of the axes' `factor[o]`. Backends read these
 * tables and never re-derive geometry, so forward, backward, cpu and GPU, sum and max cannot drift apart.
 *
 * For the backward pass the same windows are read the other way: input index i is covered by the outputs
 * [gradStart[i], gradEnd[i]), which turns the scatter of PyTorch's backward into a gather that needs no atomics.
 */
export interface AxisTable {
  readonly inSize: number;
  readonly outSize: number;
  /** distance between a window's taps: a max pool's dilation, 1 for every other window */
  readonly step: number;
  /**
   * first in-bounds tap of each output's window (length outSize); for a max reduction also the index a window
   * reports when nothing beats its initial -inf. ≥ inSize when a dilated window has no in-bounds tap (count 0).
   */
  readonly start: Int32Array;
  /** one past the last in-bounds tap of each output's window (start when it has none) */
  readonly end: Int32Array;
  /** number of in-bounds taps of each output's window (end - start when step is 1) */
  readonly count: Int32Array;
  /**
   * this axis's divisor factor for each output; for max pools, which divide nothing, the number of taps (what an
   * average of the same taps would divide by)
   */
  readonly factor: Int32Array;
  /**
   * first output whose window holds input i (length inSize). With dilation a window's span also holds the cells
   * between its taps and its starts need not be monotone, so [gradStart, gradEnd) is then a contiguous superset of
   * the outputs having i as a tap (a max gather compares the recorded index with i anyway).
   */
  readonly gradStart: Int32Array;
  /** one past the last output whose window holds input i (length inSize) */
  readonly gradEnd: Int32Array;
}

/**
 * Average-pool windows, PyTorch's rule (AvgPoolKernel.cpp cpu_avg_pool2d, AveragePool3d.cpp):
 *   start = o*s - p;  end = min(start + k, L + p)      (clipped to the end of the right padding)
 *   factor = count_include_pad ? end - start : min(end, L) - max(start, 0)
 *   real range = [max(start, 0), min(end, L))
 */
export function poolAxis(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  pad: number,
  countIncludePad: boolean,
): AxisTable {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  const factor = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const padStart = o * stride - pad;
    const padEnd = Math.min(padStart + kernel, inSize + pad);
    start[o] = Math.max(padStart, 0);
    end[o] = Math.min(padEnd, inSize);
    factor[o] = countIncludePad ? padEnd - padStart : end[o] - start[o];
  }
  return withGradRanges(inSize, start, end, factor);
}

/**
 * Adaptive bins, PyTorch's AdaptivePooling.h start_index/end_index (avg and max alike):
 *   start = floor(o*L/O), end = ceil((o+1)*L/O), factor = end - start.
 * Integer arithmetic as ATen does it, so no floating-point rounding can move a boundary.
 */
export function adaptiveAxis(inSize: number, outSize: number): AxisTable {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  const factor = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    start[o] = Math.floor((o * inSize) / outSize);
    end[o] = Math.floor(((o + 1) * inSize + outSize - 1) / outSize);
    factor[o] = end[o] - start[o];
  }
  return withGradRanges(inSize, start, end, factor);
}

/**
 * The dilated, strided windows of one axis of a max pool, PyTorch's rule (cpu/MaxPoolKernel.cpp cpu_max_pool;
 * docs/max-pooling.md §1):
 *   st = o*s - p;  en = min(st + (k-1)*d + 1, L);  while (st < 0) st += d;   taps st, st+d, … < en
 * Padding is never read (it acts as -inf); a window without any in-bounds tap (possible with dilation) gets
 * start ≥ L and count 0.
 */
export function maxPoolAxis(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
): AxisTable {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const st0 = o * stride - pad;
    const en = Math.min(st0 + (kernel - 1) * dilation + 1, inSize);
    let st = st0;
    if (st < 0) st += Math.ceil(-st / dilation) * dilation;
    start[o] = st;
    count[o] = st < en ? Math.floor((en - 1 - st) / dilation) + 1 : 0;
    end[o] = count[o] > 0 ? st + (count[o] - 1) * dilation + 1 : st;
  }
  const {gradStart, gradEnd} = coveringRanges(inSize, start, end, count);
  return {inSize, outSize, step: dilation, start, end, count, factor: count, gradStart, gradEnd};
}

/** Inverts monotone windows: for each input index, the contiguous range of outputs whose window holds it. */
function withGradRanges(inSize: number, start: Int32Array, end: Int32Array, factor: Int32Array): AxisTable {
  const outSize = start.length;
  const gradStart = new Int32Array(inSize);
  const gradEnd = new Int32Array(inSize);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < inSize; i++) {
    while (lo < outSize && end[lo] <= i) lo++;
    while (hi < outSize && start[hi] <= i) hi++;
    gradStart[i] = lo;
    gradEnd[i] = Math.max(lo, hi);
  }
  const count = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) count[o] = end[o] - start[o];
  return {inSize, outSize, step: 1, start, end, count, factor, gradStart, gradEnd};
}

/**
 * For each input i, the outputs whose span [start, end) holds i. Span starts (the first in-bounds tap) are not
 * monotone in o when dilation skips the left padding, so this takes, per input, the least and one past the greatest
 * such output; outputs in between whose span misses i cannot have chosen i, which the gather's index comparison
 * rules out. Outputs without an in-bounds tap are never included.
 */
function coveringRanges(
  inSize: number,
  start: Int32Array,
  end: Int32Array,
  count: Int32Array,
): {gradStart: Int32Array; gradEnd: Int32Array} {
  const gradStart = new Int32Array(inSize);
  const gradEnd = new Int32Array(inSize);
  const seen = new Uint8Array(inSize);
  for (let o = 0; o < start.length; o++) {
    if (count[o] === 0) continue;
    for (let i = start[o]; i < end[o]; i++) {
      if (!seen[i]) {
        seen[i] = 1;
        gradStart[i] = o;
      }
      gradEnd[i] = o + 1;
    }
  }
  return {gradStart, gradEnd};
}
