/**
 * How TensorFlow's own AvgPool computes a plan's windows (the tensorflow backend's native path,
 * kernels/tensorflow/box_average_tf_ops.ts), derived here from the tables and checked by
 * test/geometry/tf_pool.test.ts against TensorFlow's 'VALID' and 'SAME' window rules on every output.
 *
 * 'VALID' over the input padded by `before` and `after` zeros per axis (negative: cells no window reaches, cropped):
 * TensorFlow's windows are then the plan's, and it divides each by Π k; multiplying by `correction` (Π k / PyTorch's
 * divisor, per output; null when all 1) gives PyTorch's quotient.
 * 'SAME' (no padding copy) where TensorFlow's own padding — out = ⌈L / s⌉, pad_total = (out − 1)·s + k − L, the
 * smaller half before — is the plan's (e.g. stride 1 with p = (k − 1) / 2): TensorFlow divides by the real cell
 * count, so `sameCorrection` is count / PyTorch's divisor. Both layouts' native paths use it (channels-first on the
 * NCHW input through oneDNN, channels-last on the stored NHWC tensor). (TF 2.9's Eigen kernels, used with oneDNN off,
 * return wrong values for AvgPool3D 'SAME' and for AvgPoolGrad 'SAME' with a kernel larger than the input.)
 */
import type {BoxPlan} from './box_plan';
import {perPlan} from './per_plan';
import {StridedWindows, stridedWindows} from './strided_windows';

export interface TfPoolWindows {
  kernel: number[];
  stride: number[];
  /** per spatial axis: zeros added (> 0) or cells cropped (< 0) before a 'VALID' pool */
  before: number[];
  after: number[];
  /** per output, row-major over the output's spatial dims: Π k / PyTorch's divisor; null if all 1 */
  correction: Float32Array | null;
  /** whether TensorFlow's 'SAME' windows are the plan's */
  same: boolean;
  /** per output: real cell count / PyTorch's divisor ('SAME'); null if all 1 */
  sameCorrection: Float32Array | null;
  /** whether `correction` (`sameCorrection`) widens: see `widens` (true when null) */
  correctionWidens: boolean;
  sameCorrectionWidens: boolean;
}

/**
 * Whether every factor of a correction table has magnitude ≥ 1. Then the product of a nonzero float32 (even a
 * subnormal one) and a factor is never zero, so a ±0 product comes only from a ±0 value, and the multiply followed
 * by the sign-of-zero step (divisor_step.ts: -0 stored as +0) is `v == 0 ? +0 : c·v` — TensorFlow's MulNoNan(c, v),
 * one pass instead of two, the same bits. A factor below 1 (count_include_pad's 'SAME' correction, count / Π k) can
 * make a tiny product underflow to -0, which MulNoNan would keep.
 */
export function widens(table: Float32Array | null): boolean {
  return table === null || table.every(c => Math.abs(c) >= 1);
}

/** The native windows of a plan, or null when some axis's windows are not strided. */
export const tfPoolWindows = perPlan((plan: BoxPlan, spec): TfPoolWindows | null => {
  const windows = plan.axes.map((a, d) => stridedWindows(a, spec, d));
  if (windows.some(w => w === null)) return null;
  const ws = windows as StridedWindows[];
  const kernel = ws.map(w => w.k);
  const kernelSize = kernel.reduce((a, b) => a * b, 1);
  const before = ws.map(w => w.p);
  const after = plan.axes.map((a, d) => (a.outSize - 1) * ws[d].s + ws[d].k - ws[d].p - a.inSize);
  const same = plan.axes.every(
    (a, d) =>
      before[d] >= 0 &&
      after[d] >= 0 &&
      a.outSize === Math.ceil(a.inSize / ws[d].s) &&
      before[d] === Math.floor((before[d] + after[d]) / 2),
  );
  const divisors = outputDivisors(plan);
  const counts = outputProducts(plan, (a, o) => a.end[o] - a.start[o]);
  const correction = new Float32Array(divisors.length);
  const sameCorrection = new Float32Array(divisors.length);
  for (let i = 0; i < divisors.length; i++) {
    correction[i] = kernelSize / divisors[i];
    sameCorrection[i] = counts[i] / divisors[i];
  }
  const orNull = (c: Float32Array) => (c.every(v => v === 1) ? null : c);
  return {
    kernel,
    stride: ws.map(w => w.s),
    before,
    after,
    correction: orNull(correction),
    same,
    sameCorrection: orNull(sameCorrection),
    correctionWidens: widens(correction),
    sameCorrectionWidens: widens(sameCorrection),
  };
});

/** Per output (row-major over the output's spatial dims): the divisor of a 'product' or 'override' plan. */
export function outputDivisors(plan: BoxPlan): Float64Array {
  if (plan.divisor.kind === 'override') {
    return new Float64Array(plan.outSpatial.reduce((a, b) => a * b, 1)).fill(plan.divisor.value);
  }
  return outputProducts(plan, (a, o) => a.factor[o]);
}

function outputProducts(plan: BoxPlan, f: (a: BoxPlan['axes'][number], o: number) => number): Float64Array {
  let out = Float64Array.of(1);
  for (const a of plan.axes) {
    const next = new Float64Array(out.length * a.outSize);
    for (let i = 0; i < out.length; i++) {
      for (let o = 0; o < a.outSize; o++) next[i * a.outSize + o] = out[i] * f(a, o);
    }
    out = next;
  }
  return out;
}
