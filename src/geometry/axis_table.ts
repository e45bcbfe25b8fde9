/**
 * Per-axis window tables: the whole geometry of an average pool or adaptive average pool along one spatial axis.
 *
 * Every op of this package averages a box of input cells. Along each axis, output index o reads the real
 * (unpadded) input range [start[o], end[o]) and contributes `factor[o]` to the divisor. Backends read these
 * tables and never re-derive geometry, so forward, backward, cpu and GPU cannot drift apart.
 *
 * For the backward pass the same windows are read the other way: input index i is covered by the outputs
 * [gradStart[i], gradEnd[i]) (windows are monotone in o, so that set is contiguous), which turns the scatter
 * of PyTorch's backward into a gather that needs no atomics.
 */
export interface AxisTable {
  readonly inSize: number;
  readonly outSize: number;
  /** first real input index of each output's window (length outSize) */
  readonly start: Int32Array;
  /** one past the last real input index of each output's window (length outSize) */
  readonly end: Int32Array;
  /** this axis's divisor factor for each output (length outSize) */
  readonly factor: Int32Array;
  /** first output whose window holds input i (length inSize) */
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
 * Adaptive bins, PyTorch's AdaptivePooling.h start_index/end_index:
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

/** Inverts the windows: for each input index, the contiguous range of outputs whose window holds it. */
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
  return {inSize, outSize, start, end, factor, gradStart, gradEnd};
}
