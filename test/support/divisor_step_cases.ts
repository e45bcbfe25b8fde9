/**
 * The divisor step's sign-of-zero rule (src/geometry/divisor_step.ts, docs/SEMANTICS.md §3 and §5) run through the
 * public ops on the current backend: avg pools never store -0, adaptive pools keep a negative quotient's sign.
 * Environment-agnostic (jest in Node and the Chromium page both call it), one case list for every backend.
 *
 * Where a backend flushes subnormals to zero (GPUs, TensorFlow), a tiny negative quotient may come out as -1e-38 or
 * as a zero; the checks accept both and test only the sign rule. `exactOnly` cases need IEEE subnormals (cpu, wasm).
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type * as ttc from '../../src/index';

type TF = typeof tfc;
type TT = typeof ttc;

type Expect = 'positive zero' | 'never -0' | 'sign bit set';

interface SignCase {
  name: string;
  expect: Expect;
  exactOnly?: boolean;
  run(tf: TF, tt: TT): tfc.Tensor;
}

/** The smallest float32 subnormal: a quarter of it rounds to -0. */
const TINY = -1.401298464324817e-45;

export const DIVISOR_STEP_CASES: SignCase[] = [
  {
    name: 'avg pool, zero sum over divisor_override -3: +0',
    expect: 'positive zero',
    run: (tf, tt) => tt.avgPool2d(tf.zeros([1, 1, 2, 2]), 2, {divisorOverride: -3}),
  },
  {
    name: 'avg pool, negative sum underflowing to -0: +0',
    expect: 'positive zero',
    exactOnly: true,
    run: (tf, tt) => tt.avgPool1d(tf.tensor3d([TINY, 0, 0, 0], [1, 1, 4]), 4),
  },
  {
    name: 'avg pool, negative subnormal quotient (flushed to zero on some backends): never -0',
    expect: 'never -0',
    run: (tf, tt) => tt.avgPool1d(tf.tensor3d([-2e-38, 0], [1, 1, 2]), 2),
  },
  {
    name: 'avg pool with count_include_pad=False, same: never -0',
    expect: 'never -0',
    run: (tf, tt) =>
      tt.avgPool2d(tf.tensor4d([-2e-38, 0, 0, 0], [1, 1, 2, 2]), 2, {padding: 1, countIncludePad: false}),
  },
  {
    name: 'adaptive pool, negative sum underflowing to -0: -0 kept',
    expect: 'sign bit set',
    exactOnly: true,
    run: (tf, tt) => tf.slice(tt.adaptiveAvgPool1d(tf.tensor3d([TINY, 0, 5, 5], [1, 1, 4]), 2), [0, 0, 0], [1, 1, 1]),
  },
  {
    name: 'adaptive pool, negative subnormal quotient (flushed to -0 on some backends): sign kept',
    expect: 'sign bit set',
    run: (tf, tt) => tf.slice(tt.adaptiveAvgPool1d(tf.tensor3d([-2e-38, 0, 5, 5], [1, 1, 4]), 2), [0, 0, 0], [1, 1, 1]),
  },
];

function check(v: number, expect: Expect): boolean {
  if (expect === 'positive zero') return Object.is(v, 0);
  if (expect === 'never -0') return !Object.is(v, -0);
  return v < 0 || Object.is(v, -0);
}

/** Every case that fails on the current backend, with what it returned. */
export async function divisorStepFailures(tf: TF, tt: TT, exact: boolean): Promise<string[]> {
  const failures: string[] = [];
  for (const c of DIVISOR_STEP_CASES) {
    if (c.exactOnly && !exact) continue;
    const y = tf.tidy(() => c.run(tf, tt));
    const values = Array.from(await y.data());
    y.dispose();
    const bad = values.filter(v => !check(v, c.expect));
    if (bad.length > 0)
      failures.push(`${c.name}: got ${bad.map(v => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}`);
  }
  return failures;
}
