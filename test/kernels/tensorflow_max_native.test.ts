/**
 * The tensorflow backend's native max pools (kernels/tensorflow/max_pool.ts): values alone through TensorFlow's own
 * MaxPool where that is exact (3-d: two 2-d MaxPools; MaxPool3D breaks ±0 ties its own way), values and indices
 * through MaxPoolWithArgmax (1-d and 2-d), the scan otherwise. Both must give the scalar loop's values
 * (kernels/shared/max_pool.ts, the cpu kernel's reference definition) bit for bit — signed zeros and ties included —
 * and its indices, non-finite inputs must take the scan, and the native ops must actually run where they apply.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src/index';
import {MaxWindowSpec, planMax} from '../../src/geometry';
import {maxPool as scalarMaxPool} from '../../kernels/shared/max_pool';
import {describeIfAvailable, nodeBackendProblem} from '../support/availability';
import {withNativeOps} from '../support/native_ops';
import {startBackend} from '../support/node_backends';

/** The scalar loop's values (as bits) and indices for x under spec. */
function reference(x: tf.Tensor, spec: MaxWindowSpec): [number[], number[]] {
  const plan = planMax(x.shape, spec);
  const n = plan.outShape.reduce((a, b) => a * b, 1);
  const [values, indices] = [new Float32Array(n), new Int32Array(n)];
  scalarMaxPool(Float32Array.from(x.dataSync()), plan, false, values, indices);
  return [Array.from(new Uint32Array(values.buffer)), Array.from(indices)];
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

/** Small integers and signed zeros: many ties, so the choice among equal values shows. */
function tieHeavy(shape: number[], seed: number): tf.Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({length: n}, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    const r = s % 7;
    return r === 0 ? -0 : r === 1 ? 0 : r - 4;
  });
  return tf.tensor(values, shape);
}

const max = (
  kernelSize: number[],
  stride: number[],
  padding: number[],
  ceilMode = false,
  dilation = kernelSize.map(() => 1),
): MaxWindowSpec => ({kind: 'max', kernelSize, stride, padding, dilation, ceilMode});
type Pool = (x: tf.Tensor, withIndices: boolean) => tf.Tensor | tf.Tensor[];
/** name, shape, the op, its spec (for the reference), whether MaxPool runs, whether MaxPoolWithArgmax runs */
const cases: Array<[string, number[], Pool, MaxWindowSpec, boolean, boolean]> = [
  [
    '2d k3 s2 p1',
    [2, 16, 13, 11],
    (x, r) => tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: r as never}),
    max([3, 3], [2, 2], [1, 1]),
    true,
    true,
  ],
  [
    '2d k3 s2 ceil',
    [1, 8, 12, 9],
    (x, r) => tt.maxPool2d(x, 3, {stride: 2, ceilMode: true, returnIndices: r as never}),
    max([3, 3], [2, 2], [0, 0], true),
    true,
    true,
  ],
  [
    '2d k2 unbatched',
    [5, 8, 8],
    (x, r) => tt.maxPool2d(x, 2, {returnIndices: r as never}),
    max([2, 2], [2, 2], [0, 0]),
    true,
    true,
  ],
  [
    '2d k3 s1 p1 (SAME)',
    [2, 3, 7, 10],
    (x, r) => tt.maxPool2d(x, 3, {stride: 1, padding: 1, returnIndices: r as never}),
    max([3, 3], [1, 1], [1, 1]),
    true,
    true,
  ],
  [
    '2d k2 s3 (cropped)',
    [1, 4, 10, 11],
    (x, r) => tt.maxPool2d(x, 2, {stride: 3, returnIndices: r as never}),
    max([2, 2], [3, 3], [0, 0]),
    true,
    true,
  ],
  [
    '1d k4 s3 p2 ceil',
    [3, 4, 17],
    (x, r) => tt.maxPool1d(x, 4, {stride: 3, padding: 2, ceilMode: true, returnIndices: r as never}),
    max([4], [3], [2], true),
    true,
    true,
  ],
  [
    '3d k3 s2 p1',
    [1, 4, 5, 6, 7],
    (x, r) => tt.maxPool3d(x, 3, {stride: 2, padding: 1, returnIndices: r as never}),
    max([3, 3, 3], [2, 2, 2], [1, 1, 1]),
    true,
    false,
  ],
  [
    'adaptive 2d 12→4',
    [2, 6, 12, 12],
    (x, r) => tt.adaptiveMaxPool2d(x, 4, {returnIndices: r as never}),
    {kind: 'adaptive', outputSize: [4, 4]},
    true,
    true,
  ],
  [
    'adaptive 2d 10→4 (uneven bins)',
    [2, 6, 10, 10],
    (x, r) => tt.adaptiveMaxPool2d(x, 4, {returnIndices: r as never}),
    {kind: 'adaptive', outputSize: [4, 4]},
    false,
    false,
  ],
  [
    '2d dilation 2',
    [1, 4, 11, 11],
    (x, r) => tt.maxPool2d(x, 3, {dilation: 2, returnIndices: r as never}),
    max([3, 3], [3, 3], [0, 0], false, [2, 2]),
    false,
    false,
  ],
];

describeIfAvailable('tensorflow values-only max pool', nodeBackendProblem('tensorflow'), () => {
  beforeAll(async () => {
    const problem = await startBackend('tensorflow');
    if (problem !== null) throw new Error(`backend tensorflow cannot start: ${problem}`);
  });

  it.each(cases)(
    "%s: the scalar loop's values and indices; native ops where exact",
    (_, shape, pool, spec, nativeValues, nativeIndices) => {
      const before = tf.memory().numTensors;
      for (let seed = 1; seed <= 5; seed++) {
        tf.tidy(() => {
          const x = tieHeavy(shape, seed);
          const [wantValues, wantIndices] = reference(x, spec);
          const [values, valueOps] = withNativeOps(() => pool(x, false) as tf.Tensor);
          expect(bits(values)).toEqual(wantValues);
          expect(valueOps.includes('MaxPool')).toBe(nativeValues);
          const [[v, i], indexOps] = withNativeOps(() => pool(x, true) as tf.Tensor[]);
          expect([bits(v), Array.from(i.dataSync())]).toEqual([wantValues, wantIndices]);
          expect(indexOps.includes('MaxPoolWithArgmax')).toBe(nativeIndices);
        });
      }
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it.each([NaN, Infinity, -Infinity, 3e38])(
    'an input holding %s takes the scan, with its values and indices',
    special => {
      tf.tidy(() => {
        const data = tieHeavy([2, 3, 8, 8], 9).dataSync().slice();
        data[37] = special;
        data[38] = special;
        const x = tf.tensor(data, [2, 3, 8, 8]);
        const [wantValues, wantIndices] = reference(x, max([3, 3], [2, 2], [1, 1]));
        const [values, ops] = withNativeOps(() => tt.maxPool2d(x, 3, {stride: 2, padding: 1}));
        const [[v, i], indexOps] = withNativeOps(() =>
          tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: true}),
        );
        expect([bits(values), bits(v), Array.from(i.dataSync())]).toEqual([wantValues, wantValues, wantIndices]);
        expect([ops.includes('MaxPool'), indexOps.includes('MaxPoolWithArgmax')]).toEqual([false, false]);
      });
    },
  );
});
