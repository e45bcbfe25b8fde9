/**
 * The tensorflow backend's divisor step after a native AvgPool (kernels/tensorflow/box_average_tf_ops.ts
 * `correctTf`): the correction table and the sign-of-zero rule run as one MulNoNan (`t == 0 ? +0 : c·t`) where the
 * table widens (src/geometry/tf_pool.ts `widens`: every factor ≥ 1 in magnitude), else as Mul then AddV2 of +0.
 *
 * - MulNoNan(c, t) and AddV2(Mul(t, c), +0) agree bit for bit on ±0, subnormals, tiny and huge values, ±inf and NaN
 *   when c ≥ 1; with a factor below 1 a tiny negative product underflows to -0 (TensorFlow flushes subnormals),
 *   which MulNoNan keeps: why the fused op needs a widening table.
 * - Avg pools in both layouts, on inputs of signed zeros and tiny negatives, store no -0 (ATen's rule), whichever
 *   op ran, and run the op the table calls for.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../../src/index';
import {WindowSpec, logicalShape, planBox, tfPoolWindows, widens} from '../../src/geometry';
import {TorchAvgPool} from '../../src/kernel_names';
import {describeIfAvailable, nodeBackendProblem} from '../support/availability';
import {withNativeOps} from '../support/native_ops';
import {startBackend} from '../support/node_backends';

interface Binding {
  TF_ATTR_TYPE: number;
  TF_FLOAT: number;
}
interface Backend {
  binding: Binding;
  executeSingleOutput(name: string, attrs: unknown[], inputs: tf.Tensor[]): tf.Tensor;
}

/** One native float32 binary op. */
function nativeBinary(name: string, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const backend = tf.backend() as unknown as Backend;
  return backend.executeSingleOutput(
    name,
    [{name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT}],
    [a, b],
  );
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

/** Values whose products test every edge: signed zeros, subnormals, the smallest normals, huge values, inf, NaN. */
const SPECIAL = [0, -0, 1e-45, -1e-45, 5e-39, -5e-39, 1.2e-38, -1.2e-38, 1e-37, -1e-37, 3e38, -3e38, 1, -1.5];
const EDGES = [...SPECIAL, Infinity, -Infinity, NaN];

const pool = (
  k: number,
  s: number,
  p: number,
  ceilMode: boolean,
  countIncludePad: boolean,
  divisorOverride: number | null = null,
): WindowSpec => ({
  kind: 'pool',
  kernelSize: [k, k],
  stride: [s, s],
  padding: [p, p],
  ceilMode,
  countIncludePad,
  divisorOverride,
});

/** name, channels-first shape, spec, whether its correction table widens (MulNoNan) */
const cases: Array<[string, number[], WindowSpec, boolean]> = [
  ['k3 s2 p1 ceil (Π k / divisor ≥ 1)', [2, 3, 8, 9], pool(3, 2, 1, true, true), true],
  ['k3 s2 p1 exclude pad', [2, 3, 8, 8], pool(3, 2, 1, false, false), true],
  ['k2 s2 override -2', [1, 3, 6, 6], pool(2, 2, 0, false, true, -2), true],
  ['k3 s1 p1 include pad (SAME: count / 9 < 1)', [2, 3, 7, 6], pool(3, 1, 1, false, true), false],
  ['k2 s2 override 9 (4 / 9 < 1)', [1, 3, 6, 6], pool(2, 2, 0, false, true, 9), false],
];

/** Signed zeros and tiny negatives (whose quotients underflow), a few ordinary values. */
function input(shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({length: n}, (_, i) => [-0, 0, -1.2e-38, -0, -2e-38, 1.5, -0, -1e-37][i % 8]);
  return tf.tensor(values, shape);
}

describeIfAvailable('tensorflow divisor step (MulNoNan)', nodeBackendProblem('tensorflow'), () => {
  beforeAll(async () => {
    const problem = await startBackend('tensorflow');
    if (problem !== null) throw new Error(`backend tensorflow cannot start: ${problem}`);
  });

  it('MulNoNan(c, t) is Mul then +0, bit for bit, for factors ≥ 1; a factor below 1 can leave a -0', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const t = tf.tensor(EDGES.flatMap(v => [v, v, v, v]));
      for (const factors of [
        [1, 1.5, 2.25, 1024],
        [-1, -3, 1.125, 9],
      ]) {
        const c = tf.tensor(EDGES.flatMap(() => factors));
        expect(widens(new Float32Array(factors))).toBe(true);
        const twoOps = nativeBinary('AddV2', nativeBinary('Mul', t, c), tf.scalar(0));
        expect(bits(nativeBinary('MulNoNan', c, t))).toEqual(bits(twoOps));
      }
      const small = new Float32Array([4 / 9]);
      expect(widens(small)).toBe(false);
      const tiny = tf.tensor([-1.2e-38]);
      const fused = nativeBinary('MulNoNan', tf.tensor(small), tiny).dataSync()[0];
      const twoOps = nativeBinary('AddV2', nativeBinary('Mul', tiny, tf.tensor(small)), tf.scalar(0)).dataSync()[0];
      expect([Object.is(fused, -0), Object.is(twoOps, 0)]).toEqual([true, true]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  describe.each([
    ['channels-first', undefined],
    ['channels-last', 'channelsLast'],
  ])('%s', (_, layout) => {
    it.each(cases)('%s', (_name, shape, spec, widening) => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const first = input(shape);
        const x = layout === undefined ? first : tf.transpose(first, [0, 2, 3, 1]);
        const plan = planBox(logicalShape(x.shape, 2, layout === undefined ? 'channelsFirst' : 'channelsLast'), spec);
        const native = tfPoolWindows(plan, spec);
        expect(native).not.toBeNull();
        const table = native!.same ? native!.sameCorrectionWidens : native!.correctionWidens;
        expect(table).toBe(widening);
        const attrs = {spec, ...(layout === undefined ? {} : {layout})};
        const [y, ops] = withNativeOps(() => tf.engine().runKernel(TorchAvgPool, {x}, attrs as never) as tf.Tensor);
        expect(ops.includes('MulNoNan')).toBe(widening);
        expect(ops.includes('AddV2')).toBe(!widening);
        const values = y.dataSync();
        expect(values.length).toBeGreaterThan(0);
        expect(Array.from(values).filter(v => Object.is(v, -0)).length).toBe(0);
        // some outputs are zero (signed zeros, flushed quotients): the rule had work to do
        expect(Array.from(values).filter(v => v === 0).length).toBeGreaterThan(0);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
