/**
 * The window formulas the webgl shaders evaluate (src/geometry/strided_code.ts), emitted as JavaScript by the same
 * generator that emits their GLSL, evaluated on every entry of the tables of many plans: the shader's windows and
 * covering ranges (average pools) and first taps, tap counts and tap positions (max pools, dilation, padding and
 * ceil mode included) are the tables'.
 */
import {
  AxisTable,
  JAVASCRIPT,
  StridedWindows,
  adaptiveAxis,
  coveringOutputsCode,
  maxPoolAxis,
  maxWindowCode,
  phaseCover,
  poolAxis,
  poolOutputSize,
  stridedTaps,
  stridedWindows,
  tapPositionCode,
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

describe('max pools: the emitted first tap, tap count and tap positions', () => {
  const names = (L: number, k: number, s: number, p: number, d: number) => ({
    k: String(k),
    s: String(s),
    p: String(p),
    d: String(d),
    L: String(L),
  });

  /** [first, count] of every output, from the emitted code run as JavaScript. */
  function evaluate(L: number, k: number, s: number, p: number, d: number, outSize: number): Array<[number, number]> {
    const code = maxWindowCode(JAVASCRIPT, 'first', 'count', 'o', names(L, k, s, p, d), 'x');
    const f = new Function('o', `${code}\nreturn [first, count];`) as (o: number) => [number, number];
    return Array.from({length: outSize}, (_, o) => f(o));
  }

  /** The in-bounds taps, in order, of a loop over exactly k taps evaluating tapPositionCode. */
  function tapLoop(L: number, k: number, s: number, p: number, d: number, o: number): number[] {
    const expr = tapPositionCode('o', 't', names(L, k, s, p, d));
    const tap = new Function('o', 't', `return ${expr};`) as (o: number, t: number) => number;
    const taps = [];
    for (let t = 0; t < k; t++) {
      const j = tap(o, t);
      if (j >= 0 && j < L) taps.push(j);
    }
    return taps;
  }

  it("gives every output the tables' first tap and tap count; a k-tap loop visits the tables' taps", () => {
    let checked = 0;
    for (let L = 1; L <= 12; L++) {
      for (let k = 1; k <= 5; k++) {
        for (let s = 1; s <= 3; s++) {
          for (let d = 1; d <= 4; d++) {
            for (let p = 0; p <= k >> 1; p++) {
              for (const ceil of [false, true]) {
                const O = poolOutputSize(L, k, p, s, ceil, d);
                if (O < 1) continue;
                const table = maxPoolAxis(L, O, k, s, p, d);
                const got = evaluate(L, k, s, p, d, O);
                expect(got.map(g => g[0])).toEqual(Array.from(table.start));
                expect(got.map(g => g[1])).toEqual(Array.from(table.count));
                for (let o = 0; o < O; o++) {
                  const want = Array.from({length: table.count[o]}, (_, t) => table.start[o] + t * table.step);
                  expect(tapLoop(L, k, s, p, d, o)).toEqual(want);
                }
                const spec = {
                  kind: 'max' as const,
                  kernelSize: [k],
                  stride: [s],
                  padding: [p],
                  dilation: [d],
                  ceilMode: ceil,
                };
                expect(stridedTaps(table, spec, 0)).toEqual({k, s, p, d});
                checked++;
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('covers the dilation case without any in-bounds tap (L=2 k=2 p=1 d=3)', () => {
    expect(evaluate(2, 2, 1, 1, 3, 2)).toEqual([
      [2, 0],
      [0, 1],
    ]);
    const t = maxPoolAxis(2, 2, 2, 1, 1, 3);
    expect([Array.from(t.start), Array.from(t.count)]).toEqual([
      [2, 0],
      [0, 1],
    ]);
  });

  it('stridedTaps reads strided adaptive bins off the tables and refuses uneven ones', () => {
    expect(stridedTaps(adaptiveAxis(56, 7), {kind: 'adaptive', outputSize: [7]}, 0)).toEqual({k: 8, s: 8, p: 0, d: 1});
    expect(stridedTaps(adaptiveAxis(7, 3), {kind: 'adaptive', outputSize: [3]}, 0)).toEqual({k: 3, s: 2, p: 0, d: 1});
    expect(stridedTaps(adaptiveAxis(5, 3), {kind: 'adaptive', outputSize: [3]}, 0)).toBeNull();
  });
});
