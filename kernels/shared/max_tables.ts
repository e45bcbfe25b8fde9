/**
 * A MaxPlan's per-axis tables in one Int32Array, the form the GPU kernels of the max-pooling family upload (one
 * small texture or buffer), and how many passes their bounded loops need. Layout, for axis d of `plan.axes3` from
 * base[d] on, with O = outSize and I = inSize of that axis:
 *
 *   first[O] | count[O] | gradStart[I] | gradEnd[I]
 *
 * so output o's taps are first[o] + t*step, t < count[o] (step = the axis's `step`, passed beside the table), and
 * input i is covered by the outputs [gradStart[i], gradEnd[i]). Only a layout: every entry is the geometry's.
 *
 * Why passes: a real GPU's watchdog kills long invocations, so no invocation visits more than MAX_TAPS_PER_PASS
 * window taps (forward) or covering outputs (backward). A longer window is scanned in row-major chunks of that many
 * taps, one program run per chunk, each continuing from the previous run's result; since the chunks are visited in
 * scan order, ties, NaN and float sums come out exactly as in one long loop.
 */
import {MAX_AXIS_SECTIONS, MaxAxisTable, MaxPlan, strayGradients} from '../../src/geometry';

export const MAX_TAPS_PER_PASS = 4096;

export interface PackedMaxTables {
  readonly values: Int32Array;
  readonly base: [number, number, number];
  readonly inSize: [number, number, number];
  readonly outSize: [number, number, number];
  readonly step: [number, number, number];
  /** the most taps of one window per axis, and their product: an upper bound of the taps of one window */
  readonly maxCount: [number, number, number];
  readonly maxTaps: number;
  /** the most outputs covering one input per axis, and their product */
  readonly maxCoverAxis: [number, number, number];
  readonly maxCover: number;
  /** whether every output has an in-bounds tap on every axis (then no output reports the initial -inf) */
  readonly allLive: boolean;
}

const packed = new WeakMap<MaxPlan, PackedMaxTables>();

export function packMaxTables(plan: MaxPlan): PackedMaxTables {
  let p = packed.get(plan);
  if (p === undefined) {
    p = pack(plan.axes3);
    packed.set(plan, p);
  }
  return p;
}

/** Program runs needed for loops of `n` iterations at most MAX_TAPS_PER_PASS each (at least one). */
export function passCount(n: number): number {
  return Math.max(1, Math.ceil(n / MAX_TAPS_PER_PASS));
}

function pack(axes: MaxAxisTable[]): PackedMaxTables {
  const values = new Int32Array(axes.reduce((n, a) => n + 2 * a.outSize + 2 * a.inSize, 0));
  const base: number[] = [];
  let at = 0;
  for (const a of axes) {
    base.push(at);
    // the one order (src/geometry/packed_tables.ts MAX_AXIS_SECTIONS), which the SIMD module's accessors follow
    for (const [section] of MAX_AXIS_SECTIONS) {
      const part = a[section];
      values.set(part, at);
      at += part.length;
    }
  }
  const per = (f: (a: MaxAxisTable) => number) => axes.map(f) as [number, number, number];
  const maxOf = (v: Int32Array) => v.reduce((m, x) => Math.max(m, x), 0);
  const maxSpan = (a: MaxAxisTable) => a.gradStart.reduce((m, s, i) => Math.max(m, a.gradEnd[i] - s), 0);
  return {
    values,
    base: base as [number, number, number],
    inSize: per(a => a.inSize),
    outSize: per(a => a.outSize),
    step: per(a => a.step),
    maxCount: per(a => maxOf(a.count)),
    maxTaps: per(a => maxOf(a.count)).reduce((x, y) => x * y, 1),
    maxCoverAxis: per(maxSpan),
    maxCover: per(maxSpan).reduce((x, y) => x * y, 1),
    allLive: axes.every(a => a.count.every(c => c > 0)),
  };
}

/**
 * The routes of padding-only windows' gradients (src/geometry/stray_gradients.ts) in one Int32Array for the GPU
 * backwards' extra pass: start[P + 1] | back[E] | output[E]. Null when the plan has no padding-only window.
 */
export interface PackedStrays {
  readonly values: Int32Array;
  /** cells of one input plane (P) */
  readonly cells: number;
  /** offsets of the back and output sections */
  readonly backBase: number;
  readonly outputBase: number;
  /** the most routes into one cell: the bound of the pass's loop */
  readonly maxPerCell: number;
}

export function packStrays(plan: MaxPlan): PackedStrays | null {
  const s = strayGradients(plan);
  if (s.maxPerCell === 0) return null;
  const cells = s.start.length - 1;
  const values = new Int32Array(s.start.length + 2 * s.back.length);
  values.set(s.start, 0);
  values.set(s.back, s.start.length);
  values.set(s.output, s.start.length + s.back.length);
  return {
    values,
    cells,
    backBase: s.start.length,
    outputBase: s.start.length + s.back.length,
    maxPerCell: s.maxPerCell,
  };
}
