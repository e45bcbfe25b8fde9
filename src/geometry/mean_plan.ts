import {SumOrder, planSumOrder} from './sum_order';

/**
 * Geometry of `mean` over a set of axes: the shapes PyTorch produces and the count it divides by.
 * `axes` are already wrapped, checked and sorted by the op (an empty reduction list never reaches here:
 * PyTorch's "empty list means every dim" is resolved by the op).
 */
export interface MeanPlan {
  readonly inShape: number[];
  readonly axes: number[];
  /** output shape with keepdim=false */
  readonly outShape: number[];
  /** output shape with keepdim=true (reduced axes kept as 1): also the shape the gradient broadcasts from */
  readonly keepShape: number[];
  /** N, the number of elements averaged into each output (PyTorch divides the float sum by it) */
  readonly reduceSize: number;
  /** the order of PyTorch's float32 sum (./sum_order.ts), which the cpu and wasm kernels follow */
  readonly sumOrder: SumOrder;
}

export function planMean(inShape: readonly number[], axes: readonly number[]): MeanPlan {
  const reduced = new Set(axes);
  const outShape = inShape.filter((_, d) => !reduced.has(d));
  const keepShape = inShape.map((s, d) => (reduced.has(d) ? 1 : s));
  const reduceSize = axes.reduce((n, d) => n * inShape[d], 1);
  const sorted = [...axes].sort((a, b) => a - b);
  const sumOrder = planSumOrder(inShape, sorted);
  return {inShape: [...inShape], axes: sorted, outShape, keepShape, reduceSize, sumOrder};
}

/**
 * GPU reduction layouts of a mean (webgl and webgpu kernels): the input described without a transpose.
 */

/** One run of adjacent reduced axes seen as [outer, reduce, inner]. */
export interface MeanRun {
  outer: number;
  reduce: number;
  inner: number;
}

/**
 * Maximal runs of adjacent reduced axes, each as [outer, reduce, inner] of the tensor left by the runs before it
 * (webgl sums one run after another). Runs of size-1 axes are dropped.
 */
export function meanRuns(plan: MeanPlan): MeanRun[] {
  const runs: MeanRun[] = [];
  const current = [...plan.inShape];
  const size = (from: number, to: number) => current.slice(from, to).reduce((a, b) => a * b, 1);
  const axes = plan.axes;
  for (let a = 0; a < axes.length;) {
    let b = a;
    while (b + 1 < axes.length && axes[b + 1] === axes[b] + 1) b++;
    const [first, last] = [axes[a], axes[b]];
    const run = {outer: size(0, first), reduce: size(first, last + 1), inner: size(last + 1, current.length)};
    if (run.reduce > 1) runs.push(run);
    for (let d = first; d <= last; d++) current[d] = 1;
    a = b + 1;
  }
  return runs;
}

/**
 * The input as (size, stride) groups of kept and of reduced axes (webgpu indexes through them): consecutive axes of
 * one kind merge into one group (size-1 axes between them change no offset), so a contiguous reduction is a single
 * reduced group whatever its rank.
 */
export function meanGroups(plan: MeanPlan): {kept: number[][]; reduced: number[][]} {
  const shape = plan.inShape;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const kept: number[][] = [];
  const reduced: number[][] = [];
  let last: number[] | null = null;
  let lastReduced = false;
  shape.forEach((size, d) => {
    if (size === 1) return;
    const isReduced = plan.axes.includes(d);
    if (last !== null && lastReduced === isReduced) {
      last[0] *= size;
      last[1] = strides[d];
    } else {
      last = [size, strides[d]];
      lastReduced = isReduced;
      (isReduced ? reduced : kept).push(last);
    }
  });
  return {kept, reduced};
}
