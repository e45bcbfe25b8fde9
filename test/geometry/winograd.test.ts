/**
 * src/geometry/winograd.ts: the F(2×2, 3×3) matrices compute the direct convolution (float64, every output of
 * random tiles), the generated AssemblyScript transforms are those matrices' (evaluated here as plain arithmetic on
 * the emitted expressions), and the plan's sizes and refusals.
 */
import {WINOGRAD_AT, WINOGRAD_BT, WINOGRAD_G, planWinograd, winogradTransformsAssembly} from '../../src/geometry';
import {mulberry32} from '../support/random';

type Matrix = number[][];
const mul = (a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Matrix =>
  a.map(row => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const t = (a: readonly (readonly number[])[]): Matrix => a[0].map((_, j) => a.map(row => row[j]));

describe('Winograd F(2×2, 3×3)', () => {
  it('Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A is the 2 × 2 correlation of d with g', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const d = Array.from({length: 4}, () => Array.from({length: 4}, () => rand() * 2 - 1));
      const g = Array.from({length: 3}, () => Array.from({length: 3}, () => rand() * 2 - 1));
      const U = mul(mul(WINOGRAD_G, g), t(WINOGRAD_G));
      const V = mul(mul(WINOGRAD_BT, d), t(WINOGRAD_BT));
      const M = U.map((row, i) => row.map((u, j) => u * V[i][j]));
      const Y = mul(mul(WINOGRAD_AT, M), t(WINOGRAD_AT));
      for (let y = 0; y < 2; y++) {
        for (let x = 0; x < 2; x++) {
          let direct = 0;
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) direct += d[y + i][x + j] * g[i][j];
          expect(Math.abs(Y[y][x] - direct)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it("emits the matrices' transforms (the AssemblyScript expressions, evaluated)", () => {
    const text = winogradTransformsAssembly();
    // f32x4.add/sub/mul(splat) on scalars: enough to evaluate the emitted linear combinations
    const env = {
      add: (a: number, b: number) => a + b,
      sub: (a: number, b: number) => a - b,
      mul: (a: number, b: number) => a * b,
      splat: (a: number) => a,
    };
    const js = (e: string) =>
      e
        .replace(/f32x4\.(add|sub|mul|splat)/g, 'env.$1')
        .replace(/<f32>/g, '')
        .replace(/\bv128\.load\(base \+ (\d+) \* ms\)/g, 'm[$1]');
    const rand = mulberry32(11);
    // input transform: h then V, from the emitted `const h..` and `v128.store(o + ξ * vs, …)` lines
    const d = Array.from({length: 16}, () => rand());
    const scope: Record<string, number> = {};
    d.forEach((v, i) => (scope[`d${Math.floor(i / 4)}${i % 4}`] = v));
    const evaluate = (expr: string) =>
      new Function('env', ...Object.keys(scope), `return ${js(expr)};`)(env, ...Object.values(scope)) as number;
    for (const [, name, expr] of text.matchAll(/const (h\d\d) = (.*);/g)) scope[name] = evaluate(expr);
    const V = mul(
      mul(
        WINOGRAD_BT,
        [0, 1, 2, 3].map(i => d.slice(4 * i, 4 * i + 4)),
      ),
      t(WINOGRAD_BT),
    );
    const stores = [...text.matchAll(/v128\.store\(o \+ (\d+) \* vs, (.*)\);/g)];
    expect(stores.length).toBe(16);
    for (const [, xi, expr] of stores) expect(evaluate(expr)).toBeCloseTo(V[Math.floor(+xi / 4)][+xi % 4], 12);
    // output transform: r then y (bias 0)
    const m = Array.from({length: 16}, () => rand());
    m.forEach((v, i) => (scope[`m${Math.floor(i / 4)}${i % 4}`] = v));
    for (const [, name, expr] of text.matchAll(/const (r\d\d) = (.*);/g)) scope[name] = evaluate(expr);
    const Y = mul(
      mul(
        WINOGRAD_AT,
        [0, 1, 2, 3].map(i => m.slice(4 * i, 4 * i + 4)),
      ),
      t(WINOGRAD_AT),
    );
    const outs = [...text.matchAll(/let (y(\d)(\d)) = f32x4\.add\((.*), bias\);/g)];
    expect(outs.length).toBe(4);
    for (const [, , i, j, expr] of outs) expect(evaluate(expr)).toBeCloseTo(Y[+i][+j], 12);
  });

  it('plans tiles, scratch and the packed filter, and refuses what the kernel does not take', () => {
    const p = planWinograd([2, 9, 11, 8], 16, [
      [1, 1],
      [1, 1],
    ])!;
    expect([p.outH, p.outW, p.tilesW, p.tiles]).toEqual([9, 11, 6, 30]);
    expect(p.packedFilterShape).toEqual([16, 2, 8, 8]);
    expect([p.scratchV, p.scratchM]).toEqual([16 * 16 * 8, 16 * 16 * 16]);
    const none: Array<[number, number]> = [
      [0, 0],
      [0, 0],
    ];
    expect(planWinograd([1, 5, 6, 4], 8, none)!.tiles).toBe(2 * 2);
    expect(planWinograd([1, 5, 5, 3], 8, none)).toBeNull(); // channels off the vector
    expect(planWinograd([1, 5, 5, 4], 12, none)).toBeNull(); // output channels off the 8-column panel
    expect(planWinograd([1, 2, 5, 4], 8, none)).toBeNull(); // empty output
  });
});
