import {AxisTable} from './axis_table';
import {BoxPlan} from './box_plan';
import type {MaxPlan, MaxWindowSpec} from './max_windows';
import {WindowSpec} from './window_attrs';

/**
 * Window parameters of an axis whose windows are strided, for backends whose fast paths compute windows rather than
 * read them (TensorFlow's AvgPool, the webgl shaders' arithmetic, the SIMD modules' lanes along rows): output o reads
 * [max(o*s - p, 0), min(o*s - p + k, inSize)), and input i is read by the outputs coveringOutputs(i). Holds for avg
 * pools and for adaptive pools whose bins happen to be strided (e.g. an input size that is a multiple of the output
 * size, or 7 → 3: [0,3) [2,5) [4,7)). Every window and every covering range is checked against the axis's table, so
 * the tables stay the one definition.
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
    // A candidate read off the first two bins (adaptive bins start at 0), verified below like a pool's.
    if (a.outSize === 0) return null;
    const k = a.end[0] - a.start[0];
    w = {k, s: a.outSize > 1 ? a.start[1] - a.start[0] : k, p: 0};
    if (w.k < 1 || w.s < 1) return null;
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

/**
 * The covering outputs of a strided axis by input phase, for kernels that walk an input row S cells at a time (the
 * SIMD modules' backward along rows): input i = r + s*m (phase r = i mod s) is covered by the outputs
 * [m + lo[r], m + lo[r] + n[r]), clipped to [0, outSize). This is coveringOutputs(i) before clipping, so it is
 * checked against the table's gradStart/gradEnd on every input; null if any differs.
 */
export function phaseCover(a: AxisTable, w: StridedWindows): {lo: Int32Array; n: Int32Array} | null {
  const {k, s, p} = w;
  // The tables have s entries, and any int32 is a valid stride (with as large a kernel: kernel 2^31-1 with the
  // default stride runs in ceil mode): a stride past 2^16 gets no phases (callers take their non-strided layouts)
  // instead of gigabyte tables.
  if (s > 65536) return null;
  const lo = new Int32Array(s);
  const n = new Int32Array(s);
  for (let r = 0; r < s; r++) {
    lo[r] = Math.ceil((r + p - k + 1) / s);
    n[r] = Math.max(0, Math.floor((r + p) / s) - lo[r] + 1);
  }
  for (let i = 0; i < a.inSize; i++) {
    const r = i % s;
    const m = (i - r) / s;
    const from = Math.max(0, m + lo[r]);
    const to = Math.min(a.outSize, m + lo[r] + n[r]);
    const empty = to <= from && a.gradEnd[i] <= a.gradStart[i];
    if (!empty && (from !== a.gradStart[i] || to !== a.gradEnd[i])) return null;
  }
  return {lo, n};
}

/**
 * A max pool axis's taps o·s − p + t·d, t < k, of which exactly the in-bounds ones are the table's (start + t·step,
 * t < count): what kernels that compute taps rather than read them (webgl's shaders, the SIMD modules' lanes along
 * rows) need in place of the spec.
 */
export interface StridedTaps extends StridedWindows {
  d: number;
}

/**
 * The strided taps of spatial axis d of a max plan's `spec` (table `a`): a plain pool's arguments, or adaptive bins
 * that happen to be strided (56 → 7: k = s = 8; 7 → 3: k = 3, s = 2) read off the table; null when the windows are
 * not such taps. Checked against the table on every output in closed form (no loop over k: it may be 2^31 − 1).
 */
export function stridedTaps(a: AxisTable, spec: MaxWindowSpec, d: number): StridedTaps | null {
  const w: StridedTaps =
    spec.kind === 'max'
      ? {k: spec.kernelSize[d], s: spec.stride[d], p: spec.padding[d], d: spec.dilation[d]}
      : {k: a.count[0], s: a.outSize > 1 ? a.start[1] - a.start[0] : 1, p: 0, d: 1};
  if (a.outSize === 0 || w.k <= 0 || w.s <= 0 || a.step !== w.d) return null;
  for (let o = 0; o < a.outSize; o++) {
    const st = o * w.s - w.p;
    const first = st < 0 ? st + Math.ceil(-st / w.d) * w.d : st;
    const end = Math.min(st + (w.k - 1) * w.d + 1, a.inSize);
    const count = first < end ? Math.floor((end - 1 - first) / w.d) + 1 : 0;
    if (count !== a.count[o] || (count > 0 && first !== a.start[o])) return null;
  }
  return w;
}

/** stridedTaps for each of a max plan's `axes3` (the leading trivial axes: one tap, k = s = d = 1, p = 0). */
export function stridedTaps3(plan: MaxPlan, spec: MaxWindowSpec): (StridedTaps | null)[] {
  const lead = plan.axes3.length - plan.axes.length;
  return plan.axes3.map((a, d) => (d < lead ? {k: 1, s: 1, p: 0, d: 1} : stridedTaps(a, spec, d - lead)));
}
