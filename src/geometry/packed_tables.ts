/**
 * A BoxPlan's tables in one Int32Array, the form GPU kernels upload (a single small buffer or texture; sizes and
 * offsets travel as uniforms, so shader text does not depend on them). Layout, for axis d of `plan.axes3` from
 * base[d] on, with O = outSize and I = inSize of that axis:
 *
 *   start[O] | end[O] | factor[O] | gradStart[I] | gradEnd[I]
 *
 * so output o's window is [v[base+o], v[base+O+o]), its factor v[base+2O+o], and input i is covered by the
 * outputs [v[base+3O+i], v[base+3O+I+i]).
 */
import type {AxisTable} from './axis_table';
import type {BoxPlan} from './box_plan';

export interface PackedTables {
  readonly values: Int32Array;
  readonly base: [number, number, number];
  /** the longest window per axis: a bound for forward loops */
  readonly maxWindow: [number, number, number];
  /** the most outputs covering one input per axis: a bound for backward loops */
  readonly maxCover: [number, number, number];
}

// planBox memoises plans, so a model's repeated layers pack their tables once.
const packed = new WeakMap<BoxPlan, PackedTables>();

export function packTables(plan: BoxPlan): PackedTables {
  let p = packed.get(plan);
  if (p === undefined) {
    p = pack(plan.axes3);
    packed.set(plan, p);
  }
  return p;
}

function pack(axes: AxisTable[]): PackedTables {
  const values = new Int32Array(axes.reduce((n, a) => n + 3 * a.outSize + 2 * a.inSize, 0));
  const base: number[] = [];
  let at = 0;
  for (const a of axes) {
    base.push(at);
    for (const part of [a.start, a.end, a.factor, a.gradStart, a.gradEnd]) {
      values.set(part, at);
      at += part.length;
    }
  }
  const perAxis = (f: (a: AxisTable) => number) => axes.map(f) as [number, number, number];
  return {
    values,
    base: base as [number, number, number],
    maxWindow: perAxis(a => maxSpan(a.start, a.end)),
    maxCover: perAxis(a => maxSpan(a.gradStart, a.gradEnd)),
  };
}

function maxSpan(lo: Int32Array, hi: Int32Array): number {
  let m = 0;
  for (let i = 0; i < lo.length; i++) m = Math.max(m, hi[i] - lo[i]);
  return m;
}
