/**
 * The divisor step: an output's quotient, then PyTorch's sign-of-zero rule (docs/SEMANTICS.md §3, §5). Defined here
 * once for each language a kernel is written in:
 *
 *   TypeScript     divisorStep / integerDivisorStep (cpu and wasm scalar loops)
 *   GLSL           divisorStepGlsl (webgl), emitted from here
 *   WGSL           divisorStepWgsl (webgpu), emitted from here
 *   AssemblyScript `quotientStore` in kernels/simd/assembly/box_simd.ts (the SIMD modules; it applies
 *                  storesPositiveZero's rule to the rules' codes of simd_layout.ts)
 *   TensorFlow ops kernels/tensorflow/box_average_tf_ops.ts `divisorStepTf` (an AddV2 of +0 where the rule says so)
 *
 * The quotient: 'product' divides the float32 sum once by Π factors, 'override' once by divisor_override,
 * 'successive' once per axis, outer first (adaptive pools). int32 (PyTorch's int64) divides the exact sum with
 * truncation toward zero by the product or the override.
 *
 * The rule: ATen's avg pools store a -0 quotient as +0 (a zero sum over a negative divisor_override, or a tiny
 * negative quotient that underflows, or that a GPU flushes to zero); adaptive pools keep -0, as does `mean`.
 */
import type {DivisorRule} from './box_plan';

/** The rules' codes where a kernel takes the rule as a number (the SIMD modules: generated into their source). */
export const DIVISOR_RULE_CODES = {product: 0, override: 1, successive: 2} as const;

/** Whether outputs of this divisor rule store a -0 quotient as +0 (avg pools) or keep it (adaptive pools). */
export function storesPositiveZero(rule: DivisorRule['kind']): boolean {
  return rule !== 'successive';
}

/** The float32 divisor step of one output whose axes contribute factors f0, f1, f2. */
export function divisorStep(sum: number, rule: DivisorRule, f0: number, f1: number, f2: number): number {
  const fround = Math.fround;
  const q =
    rule.kind === 'product'
      ? fround(sum / (f0 * f1 * f2))
      : rule.kind === 'override'
        ? fround(sum / rule.value)
        : fround(fround(fround(sum / f0) / f1) / f2);
  // `q + 0` turns -0 into +0 and changes no other value (NaN and ±inf included).
  return storesPositiveZero(rule.kind) ? q + 0 : q;
}

/** The integer divisor step (int32 tensors, PyTorch's int64): exact sum, truncating division. */
export function integerDivisorStep(sum: number, rule: DivisorRule, f0: number, f1: number, f2: number): number {
  return Math.trunc(sum / (rule.kind === 'override' ? rule.value : f0 * f1 * f2)) + 0; // an integer has no -0
}

/**
 * GLSL `divide(sum, f0, f1, f2)`: float, or int for int32 tensors (exact, truncating toward zero, on magnitudes:
 * GLSL leaves integer division of negative operands undefined). `divisorOverride` is a float uniform. The +0 rule
 * is `q == 0.0 ? 0.0 : q` rather than `q + 0.0`, which a shader compiler may fold away.
 */
export function divisorStepGlsl(rule: DivisorRule['kind'], integer: boolean): string {
  if (integer) {
    const d = rule === 'override' ? 'int(floor(divisorOverride + 0.5))' : 'f0 * f1 * f2';
    return `
  int divide(int sum, int f0, int f1, int f2) {
    int d = ${d};
    int q = (sum < 0 ? -sum : sum) / (d < 0 ? -d : d);
    return (sum < 0) == (d < 0) ? q : -q;
  }`;
  }
  const q =
    rule === 'successive'
      ? '((sum / float(f0)) / float(f1)) / float(f2)'
      : `sum / ${rule === 'override' ? 'divisorOverride' : 'float(f0 * f1 * f2)'}`;
  return `
  float divide(float sum, int f0, int f1, int f2) {
    float q = ${q};
    return ${storesPositiveZero(rule) ? 'q == 0.0 ? 0.0 : q' : 'q'};
  }`;
}

/**
 * WGSL `fn divideF32(sum, f0, f1, f2) -> f32`; `uniforms.divisorOverride` is an i32 uniform. The +0 rule as
 * `select(q, 0.0, q == 0.0)`, which no compiler may fold.
 */
export function divisorStepWgsl(rule: DivisorRule['kind']): string {
  const q =
    rule === 'product'
      ? 'sum / f32(f0 * f1 * f2)'
      : rule === 'override'
        ? 'sum / f32(uniforms.divisorOverride)'
        : '((sum / f32(f0)) / f32(f1)) / f32(f2)';
  return `
      fn divideF32(sum : f32, f0 : i32, f1 : i32, f2 : i32) -> f32 {
        let q = ${q};
        return ${storesPositiveZero(rule) ? 'select(q, 0.0, q == 0.0)' : 'q'};
      }`;
}
