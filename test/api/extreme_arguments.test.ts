/**
 * Extreme arguments of the max family on each Node backend, each once a hang, a trap or a wrong value: a kernel of
 * 2^31-1 (valid in ceil mode: one window), which must not run the SIMD layout's tap loop and scratch row to the
 * kernel's length; lp pools with p = ±inf on int32 beyond 2^24 (tfjs's Abs and Neg round through float32); an
 * empty batch with an output axis past any array (PyTorch: its stride check), values alone too (an empty result);
 * a dilation past int32 (valid with a one-tap kernel), past the SIMD modules' i32 arguments; int32 lp pools whose
 * powers pass int32 (refused). Expected values are computed here from the input.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src';
import {startBackend} from '../support/node_backends';
import {describeIfAvailable, nodeBackendProblem} from '../support/availability';

for (const backend of ['cpu', 'wasm', 'tensorflow']) {
  describeIfAvailable(`on ${backend}`, nodeBackendProblem(backend), () => {
    beforeAll(async () => {
      expect(await startBackend(backend)).toBeNull();
    });

    it('max pools a kernel of 2^31-1 in ceil mode as one window over the row, at once', async () => {
      const values = [3, -1, 7, 7, 2];
      const x = tf.tensor(values, [1, 1, 5]);
      const before = tf.memory().numTensors;
      const [y, i] = tt.maxPool1d(x, 2 ** 31 - 1, {ceilMode: true, returnIndices: true});
      expect(y.shape).toEqual([1, 1, 1]);
      expect(Array.from(await y.data())).toEqual([Math.max(...values)]);
      expect(Array.from(await i.data())).toEqual([values.indexOf(Math.max(...values))]); // the first of ties
      tf.dispose([y, i]);
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });

    it('lp pools with p = ±inf keep int32 exact beyond 2^24', async () => {
      const values = [16777217, -16777219, 2147483647, -2147483647, 3, -5];
      const x = tf.tensor(values, [1, 1, 3, 2], 'int32');
      for (const p of [Infinity, -Infinity]) {
        const y = tt.lpPool2d(x, p, 1);
        expect(y.dtype).toBe('int32');
        expect(Array.from(await y.data())).toEqual(values.map(Math.abs));
        y.dispose();
      }
      x.dispose();
    });

    it("an empty batch with an output past int64 strides is PyTorch's stride error, leaking nothing", () => {
      const x = tf.zeros([0, 3, 5, 3, 3]);
      const before = tf.memory().numTensors;
      expect(() => tt.adaptiveMaxPool3d(x, 2 ** 36)).toThrow(
        expect.objectContaining({
          name: 'RuntimeError',
          message: 'Stride calculation overflowed',
        }),
      );
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });

    it('a dilation past int32 with a one-tap kernel pools (the SIMD modules take i32: scalar loop)', async () => {
      const x = tf.tensor([
        [5, -1, 4, 2, 8],
        [0, 3, -2, 7, 1],
      ]);
      const y = tt.maxPool1d(x, 1, {stride: 2, dilation: 2 ** 40});
      expect(Array.from(await y.data())).toEqual([5, 4, 8, 0, -2, 1]);
      // with indices PyTorch takes the 2d path, whose int arguments refuse it
      expect(() => tt.maxPool1d(x, 1, {stride: 2, dilation: 2 ** 40, returnIndices: true})).toThrow(
        expect.objectContaining({
          name: 'RuntimeError',
          message: 'value cannot be converted to type int without overflow',
        }),
      );
      tf.dispose([x, y]);
    });

    it('int32 lp pools refuse powers past int32 instead of wrapping, leaking nothing', async () => {
      const small = tf.tensor([3, -4, 5, 6], [1, 1, 2, 2], 'int32');
      const y = tt.lpPool2d(small, 2, 2); // (9 + 16 + 25 + 36)/4 truncated = 21, × 4 = 84, ^(1/2)
      expect(Array.from(await y.data())).toEqual([Math.fround(Math.sqrt(84))]);
      const big = tf.tensor([46341, 0, 0, 0], [1, 1, 2, 2], 'int32');
      const edge = tf.tensor([-(2 ** 31), 0, 0, 0], [1, 1, 2, 2], 'int32');
      const before = tf.memory().numTensors;
      expect(() => tt.lpPool2d(big, 2, 2)).toThrow(
        expect.objectContaining({
          name: 'RuntimeError',
          message: expect.stringMatching(/^lp_pool2d\(\): int32 input .* leave int32's range/),
        }),
      );
      expect(() => tt.lpPool2d(edge, Infinity, 2)).toThrow(expect.objectContaining({name: 'RuntimeError'}));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([small, y, big, edge]);
    });

    it('an empty output with an axis past any array is empty, values alone too', () => {
      const x = tf.zeros([4, 2, 6, 5, 6]);
      const before = tf.memory().numTensors;
      const y = tt.adaptiveMaxPool3d(x, [2 ** 40, 0, 2]);
      expect(y.shape).toEqual([4, 2, 2 ** 40, 0, 2]);
      y.dispose();
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });
  });
}
