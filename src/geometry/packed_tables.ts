/**
 * The one table layout: a plan's tables (BoxPlan or MaxPlan: the same AxisTables) in one Int32Array, read by every
 * table-reading kernel of both families (webgl and webgpu shaders, the AssemblyScript SIMD modules). Defined here
 * once; the shaders' and the modules' offsets are generated from AXIS_SECTIONS and HEADER (sectionOffsetCode;
 * kernels/simd/assembly/table_layout.ts is written from assemblyTableLayout by scripts/build-simd.mjs), never
 * mirrored by hand.
 *
 *   header[HEADER]  base of axis 0, 1, 2 (of plan.axes3), base of the rows section
 *   axis d          start[O] | end[O] | factor[O] | count[O] | gradStart[I] | gradEnd[I]   (O, I: that axis's sizes)
 *   rows section    factorPadded[O2 rounded up to 4, padded with 1] | phaseLo[S] | phaseCount[S]   (sum plans only)
 *
 * Output o of axis d reduces the taps start[o] + t·step, t < count[o] (with step 1: [start[o], end[o])), a sum
 * with divisor factor factor[o]; input i is covered by the outputs [gradStart[i], gradEnd[i]). The rows section
 * serves the SIMD modules' lanes along rows (last axis strided with stride S, see strided_windows.ts phaseCover;
 * S = 0 when it is not strided). Every table is memoised per plan (perPlan), so a model's repeated layers pack once.
 */
import type {AxisTable} from './axis_table';
import type {BoxPlan} from './box_plan';
import {DIVISOR_RULE_CODES} from './divisor_step';
import type {MaxPlan} from './max_windows';
import {perPlan} from './per_plan';
import {strayGradients} from './stray_gradients';
import {phaseCover, stridedWindows3} from './strided_windows';

export type AxisSection = 'start' | 'end' | 'factor' | 'count' | 'gradStart' | 'gradEnd';
export type RowsSection = 'factorPadded' | 'phaseLo' | 'phaseCount';

/** An axis's sections in table order; each is outSize ('out') or inSize ('in') long. */
export const AXIS_SECTIONS: ReadonlyArray<readonly [AxisSection, 'out' | 'in']> = [
  ['start', 'out'],
  ['end', 'out'],
  ['factor', 'out'],
  ['count', 'out'],
  ['gradStart', 'in'],
  ['gradEnd', 'in'],
];

/** Header slots: the bases of the three axes, then of the rows section. */
export const HEADER = 4;
export const ROWS_SLOT = 3;

/** The header and the axes' sections of a plan's tables, the part every packed table shares. */
export interface PackedAxes {
  readonly values: Int32Array;
  /** where each axis's sections begin (also in the header) */
  readonly base: [number, number, number];
}

/** A sum plan's packed tables: the axes, then the rows section of the SIMD modules. */
export interface PackedTables extends PackedAxes {
  readonly rowsBase: number;
  /** stride of the rows section's phases (0: the last axis is not strided) */
  readonly rowsStride: number;
  /** the longest window per axis: a bound for forward loops */
  readonly maxWindow: [number, number, number];
  /** the most outputs covering one input per axis: a bound for backward loops */
  readonly maxCover: [number, number, number];
}

/** Offset of `section` from its axis's base, as numbers of outSize and inSize. */
export function sectionOffset(section: AxisSection): {outs: number; ins: number} {
  let outs = 0;
  let ins = 0;
  for (const [name, length] of AXIS_SECTIONS) {
    if (name === section) return {outs, ins};
    if (length === 'out') outs++;
    else ins++;
  }
  throw new Error(`no table section ${section}`);
}

/** `section`'s offset from its axis's base as code of any C-like language (`O`, `I`: that axis's sizes). */
export function sectionOffsetCode(section: AxisSection, O: string, I: string): string {
  return offsetCode(sectionOffset(section), O, I);
}

function offsetCode({outs, ins}: {outs: number; ins: number}, O: string, I: string): string {
  const terms = [
    outs === 1 ? O : outs > 1 ? `${outs} * ${O}` : '',
    ins === 1 ? I : ins > 1 ? `${ins} * ${I}` : '',
  ].filter(t => t !== '');
  return terms.length ? terms.join(' + ') : '0';
}

/**
 * The header and the axes' sections of `axes` (a plan's axes3) in an Int32Array with `extra` entries left after them
 * for the caller (the rows section); the header's rows slot points past the axes.
 */
function packAxes(axes: readonly AxisTable[], extra: number): {values: Int32Array; base: [number, number, number]} {
  const sections = (a: AxisTable) => AXIS_SECTIONS.reduce((n, [section]) => n + a[section].length, 0);
  const length = HEADER + axes.reduce((n, a) => n + sections(a), 0) + extra;
  const values = new Int32Array(length);
  let at = HEADER;
  const base: number[] = [];
  axes.forEach((a, d) => {
    base.push(at);
    values[d] = at;
    for (const [section] of AXIS_SECTIONS) {
      values.set(a[section], at);
      at += a[section].length;
    }
  });
  values[ROWS_SLOT] = at;
  return {values, base: base as [number, number, number]};
}

/** The packed tables of a sum plan (memoised per plan: a model's repeated layers pack once). */
export const packTables = perPlan((plan: BoxPlan, spec): PackedTables => {
  const axes = plan.axes3;
  const last = axes[2];
  const w = stridedWindows3(plan, spec)[2];
  const phases = w === null ? null : phaseCover(last, w);
  const rowsStride = phases === null ? 0 : w!.s;
  const paddedOut = (last.outSize + 3) & ~3;
  const {values, base} = packAxes(axes, paddedOut + 2 * rowsStride);
  let at = values[ROWS_SLOT];
  const rowsBase = at;
  values.fill(1, at, at + paddedOut);
  values.set(last.factor, at);
  at += paddedOut;
  if (phases !== null) {
    values.set(phases.lo, at);
    values.set(phases.n, at + rowsStride);
  }
  const perAxis = (f: (a: AxisTable) => number) => axes.map(f) as [number, number, number];
  return {
    values,
    base,
    rowsBase,
    rowsStride,
    maxWindow: perAxis(a => maxSpan(a.start, a.end)),
    maxCover: perAxis(a => maxSpan(a.gradStart, a.gradEnd)),
  };
});

/**
 * A max plan's packed tables (no rows section), with what the GPU kernels of the max family put beside them:
 * per axis (of axes3) the sizes and tap step, and the bounds of their loops, which split into passes of at most
 * MAX_WINDOW_ELEMENTS iterations (gpu_tiles.ts passCount).
 */
export interface PackedMaxTables extends PackedAxes {
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

/** The packed tables of a max plan (memoised per plan). */
export const packMaxTables = perPlan<PackedMaxTables, MaxPlan, void>(plan => {
  const axes = plan.axes3;
  const {values, base} = packAxes(axes, 0);
  const per = (f: (a: AxisTable) => number) => axes.map(f) as [number, number, number];
  const maxCount = per(a => a.count.reduce((m, x) => Math.max(m, x), 0));
  const maxCoverAxis = per(a => maxSpan(a.gradStart, a.gradEnd));
  return {
    values,
    base,
    inSize: per(a => a.inSize),
    outSize: per(a => a.outSize),
    step: per(a => a.step),
    maxCount,
    maxTaps: maxCount.reduce((x, y) => x * y, 1),
    maxCoverAxis,
    maxCover: maxCoverAxis.reduce((x, y) => x * y, 1),
    allLive: axes.every(a => a.count.every(c => c > 0)),
  };
});

/**
 * The routes of padding-only windows' gradients (stray_gradients.ts) in one Int32Array for the GPU backwards' extra
 * pass: start[P + 1] | back[E] | output[E]. Null when the plan has no padding-only window.
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

/** The packed stray routes of a max plan (memoised per plan), or null. */
export const packStrays = perPlan<PackedStrays | null, MaxPlan, void>(plan => {
  const s = strayGradients(plan);
  if (s.maxPerCell === 0) return null;
  const values = new Int32Array(s.start.length + 2 * s.back.length);
  values.set(s.start, 0);
  values.set(s.back, s.start.length);
  values.set(s.output, s.start.length + s.back.length);
  return {
    values,
    cells: s.start.length - 1,
    backBase: s.start.length,
    outputBase: s.start.length + s.back.length,
    maxPerCell: s.maxPerCell,
  };
});

function maxSpan(lo: Int32Array, hi: Int32Array): number {
  let m = 0;
  for (let i = 0; i < lo.length; i++) m = Math.max(m, hi[i] - lo[i]);
  return m;
}

/** Offset of a rows-section part from the rows base (O2: the last axis's outSize, S: rowsStride). */
export function rowsSectionOffsetCode(section: RowsSection, O2: string, S: string): string {
  const padded = `((${O2} + 3) & ~3)`;
  return section === 'factorPadded' ? '0' : section === 'phaseLo' ? padded : `${padded} + ${S}`;
}

/**
 * The AssemblyScript accessors of this layout, written to kernels/simd/assembly/table_layout.ts by
 * scripts/build-simd.mjs (test/geometry/packed_tables.test.ts checks that the file is current). Each returns the byte
 * address of a section in the table at `tab`.
 */
export function assemblyTableLayout(): string {
  const fn = (name: string, params: string, body: string) =>
    `@inline\nexport function ${name}(tab: usize${params}): usize {\n  return ${body};\n}\n`;
  const axisBase = '(<usize>load<i32>(tab + (<usize>d << 2)) << 2)';
  const rowsBase = `(<usize>load<i32>(tab + ${ROWS_SLOT * 4}) << 2)`;
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  return [
    '// Generated by scripts/build-simd.mjs from src/geometry/packed_tables.ts (the one table layout). Do not edit.',
    '// Byte addresses of the sections of a packed table at `tab`; d is an axis of plan.axes3, O and I its sizes.',
    '',
    "// The divisor rules' codes (src/geometry/divisor_step.ts DIVISOR_RULE_CODES).",
    ...Object.entries(DIVISOR_RULE_CODES).map(([name, code]) => `export const ${name.toUpperCase()}: i32 = ${code};`),
    '',
    ...AXIS_SECTIONS.map(([section]) =>
      fn(
        `table${cap(section)}`,
        ', d: i32, O: i32, I: i32',
        `tab + ${axisBase} + (<usize>(${sectionOffsetCode(section, 'O', 'I')}) << 2)`,
      ),
    ),
    ...(['factorPadded', 'phaseLo', 'phaseCount'] as RowsSection[]).map(section =>
      fn(
        `rows${cap(section)}`,
        ', O2: i32, S: i32',
        `tab + ${rowsBase} + (<usize>(${rowsSectionOffsetCode(section, 'O2', 'S')}) << 2)`,
      ),
    ),
    "// The same sections for modules given an axis's base (the header's entry d) beside the table.",
    '',
    ...AXIS_SECTIONS.map(([section]) =>
      fn(
        `axis${cap(section)}`,
        ', base: i32, O: i32, I: i32',
        `tab + (<usize>(base + ${sectionOffsetCode(section, 'O', 'I')}) << 2)`,
      ),
    ),
  ].join('\n');
}
