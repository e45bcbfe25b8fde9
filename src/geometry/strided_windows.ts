import {AxisTable} from './axis_table';
import {BoxPlan} from './box_plan';
import {WindowSpec} from './window_attrs';

/**
 * Window parameters of an axis whose windows are strided, for backends whose fast paths compute windows rather than
 * read them (TensorFlow's AvgPool, the webgl shaders' arithmetic): output o reads [max(o*s - p, 0),
 * min(o*s - p + k, inSize)), and input i is read by the outputs coveringOutputs(i). Holds for avg pools and for
 * adaptive pools whose input size is a multiple of the output size. Every window and every covering range is
 * checked against the axis's table, so the tables stay the one definition.
 */
export interface StridedWindows {
  k: number;
  s: number;
  p: number;
}

/** The strided parameters of spatial axis d of `spec` (table `a`), or null when its windows are not strided. */
export function stridedWindows(a: AxisTable, spec: WindowSpec, d: number): StridedWindows | null {
  let w: StridedWindows;
  if (spec.kind === 'pool') {
    w = {k: spec.kernelSize[d], s: spec.stride[d], p: spec.padding[d]};
  } else {
    if (a.outSize === 0 || a.inSize % a.outSize !== 0) return null;
    const k = a.inSize / a.outSize;
    w = {k, s: k, p: 0};
  }
  for (let o = 0; o < a.outSize; o++) {
    const from = o * w.s - w.p;
    if (a.start[o] !== Math.max(from, 0) || a.end[o] !== Math.min(from + w.k, a.inSize)) return null;
  }
  for (let i = 0; i < a.inSize; i++) {
    const [lo, hi] = coveringOutputs(i, w, a.outSize);
    const empty = hi <= lo && a.gradEnd[i] <= a.gradStart[i];
    if (!empty && (a.gradStart[i] !== lo || a.gradEnd[i] !== hi)) return null;
  }
  return w;
}

/**
 * The outputs [lo, hi) whose strided windows hold input i: o*s - p <= i < o*s - p + k. What a shader computes in
 * place of gradStart/gradEnd (checked against them by stridedWindows).
 */
export function coveringOutputs(i: number, {k, s, p}: StridedWindows, outSize: number): [number, number] {
  const first = i + p - k + 1;
  return [first <= 0 ? 0 : Math.ceil(first / s), Math.min(Math.floor((i + p) / s) + 1, outSize)];
}

/** stridedWindows for each of a plan's `axes3` (the leading trivial axes are k = s = 1, p = 0). */
export function stridedWindows3(plan: BoxPlan, spec: WindowSpec): (StridedWindows | null)[] {
  const lead = plan.axes3.length - plan.axes.length;
  return plan.axes3.map((a, d) => (d < lead ? {k: 1, s: 1, p: 0} : stridedWindows(a, spec, d - lead)));
}

/** The factor every output of an axis shares (e.g. count_include_pad without a ceil-mode overhang), or null. */
export function constantFactor(a: AxisTable): number | null {
  if (a.outSize === 0) return null;
  const f = a.factor[0];
  return a.factor.every(v => v === f) ? f : null;
}
