/**
 * Typed-array loop of `mean`, shared by the cpu and wasm kernels.
 *
 * Method: PyTorch sums float32 with a float32 cascade (SumKernel.cpp cascade_sum) whose last bits depend on SIMD
 * width and thread count, so bit-exact replication is not possible. Summing in float64 and rounding once lands
 * within 0–2 ulp of it (docs/SEMANTICS.md §6); then, like ATen, the float32 sum is divided by float32(N). N = 0
 * gives 0/0 = NaN, as in PyTorch. Sum first, divide after: [3e38, 3e38] averages to inf, as in PyTorch.
 */
import type {MeanPlan} from '../../src/geometry';

export function meanReduce(x: Float32Array, plan: MeanPlan, out: Float32Array): void {
  const sums = new Float64Array(out.length);
  const c = plan.contiguous;
  if (c !== null) {
    for (let o = 0; o < c.outer; o++) {
      const src = o * c.reduce * c.inner;
      const dst = o * c.inner;
      if (c.inner === 1) {
        let s = 0;
        for (let r = 0; r < c.reduce; r++) s += x[src + r];
        sums[dst] = s;
      } else {
        for (let r = 0; r < c.reduce; r++) {
          const row = src + r * c.inner;
          for (let i = 0; i < c.inner; i++) sums[dst + i] += x[row + i];
        }
      }
    }
  } else {
    sumGeneral(x, plan, sums);
  }
  const n = Math.fround(plan.reduceSize);
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(Math.fround(sums[i]) / n);
}

/** Any set of reduced axes: walk the input row-major, keeping the output index with per-axis strides. */
function sumGeneral(x: Float32Array, plan: MeanPlan, sums: Float64Array): void {
  const shape = plan.inShape;
  const rank = shape.length;
  const outStride = new Array<number>(rank).fill(0);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    if (plan.axes.includes(d)) continue;
    outStride[d] = s;
    s *= shape[d];
  }
  const index = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < x.length; i++) {
    sums[o] += x[i];
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      o += outStride[d];
      if (index[d] < shape[d]) break;
      o -= outStride[d] * shape[d];
      index[d] = 0;
    }
  }
}
