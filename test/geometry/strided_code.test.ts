/**
 * The strided-window formulas the webgl shaders evaluate (src/geometry/strided_code.ts), emitted as JavaScript by
 * the same generator that emits their GLSL, evaluated on every entry of the tables of many plans: the shader's
 * windows and covering ranges are the tables'.
 */
import {
  AxisTable,
  JAVASCRIPT,
  StridedWindows,
  adaptiveAxis,
  coveringOutputsCode,
  phaseCover,
  poolAxis,
  poolOutputSize,
  stridedWindows,
  windowFirstCode,
} from '../../src/geometry';

const names = {k: 'k', s: 's', p: 'p', outSize: 'outSize'};
const cover = new Function(
  'i',
  'k',
  's',
  'p',
  'outSize',
  `${coveringOutputsCode(JAVASCRIPT, 'lo', 'hi', 'i', names)}\nreturn [lo, hi];`,
) as (i: number, k: number, s: number, p: number, outSize: number) => [number, number];
const first = new Function(
  'o',
  'k',
  's',
  'p',
  'outSize',
  `${windowFirstCode(JAVASCRIPT, 'f', 'o', names)}\nreturn f;`,
) as (o: number, k: number, s: number, p: number, outSize: number) => number;

/** Every strided axis of pools L ≤ 12, k ≤ 6, s ≤ 4, p ≤ k/2, both modes, and of adaptive pools L ≤ 16. */
function axes(): Array<{a: AxisTable; w: StridedWindows; what: string}> {
  const out: Array<{a: AxisTable; w: StridedWindows; what: string}> = [];
  for (let L = 1; L <= 12; L++) {
    for (let k = 1; k <= 6; k++) {
      for (let s = 1; s <= 4; s++) {
        for (let p = 0; 2 * p <= k; p++) {
          for (const ceil of [false, true]) {
            for (const cip of [false, true]) {
              const O = poolOutputSize(L, k, p, s, ceil);
              if (O <= 0) continue;
              const spec = {
                kind: 'pool' as const,
                kernelSize: [k],
                stride: [s],
                padding: [p],
                ceilMode: ceil,
                countIncludePad: cip,
                divisorOverride: null,
              };
              const a = poolAxis(L, O, k, s, p, cip);
              const w = stridedWindows(a, spec, 0);
              if (w !== null) out.push({a, w, what: `pool L=${L} k=${k} s=${s} p=${p} ceil=${ceil}`});
            }
          }
        }
      }
    }
  }
  for (let L = 1; L <= 16; L++) {
    for (let O = 1; O <= 16; O++) {
      const a = adaptiveAxis(L, O);
      const w = stridedWindows(a, {kind: 'adaptive', outputSize: [O]}, 0);
      if (w !== null) out.push({a, w, what: `adaptive ${L}→${O}`});
    }
  }
  return out;
}

const all = axes();

it('covers many strided axes, adaptive ones with L % O != 0 included', () => {
  expect(all.length).toBeGreaterThan(1000);
  expect(all.some(({what}) => what === 'adaptive 7→3')).toBe(true);
});

it("the emitted window formula gives every output the table's window", () => {
  const bad: string[] = [];
  for (const {a, w, what} of all) {
    for (let o = 0; o < a.outSize; o++) {
      const f = first(o, w.k, w.s, w.p, a.outSize);
      if (Math.max(f, 0) !== a.start[o] || Math.min(f + w.k, a.inSize) !== a.end[o]) bad.push(`${what} o=${o}`);
    }
  }
  expect(bad).toEqual([]);
});

it("the emitted covering formula gives every input the table's covering outputs", () => {
  const bad: string[] = [];
  for (const {a, w, what} of all) {
    for (let i = 0; i < a.inSize; i++) {
      const [lo, hi] = cover(i, w.k, w.s, w.p, a.outSize);
      const empty = hi <= lo && a.gradEnd[i] <= a.gradStart[i];
      if (!empty && (lo !== a.gradStart[i] || hi !== a.gradEnd[i])) bad.push(`${what} i=${i}`);
    }
  }
  expect(bad).toEqual([]);
});

it("phaseCover (the SIMD backward's ranges) holds on every strided axis", () => {
  expect(all.filter(({a, w}) => phaseCover(a, w) === null).map(({what}) => what)).toEqual([]);
});
