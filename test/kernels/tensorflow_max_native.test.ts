/**
 * The tensorflow backend's values-only max pool (kernels/tensorflow/max_pool.ts, TorchMaxPoolValues): TensorFlow's
 * own MaxPool where that is exact (3-d: two 2-d MaxPools; MaxPool3D breaks ±0 ties its own way), the scan otherwise. Its values must be the scan's (the values of a
 * pool with returnIndices) bit for bit — signed zeros and ties included —, non-finite inputs must take the scan, and
 * the native op must actually run where it applies.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src/index';
import {describeIfAvailable, nodeBackendProblem} from '../support/availability';
import {startBackend} from '../support/node_backends';

interface Executor {
  executeSingleOutput(name: string, attrs: unknown[], inputs: unknown[]): unknown;
}

/** Runs f, returning its result and the names of the native ops it ran. */
function withOps<T>(f: () => T): [T, string[]] {
  const backend = tf.backend() as unknown as Executor;
  const original = backend.executeSingleOutput;
  const seen: string[] = [];
  backend.executeSingleOutput = function (name, attrs, inputs) {
    seen.push(name);
    return original.call(this, name, attrs, inputs);
  };
  try {
    return [f(), seen];
  } finally {
    backend.executeSingleOutput = original;
  }
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

type Pool = (x: tf.Tensor, withIndices: boolean) => tf.Tensor | tf.Tensor[];
const cases: Array<[string, number[], Pool, boolean]> = [
  ['2d k3 s2 p1', [2, 16, 13, 11], (x, r) => tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: r as never}), true],
  ['2d k3 s2 ceil', [1, 8, 12, 9], (x, r) => tt.maxPool2d(x, 3, {stride: 2, ceilMode: true, returnIndices: r as never}), true],
  ['2d k2 unbatched', [5, 8, 8], (x, r) => tt.maxPool2d(x, 2, {returnIndices: r as never}), true],
  ['1d k4 s3 p2 ceil', [3, 4, 17], (x, r) => tt.maxPool1d(x, 4, {stride: 3, padding: 2, ceilMode: true, returnIndices: r as never}), true],
  ['3d k3 s2 p1', [1, 4, 5, 6, 7], (x, r) => tt.maxPool3d(x, 3, {stride: 2, padding: 1, returnIndices: r as never}), true],
  ['adaptive 2d 12→4', [2, 6, 12, 12], (x, r) => tt.adaptiveMaxPool2d(x, 4, {returnIndices: r as never}), true],
  ['adaptive 2d 10→4 (uneven bins)', [2, 6, 10, 10], (x, r) => tt.adaptiveMaxPool2d(x, 4, {returnIndices: r as never}), false],
  ['2d dilation 2', [1, 4, 11, 11], (x, r) => tt.maxPool2d(x, 3, {dilation: 2, returnIndices: r as never}), false],
];

describeIfAvailable('tensorflow values-only max pool', nodeBackendProblem('tensorflow'), () => {
  beforeAll(async () => {
    const problem = await startBackend('tensorflow');
    if (problem !== null) throw new Error(`backend tensorflow cannot start: ${problem}`);
  });

  it.each(cases)('%s: the scan\'s values bit for bit; native MaxPool where exact', (_, shape, pool, native) => {
    const before = tf.memory().numTensors;
    for (let seed = 1; seed <= 5; seed++) {
      tf.tidy(() => {
        const x = tieHeavy(shape, seed);
        const [values, ops] = withOps(() => pool(x, false) as tf.Tensor);
        const [scanned] = pool(x, true) as tf.Tensor[];
        expect(bits(values)).toEqual(bits(scanned));
        expect(ops.some(op => op === 'MaxPool')).toBe(native);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([NaN, Infinity, -Infinity, 3e38])('an input holding %s takes the scan, with its values', special => {
    tf.tidy(() => {
      const data = tieHeavy([2, 3, 8, 8], 9).dataSync().slice();
      data[37] = special;
      data[38] = special;
      const x = tf.tensor(data, [2, 3, 8, 8]);
      const [values, ops] = withOps(() => tt.maxPool2d(x, 3, {stride: 2, padding: 1}));
      const [scanned] = tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: true});
      expect(bits(values)).toEqual(bits(scanned));
      expect(ops.includes('MaxPool')).toBe(false);
    });
  });
});
