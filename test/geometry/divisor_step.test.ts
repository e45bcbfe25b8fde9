/**
 * The divisor step (src/geometry/divisor_step.ts) in each language it is written in. TypeScript and the emitted
 * shader text here; the same rule through every backend's kernels (AssemblyScript SIMD modules, scalar loops,
 * TensorFlow ops) in test/kernels/divisor_step.test.ts, and on webgl/webgpu in test/browser/parity_avg.test.ts.
 */
import {
  divisorStep,
  divisorStepGlsl,
  divisorStepWgsl,
  integerDivisorStep,
  storesPositiveZero,
} from '../../src/geometry';

const product = {kind: 'product'} as const;
const successive = {kind: 'successive'} as const;
const override = (value: number) => ({kind: 'override', value}) as const;

describe('divisorStep (TypeScript)', () => {
  it('divides a float32 sum once by the product, or by the override', () => {
    expect(divisorStep(Math.fround(1.1), product, 3, 1, 1)).toBe(Math.fround(Math.fround(1.1) / 3));
    expect(divisorStep(7, override(-2), 3, 3, 3)).toBe(-3.5);
  });

  it('divides once per axis, outer first, for adaptive pools', () => {
    const f = Math.fround;
    expect(divisorStep(f(0.3), successive, 3, 7, 1)).toBe(f(f(f(0.3) / 3) / 7));
    expect(divisorStep(f(0.3), successive, 3, 7, 1)).not.toBe(f(f(0.3) / 21)); // one division by 21 rounds otherwise
  });

  it('stores a -0 quotient as +0 for avg pools and keeps it for adaptive pools', () => {
    expect(Object.is(divisorStep(0, override(-3), 1, 1, 1), 0)).toBe(true);
    expect(Object.is(divisorStep(-1.401298464324817e-45, product, 4, 1, 1), 0)).toBe(true);
    expect(Object.is(divisorStep(-1.401298464324817e-45, successive, 4, 1, 1), -0)).toBe(true);
    expect(Object.is(divisorStep(-0, successive, 1, 1, 1), -0)).toBe(true);
    expect(storesPositiveZero('product') && storesPositiveZero('override') && !storesPositiveZero('successive')).toBe(
      true,
    );
  });

  it('leaves NaN and infinities alone', () => {
    expect(divisorStep(NaN, product, 2, 1, 1)).toBeNaN();
    expect(divisorStep(Infinity, override(-2), 1, 1, 1)).toBe(-Infinity);
  });

  it('truncates integer quotients toward zero', () => {
    expect(integerDivisorStep(-3, product, 2, 1, 1)).toBe(-1);
    expect(integerDivisorStep(-1, product, 2, 1, 1)).toBe(0);
    expect(integerDivisorStep(1, override(-2), 1, 1, 1)).toBe(0);
    expect(integerDivisorStep(7, override(-2), 1, 1, 1)).toBe(-3);
  });
});

describe('the emitted shader text (GLSL, WGSL)', () => {
  it.each(['product', 'override', 'successive'] as const)(
    '%s: the sign rule appears exactly where TS applies it',
    rule => {
      const glsl = divisorStepGlsl(rule, false);
      const wgsl = divisorStepWgsl(rule);
      expect(glsl.includes('q == 0.0 ? 0.0 : q')).toBe(storesPositiveZero(rule));
      expect(wgsl.includes('select(q, 0.0, q == 0.0)')).toBe(storesPositiveZero(rule));
      expect(glsl).toContain('float divide(float sum, int f0, int f1, int f2)');
      expect(wgsl).toContain('fn divideF32(sum : f32, f0 : i32, f1 : i32, f2 : i32) -> f32');
    },
  );

  it('divides int32 sums on magnitudes in GLSL (truncation toward zero)', () => {
    expect(divisorStepGlsl('product', true)).toContain('(sum < 0) == (d < 0) ? q : -q');
  });
});
