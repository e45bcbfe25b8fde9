/**
 * The one table layout (src/geometry/packed_tables.ts): every section where the header and sectionOffset say, for
 * sum plans and max plans alike, the rows section's phases equal coveringOutputs, the max plans' loop bounds and
 * stray routes are the tables', and the AssemblyScript accessors generated from it are current.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  AXIS_SECTIONS,
  AxisPlan,
  HEADER,
  MaxWindowSpec,
  ROWS_SLOT,
  WindowSpec,
  assemblyTableLayout,
  packMaxTables,
  packStrays,
  packTables,
  phaseCover,
  planBox,
  planMax,
  strayGradients,
  sectionOffset,
  stridedWindows3,
} from '../../src/geometry';

const SPECS: Array<[number[], WindowSpec]> = [
  [
    [2, 3, 9, 11],
    {
      kind: 'pool',
      kernelSize: [3, 2],
      stride: [2, 3],
      padding: [1, 1],
      ceilMode: true,
      countIncludePad: false,
      divisorOverride: null,
    },
  ],
  [
    [1, 2, 5, 6, 7],
    {
      kind: 'pool',
      kernelSize: [2, 3, 3],
      stride: [1, 2, 1],
      padding: [0, 1, 1],
      ceilMode: false,
      countIncludePad: true,
      divisorOverride: -3,
    },
  ],
  [[4, 10], {kind: 'adaptive', outputSize: [4]}],
  [[3, 7, 7], {kind: 'adaptive', outputSize: [3, 3]}],
];

/** Every axis section of `plan` where the header and sectionOffset say. */
function expectSections(plan: AxisPlan, t: {values: Int32Array; base: number[]}) {
  plan.axes3.forEach((a, d) => {
    expect(t.values[d]).toBe(t.base[d]);
    for (const [section] of AXIS_SECTIONS) {
      const {outs, ins} = sectionOffset(section);
      const at = t.base[d] + outs * a.outSize + ins * a.inSize;
      expect(Array.from(t.values.subarray(at, at + a[section].length))).toEqual(Array.from(a[section]));
    }
  });
  expect(t.base[0]).toBe(HEADER);
}

it.each(SPECS)('%j: every section where the layout says', (shape, spec) => {
  const plan = planBox(shape, spec);
  const t = packTables(plan, spec);
  expectSections(plan, t);
  expect(t.values[ROWS_SLOT]).toBe(t.rowsBase);
  const last = plan.axes3[2];
  const padded = (last.outSize + 3) & ~3;
  expect(Array.from(t.values.subarray(t.rowsBase, t.rowsBase + last.outSize))).toEqual(Array.from(last.factor));
  expect(Array.from(t.values.subarray(t.rowsBase + last.outSize, t.rowsBase + padded)).every(v => v === 1)).toBe(true);
  const w = stridedWindows3(plan, spec)[2];
  const phases = w && phaseCover(last, w);
  expect(t.rowsStride).toBe(phases ? w!.s : 0);
  if (phases) {
    const lo = t.rowsBase + padded;
    expect(Array.from(t.values.subarray(lo, lo + t.rowsStride))).toEqual(Array.from(phases.lo));
    expect(Array.from(t.values.subarray(lo + t.rowsStride, lo + 2 * t.rowsStride))).toEqual(Array.from(phases.n));
  }
  expect(t.values.length).toBe(t.rowsBase + padded + 2 * t.rowsStride);
});

it('a kernel and stride of 2^31-1 (ceil mode: one window) get no phase tables, at once', () => {
  const spec: WindowSpec = {
    kind: 'pool',
    kernelSize: [2 ** 31 - 1],
    stride: [2 ** 31 - 1],
    padding: [0],
    ceilMode: true,
    countIncludePad: true,
    divisorOverride: null,
  };
  const plan = planBox([3, 6, 4], spec);
  expect(plan.axes3[2].outSize).toBe(1);
  expect(packTables(plan, spec).rowsStride).toBe(0);
});

it('kernels/simd/assembly/table_layout.ts is generated from this layout (run node scripts/build-simd.mjs)', () => {
  const file = path.join(__dirname, '..', '..', 'kernels', 'simd', 'assembly', 'table_layout.ts');
  expect(fs.readFileSync(file, 'utf8')).toBe(assemblyTableLayout());
});

const MAX_SPECS: Array<[number[], MaxWindowSpec]> = [
  [[2, 3, 9, 11], {kind: 'max', kernelSize: [3, 2], stride: [2, 3], padding: [1, 1], dilation: [2, 1], ceilMode: true}],
  [[1, 2, 5], {kind: 'max', kernelSize: [2], stride: [1], padding: [1], dilation: [3], ceilMode: false}],
  // a padding-only window (output 0 has no in-bounds tap): stray routes
  [[2, 2], {kind: 'max', kernelSize: [2], stride: [1], padding: [1], dilation: [3], ceilMode: false}],
  [[3, 7, 7], {kind: 'adaptive', outputSize: [3, 3]}],
];

it.each(MAX_SPECS)("max plan %j: the same layout, its bounds and stray routes the tables'", (shape, spec) => {
  const plan = planMax(shape, spec);
  const t = packMaxTables(plan);
  expect(packMaxTables(plan)).toBe(t);
  expectSections(plan, t);
  expect(t.values[ROWS_SLOT]).toBe(t.values.length);
  const most = (v: Int32Array) => v.reduce((m, x) => Math.max(m, x), 0);
  expect(t.maxCount).toEqual(plan.axes3.map(a => most(a.count)));
  expect(t.maxTaps).toBe(t.maxCount[0] * t.maxCount[1] * t.maxCount[2]);
  expect(t.step).toEqual(plan.axes3.map(a => a.step));
  expect(t.allLive).toBe(plan.axes3.every(a => a.count.every(c => c > 0)));
  const s = strayGradients(plan);
  const packed = packStrays(plan);
  if (s.maxPerCell === 0) {
    expect(packed).toBeNull();
  } else {
    expect(Array.from(packed!.values.subarray(0, packed!.backBase))).toEqual(Array.from(s.start));
    expect(Array.from(packed!.values.subarray(packed!.backBase, packed!.outputBase))).toEqual(Array.from(s.back));
    expect(Array.from(packed!.values.subarray(packed!.outputBase))).toEqual(Array.from(s.output));
  }
});
