/**
 * nn.functional.cat on wasm runs the kit's TorchConcat (one WebAssembly copy per input) outside a gradient tape and
 * tf.concat under one: the same values as tf.concat (float32, int32, bool; every axis; empty inputs; byte widths off
 * the 16-byte vector), through the module and through its JavaScript fallback, tfjs's errors, and no tensor left
 * behind.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {nn} from '../../src';
import {TorchConcat} from '../../src/kernel_names';
import {setBoxSimdMode} from '../../kernels/shared/box_simd';

const F = nn.functional;

describe('nn.functional.cat on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => setBoxSimdMode('auto'));

  const shapes: Array<[number[][], number]> = [
    [
      [
        [2, 5, 5, 3],
        [2, 5, 5, 7],
        [2, 5, 5, 1],
      ],
      3,
    ], // channels-last channels: 4, 28, 4 bytes a row
    [
      [
        [1, 20, 20, 64],
        [1, 20, 20, 64],
      ],
      3,
    ], // SqueezeNet's Fire (55 × 55 there), 256 bytes a row
    [
      [
        [2, 3, 4],
        [2, 5, 4],
      ],
      1,
    ],
    [
      [
        [3, 2],
        [1, 2],
      ],
      0,
    ],
    [
      [
        [2, 0, 3],
        [2, 4, 3],
      ],
      1,
    ], // an empty input
  ];

  describe.each(['auto', 'off'] as const)('SIMD mode %s', mode => {
    beforeAll(() => setBoxSimdMode(mode));

    it.each(shapes.map(([s, axis]) => [JSON.stringify(s), s, axis]))('%s', async (_, s, axis) => {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const before = tf.memory().numTensors;
        const xs = (s as number[][]).map((shape, i) =>
          tf.tidy(() => tf.cast(tf.mul(tf.randomUniform(shape, -50, 50, 'float32', i), 1), dtype)),
        );
        const profile = await tf.profile(() => F.cat(xs, axis as number));
        const y = profile.result as tf.Tensor;
        expect(profile.kernels.map(k => k.name)).toEqual([TorchConcat]);
        const ref = tf.concat(xs, axis as number);
        expect(y.shape).toEqual(ref.shape);
        expect(y.dtype).toBe(dtype);
        expect(Array.from(await y.data())).toEqual(Array.from(await ref.data()));
        tf.dispose([...xs, y, ref]);
        expect(tf.memory().numTensors).toBe(before);
      }
    });
  });

  it('runs tf.concat under a gradient tape, with its gradient', () => {
    const a = tf.ones([1, 2, 2, 3]);
    const b = tf.ones([1, 2, 2, 5]);
    const [da, db] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(F.cat([p, q], 3), tf.range(1, 9))))([a, b]);
    expect(da.shape).toEqual([1, 2, 2, 3]);
    expect(Array.from(db.dataSync()).slice(0, 5)).toEqual([4, 5, 6, 7, 8]);
    tf.dispose([a, b, da, db]);
  });

  it("keeps tfjs's errors and leaks nothing", () => {
    const a = tf.ones([2, 3]);
    const b = tf.ones([3, 3]);
    const before = tf.memory().numTensors;
    expect(() => F.cat([a, b], 1)).toThrow(/Error in concat2D: Shape of tensors\[1\] \(3,3\) does not match/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
