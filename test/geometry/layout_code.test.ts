/**
 * The plane addressing the shaders evaluate (src/geometry/layout_code.ts), emitted as JavaScript by the same
 * generator that emits their GLSL and WGSL, against PlaneAddressing (src/geometry/memory_layout.ts) and the
 * row-major offsets of the stored shape, on every plane and cell of many shapes in both layouts.
 */
import {
  JAVASCRIPT_LAYOUT,
  MemoryLayout,
  cellStrideCode,
  planeAddressing,
  planeBaseCode,
  planeCellCode,
  planeOffsetCode,
  planeStrideCode,
  storedShape,
} from '../../src/geometry';

const names = {channels: 'C', planeSize: 'P'};
type Emitted = {
  base: (p: number, C: number, P: number) => number;
  offset: (p: number, cell: number, C: number, P: number) => number;
  split: (flat: number, C: number, P: number) => [number, number];
  stride: (C: number, P: number) => number;
  planeStride: (C: number, P: number) => number;
};

function emitted(layout: MemoryLayout): Emitted {
  const js = JAVASCRIPT_LAYOUT;
  return {
    base: new Function('p', 'C', 'P', `return ${planeBaseCode(js, layout, names, 'p')};`) as Emitted['base'],
    offset: new Function(
      'p',
      'cell',
      'C',
      'P',
      `return ${planeOffsetCode(js, layout, names, 'p', 'cell')};`,
    ) as Emitted['offset'],
    split: new Function(
      'flat',
      'C',
      'P',
      `${planeCellCode(js, layout, names, 'flat', 'plane', 'cell')}\nreturn [plane, cell];`,
    ) as Emitted['split'],
    stride: new Function('C', 'P', `return ${cellStrideCode(layout, names)};`) as Emitted['stride'],
    planeStride: new Function('C', 'P', `return ${planeStrideCode(layout, names)};`) as Emitted['planeStride'],
  };
}

/** Row-major offset, in the stored shape, of logical element (plane p, cell), for a logical shape `logical`. */
function storedOffset(logical: number[], nd: number, layout: MemoryLayout, p: number, cell: number): number {
  const spatial = logical.slice(logical.length - nd);
  const lead = logical.slice(0, logical.length - nd);
  const coords: number[] = [];
  let r = cell;
  for (let d = nd - 1; d >= 0; d--) {
    coords.unshift(r % spatial[d]);
    r = Math.floor(r / spatial[d]);
  }
  const leadCoords: number[] = [];
  r = p;
  for (let d = lead.length - 1; d >= 0; d--) {
    leadCoords.unshift(r % lead[d]);
    r = Math.floor(r / lead[d]);
  }
  // logical coordinates in channels-first order, then permuted as storedShape permutes the shape
  const logicalCoords = [...leadCoords, ...coords];
  const stored = storedShape(logical, nd, layout);
  const storedCoords = storedShape(logicalCoords, nd, layout);
  return storedCoords.reduce((acc, c, i) => acc * stored[i] + c, 0);
}

function shapes(): Array<{logical: number[]; nd: number}> {
  const out: Array<{logical: number[]; nd: number}> = [];
  for (const nd of [1, 2, 3]) {
    const spatials =
      nd === 1
        ? [[1], [5], [7]]
        : nd === 2
          ? [
              [1, 1],
              [2, 3],
              [4, 1],
            ]
          : [
              [1, 2, 3],
              [2, 2, 2],
            ];
    for (const spatial of spatials) {
      for (const C of [1, 3, 4, 5]) {
        out.push({logical: [C, ...spatial], nd});
        for (const N of [1, 2, 3]) out.push({logical: [N, C, ...spatial], nd});
      }
    }
  }
  return out;
}

const all = shapes();

it('covers 1d/2d/3d, batched and unbatched, C = 1, 3, 4, 5', () => {
  expect(all.length).toBeGreaterThan(100);
});

for (const layout of ['channelsFirst', 'channelsLast'] as const) {
  it(`${layout}: the emitted addressing is PlaneAddressing's and the stored shape's, both ways`, () => {
    const e = emitted(layout);
    let checked = 0;
    for (const {logical, nd} of all) {
      const a = planeAddressing(logical, nd, layout);
      const {channels: C, planeSize: P} = a;
      expect(e.stride(C, P)).toBe(a.cellStride);
      const seen = new Set<number>();
      for (let p = 0; p < a.planes; p++) {
        expect(e.base(p, C, P)).toBe(a.planeBase(p));
        // a whole plane's worth of cells further (a padding-only window's index past its plane)
        const S = e.planeStride(C, P);
        if (p + S < a.planes) expect(a.planeBase(p + S)).toBe(a.planeBase(p) + P * a.cellStride);
        for (let cell = 0; cell < P; cell++) {
          const at = e.offset(p, cell, C, P);
          expect(at).toBe(a.planeBase(p) + cell * a.cellStride);
          expect(at).toBe(storedOffset(logical, nd, layout, p, cell));
          expect(e.split(at, C, P)).toEqual([p, cell]);
          seen.add(at);
          checked++;
        }
      }
      // every stored offset is some (plane, cell): the map is a bijection onto [0, size)
      expect(seen.size).toBe(a.planes * P);
      expect(Math.max(...seen)).toBe(a.planes * P - 1);
    }
    expect(checked).toBeGreaterThan(1000);
  });
}
