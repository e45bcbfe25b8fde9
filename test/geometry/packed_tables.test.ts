/**
 * The one table layout (src/geometry/packed_tables.ts): every section where the header and sectionOffset say, the
 * rows section's phases equal coveringOutputs, and the AssemblyScript accessors generated from it are current.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  AXIS_SECTIONS,
  HEADER,
  ROWS_SLOT,
  WindowSpec,
  assemblyTableLayout,
  packTables,
  phaseCover,
  planBox,
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

it.each(SPECS)('%j: every section where the layout says', (shape, spec) => {
  const plan = planBox(shape, spec);
  const t = packTables(plan, spec);
  plan.axes3.forEach((a, d) => {
    expect(t.values[d]).toBe(t.base[d]);
    for (const [section] of AXIS_SECTIONS) {
      const {outs, ins} = sectionOffset(section);
      const at = t.base[d] + outs * a.outSize + ins * a.inSize;
      expect(Array.from(t.values.subarray(at, at + a[section].length))).toEqual(Array.from(a[section]));
    }
  });
  expect(t.base[0]).toBe(HEADER);
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
