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
  /**
   * The input viewed as [outer, reduce, inner] when the reduced axes are contiguous (the common case: trailing
   * spatial axes, or leading batch axes), which lets kernels reduce without index arithmetic. null otherwise.
   */
  readonly contiguous: {outer: number; reduce: number; inner: number} | null;
}

export function planMean(inShape: readonly number[], axes: readonly number[]): MeanPlan {
  const reduced = new Set(axes);
  const outShape = inShape.filter((_, d) => !reduced.has(d));
  const keepShape = inShape.map((s, d) => (reduced.has(d) ? 1 : s));
  const reduceSize = axes.reduce((n, d) => n * inShape[d], 1);
  const sorted = [...axes].sort((a, b) => a - b);
  const isRun = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  const product = (from: number, to: number) => inShape.slice(from, to).reduce((a, b) => a * b, 1);
  const contiguous = sorted.length === 0 ? {outer: product(0, inShape.length), reduce: 1, inner: 1} :
      isRun ? {
        outer: product(0, sorted[0]),
        reduce: reduceSize,
        inner: product(sorted[sorted.length - 1] + 1, inShape.length),
      } :
      null;
  return {inShape: [...inShape], axes: sorted, outShape, keepShape, reduceSize, contiguous};
}

