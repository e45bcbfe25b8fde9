/**
 * How TensorFlow's own MaxPool computes a max plan's windows (3-d: as two 2-d pools, the same windows per axis): the
 * tensorflow backend's values-only fast path (kernels/tensorflow/max_pool.ts), derived from the spec and checked
 * here against the plan's tables on every output, so a plan whose windows TensorFlow cannot reproduce gets null and
 * the exact scan.
 *
 * TensorFlow's windows are [o·s − before, o·s − before + k) on the input padded by `before` / `after` cells per axis
 * (negative: cropped). Padding with -inf, or TensorFlow's 'SAME' padding (which never selects a padded cell), leaves
 * each window's maximum that of its in-bounds cells: the plan's taps first + t, t < count, with step 1. Dilation has
 * no TensorFlow CPU counterpart (step > 1 with two taps: null); adaptive bins do when the length is a multiple of the
 * output size (uniform bins k = s = L / O), checked like the rest.
 */
import type {MaxPlan, MaxWindowSpec} from './max_windows';
import {perPlan} from './per_plan';

export interface TfMaxWindows {
  kernel: number[];
  stride: number[];
  /** per spatial axis: -inf cells added (> 0) or cells cropped (< 0) before a 'VALID' pool */
  before: number[];
  after: number[];
  /** whether TensorFlow's 'SAME' windows (out = ⌈L / s⌉, the smaller half of the padding first) are the plan's */
  same: boolean;
}

/** TensorFlow's windows for a plan (planMax(shape, spec)), or null where they differ from PyTorch's anywhere. */
export const tfMaxPoolWindows = perPlan<TfMaxWindows | null, MaxPlan, MaxWindowSpec>(build);

function build(plan: MaxPlan, spec: MaxWindowSpec): TfMaxWindows | null {
  const kernel: number[] = [];
  const stride: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  for (let d = 0; d < plan.axes.length; d++) {
    const a = plan.axes[d];
    if (a.inSize <= 0 || a.outSize <= 0) return null;
    let k: number;
    let s: number;
    let p: number;
    if (spec.kind === 'max') {
      if (spec.dilation[d] !== 1) return null;
      [k, s, p] = [spec.kernelSize[d], spec.stride[d], spec.padding[d]];
      // A window reaching past the input's end reads only -inf there, so a kernel longer than L + p (each window
      // starts at o·s − p ≥ −p) has the same windows cut to L + p, with no padding of k − L − p cells after the
      // input (a kernel of 2^31 − 1 in ceil mode padded 8 GB and took 40 s). Checked below like the rest.
      k = Math.min(k, a.inSize + p);
    } else {
      if (a.inSize % a.outSize !== 0) return null;
      k = s = a.inSize / a.outSize;
      p = 0;
    }
    for (let o = 0; o < a.outSize; o++) {
      const lo = Math.max(o * s - p, 0);
      const hi = Math.min(o * s - p + k, a.inSize);
      if (hi <= lo || a.start[o] !== lo || a.count[o] !== hi - lo || (a.count[o] > 1 && a.step !== 1)) return null;
    }
    kernel.push(k);
    stride.push(s);
    before.push(p);
    after.push((a.outSize - 1) * s + k - p - a.inSize);
  }
  const same = plan.axes.every((a, d) => {
    const total = Math.max((Math.ceil(a.inSize / stride[d]) - 1) * stride[d] + kernel[d] - a.inSize, 0);
    return (
      a.outSize === Math.ceil(a.inSize / stride[d]) &&
      before[d] === Math.floor(total / 2) &&
      after[d] === total - before[d]
    );
  });
  return {kernel, stride, before, after, same};
}
