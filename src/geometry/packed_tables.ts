/**
 * The one table layout: a BoxPlan's tables in one Int32Array, read by every table-reading kernel (webgl and webgpu
 * shaders, the AssemblyScript SIMD modules). Defined here once; the shaders' and the modules' offsets are generated
 * from AXIS_SECTIONS and HEADER (sectionOffsetCode; kernels/simd/assembly/table_layout.ts is written from
 * assemblyTableLayout by scripts/build-simd.mjs), never mirrored by hand.
 *
 *   header[HEADER]  base of axis 0, 1, 2 (of plan.axes3), base of the rows section
 *   axis d          start[O] | end[O] | factor[O] | gradStart[I] | gradEnd[I]     (O, I: that axis's sizes)
 *   rows section    factorPadded[O2 rounded up to 4, padded with 1] | phaseLo[S] | phaseCount[S]
 *
 * Output o of axis d reads [start[o], end[o]) with divisor factor factor[o]; input i is covered by the outputs
 * [gradStart[i], gradEnd[i]). The rows section serves the SIMD modules' lanes along rows (last axis strided with
 * stride S, see strided_windows.ts phaseCover; S = 0 when it is not strided).
 */
import type {AxisTable} from './axis_table';
import type {BoxPlan} from './box_plan';
import {DIVISOR_RULE_CODES} from './divisor_step';
import {perPlan} from './per_plan';
import {phaseCover, stridedWindows3} from './strided_windows';

export type AxisSection = 'start' | 'end' | 'factor' | 'gradStart' | 'gradEnd';
export type RowsSection = 'factorPadded' | 'phaseLo' | 'phaseCount';

/** An axis's sections in table order; each is outSize ('out') or inSize ('in') long. */
export const AXIS_SECTIONS: ReadonlyArray<readonly [AxisSection, 'out' | 'in']> = [
  ['start', 'out'],
  ['end', 'out'],
  ['factor', 'out'],
  ['gradStart', 'in'],
  ['gradEnd', 'in'],
];
/**
 * The max-pooling family's per-axis tables (src/geometry/max_windows.ts MaxAxisTable), packed by
 * kernels/shared/max_tables.ts for the GPU kernels and the SIMD max-pool module in this order, each axis from its
 * base on: first[O] | count[O] | gradStart[I] | gradEnd[I]. No header: the bases travel beside the table.
 */
export type MaxAxisSection = 'first' | 'count' | 'gradStart' | 'gradEnd';
export const MAX_AXIS_SECTIONS: ReadonlyArray<readonly [MaxAxisSection, 'out' | 'in']> = [
  ['first', 'out'],
  ['count', 'out'],
  ['gradStart', 'in'],
  ['gradEnd', 'in'],
];

/** Header slots: the bases of the three axes, then of the rows section. */
export const HEADER = 4;
export const ROWS_SLOT = 3;

export interface PackedTables {
  readonly values: Int32Array;
  /** where each axis's sections begin (also in the header) */
  readonly base: [number, number, number];
  readonly rowsBase: number;
  /** stride of the rows section's phases (0: the last axis is not strided) */
  readonly rowsStride: number;
  /** the longest window per axis: a bound for forward loops */
  readonly maxWindow: [number, number, number];
  /** the most outputs covering one input per axis: a bound for backward loops */
  readonly maxCover: [number, number, number];
}

/** Offset of `section` from its axis's base, as numbers of outSize and inSize. */
export function sectionOffset(section: AxisSection): {outs: number; ins: number};
export function sectionOffset(section: MaxAxisSection, sections: typeof MAX_AXIS_SECTIONS): {outs: number; ins: number};
export function sectionOffset(
  section: string,
  sections: ReadonlyArray<readonly [string, 'out' | 'in']> = AXIS_SECTIONS,
): {outs: number; ins: number} {
  let outs = 0;
  let ins = 0;
  for (const [name, length] of sections) {
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

/** The same for a section of the max-pooling tables (MAX_AXIS_SECTIONS). */
export function maxSectionOffsetCode(section: MaxAxisSection, O: string, I: string): string {
  return offsetCode(sectionOffset(section, MAX_AXIS_SECTIONS), O, I);
}

function offsetCode({outs, ins}: {outs: number; ins: number}, O: string, I: string): string {
  const terms = [
    outs === 1 ? O : outs > 1 ? `${outs} * ${O}` : '',
    ins === 1 ? I : ins > 1 ? `${ins} * ${I}` : '',
  ].filter(t => t !== '');
  return terms.length ? terms.join(' + ') : '0';
}

/** The packed tables of a plan (memoised per plan: a model's repeated layers pack once). */
export const packTables = perPlan((plan: BoxPlan, spec): PackedTables => {
  const axes = plan.axes3;
  const last = axes[2];
  const w = stridedWindows3(plan, spec)[2];
  const phases = w === null ? null : phaseCover(last, w);
  const rowsStride = phases === null ? 0 : w!.s;
  const paddedOut = (last.outSize + 3) & ~3;
  const length = HEADER + axes.reduce((n, a) => n + 3 * a.outSize + 2 * a.inSize, 0) + paddedOut + 2 * rowsStride;
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
  const rowsBase = at;
  values[ROWS_SLOT] = rowsBase;
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
    base: base as [number, number, number],
    rowsBase,
    rowsStride,
    maxWindow: perAxis(a => maxSpan(a.start, a.end)),
    maxCover: perAxis(a => maxSpan(a.gradStart, a.gradEnd)),
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
    "// The max-pooling tables (MAX_AXIS_SECTIONS): base is the axis's base, passed beside the table.",
    '',
    ...MAX_AXIS_SECTIONS.map(([section]) =>
      fn(
        `max${cap(section)}`,
        ', base: i32, O: i32, I: i32',
        `tab + (<usize>(base + ${maxSectionOffsetCode(section, 'O', 'I')}) << 2)`,
      ),
    ),
  ].join('\n');
}
