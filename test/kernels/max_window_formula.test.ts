/**
 * The max-pool window formula that the webgl kernels emit (kernels/shared/max_window_formula.ts) against the
 * geometry's tables (src/geometry maxPoolAxis): first tap and tap count of every output, for many geometries,
 * padding, dilation and ceil mode included. The statements are evaluated as JavaScript: the same text as the GLSL.
 */
import {maxPoolAxis, maxPoolOutputSize} from '../../src/geometry';
import {maxTapExpression, maxWindowStatements} from '../../kernels/shared/max_window_formula';

function evaluate(L: number, k: number, s: number, p: number, d: number, outSize: number) {
  const code = maxWindowStatements(
    'let',
    'o',
    {k: String(k), s: String(s), p: String(p), d: String(d), L: String(L)},
    'first',
    'count',
    'x',
  );
  const f = new Function('o', 'divNN', `${code}\nreturn [first, count];`) as (
    o: number,
    divNN: (a: number, b: number) => number,
  ) => [number, number];
  return Array.from({length: outSize}, (_, o) => f(o, (a, b) => Math.floor(a / b)));
}

/** The in-bounds taps, in order, of a loop over exactly k taps evaluating maxTapExpression. */
function tapLoop(L: number, k: number, s: number, p: number, d: number, o: number): number[] {
  const expr = maxTapExpression('o', 't', {k: String(k), s: String(s), p: String(p), d: String(d), L: String(L)});
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
              const O = maxPoolOutputSize(L, k, p, s, d, ceil);
              if (O < 1) continue;
              const table = maxPoolAxis(L, O, k, s, p, d);
              const got = evaluate(L, k, s, p, d, O);
              expect(got.map(g => g[0])).toEqual(Array.from(table.first));
              expect(got.map(g => g[1])).toEqual(Array.from(table.count));
              for (let o = 0; o < O; o++) {
                const want = Array.from({length: table.count[o]}, (_, t) => table.first[o] + t * table.step);
                expect(tapLoop(L, k, s, p, d, o)).toEqual(want);
              }
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
  expect([Array.from(t.first), Array.from(t.count)]).toEqual([
    [2, 0],
    [0, 1],
  ]);
});
