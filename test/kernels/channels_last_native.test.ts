/**
 * A channels-last call on a backend whose kernels are registered as native channels-last (src/registry.ts
 * registerChannelsLast) runs them directly: no Transpose kernel anywhere in the forward or the gradient
 * (`tf.profile`'s kernel names), and every kernel the call needs is registered native: a backend that stopped
 * registering one would silently fall back to transposing, so that fails here. Node backends here; the browser ones
 * are checked by test/browser/channels_last.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src/index';
import {
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';
import {runsChannelsLast} from '../../src/registry';
import {IN_CI, describeIfAvailable, nodeBackendProblem} from '../support/availability';
import {startBackend} from '../support/node_backends';

/** [what, the kernels it must run natively, the call on an NHWC x] */
const CALLS: Array<[string, string[], (x: tf.Tensor, i: tf.Tensor) => tf.TensorContainer]> = [
  ['avgPool2d', [TorchAvgPool], x => tt.avgPool2d(x, 3, {stride: 2, padding: 1, dataFormat: 'NHWC'})],
  [
    'avgPool2d gradient',
    [TorchAvgPool, TorchAvgPoolGrad],
    x => tf.grad(v => tt.avgPool2d(v, 3, {stride: 2, padding: 1, dataFormat: 'NHWC'}))(x),
  ],
  ['maxPool2d values', [TorchMaxPoolValues], x => tt.maxPool2d(x, 3, {stride: 2, padding: 1, dataFormat: 'NHWC'})],
  [
    'maxPool2d with indices',
    [TorchMaxPool],
    x => tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: true, dataFormat: 'NHWC'}),
  ],
  [
    'maxPool2d gradient',
    [TorchMaxPool, TorchMaxPoolGrad],
    x => tf.grad(v => tt.maxPool2d(v, 3, {stride: 2, padding: 1, returnIndices: true, dataFormat: 'NHWC'})[0])(x),
  ],
  ['maxUnpool2d', [TorchMaxUnpool], (x, i) => tt.maxUnpool2d(x, i, 2, {outputSize: [8, 8], dataFormat: 'NHWC'})],
  [
    'maxUnpool2d gradient',
    [TorchMaxUnpool, TorchGatherPlanes],
    (x, i) => tf.grad(v => tt.maxUnpool2d(v, i, 2, {outputSize: [8, 8], dataFormat: 'NHWC'}))(x),
  ],
];

for (const backend of ['cpu', 'wasm', 'tensorflow']) {
  describeIfAvailable(`channels-last runs natively on ${backend}`, nodeBackendProblem(backend), () => {
    beforeAll(async () => {
      const problem = await startBackend(backend);
      if (problem !== null) throw new Error(`backend ${backend} cannot start${IN_CI ? ' in CI' : ''}: ${problem}`);
    });

    for (const [what, kernels, call] of CALLS) {
      it(`${what}: ${kernels.join(', ')} registered channels-last, and no Transpose`, async () => {
        expect(kernels.filter(k => !runsChannelsLast(backend, k))).toEqual([]);
        // x: [N, H, W, C]; for the unpools, x is a pooled [N, 4, 4, C] and i its indices in the 8×8 planes
        const unpool = what.startsWith('maxUnpool');
        const x = tf.randomNormal(unpool ? [2, 4, 4, 3] : [2, 8, 8, 3], 0, 1, 'float32', 1);
        // the top-left cell of each 2×2 window, (2h)·8 + 2w, stored [N, 4, 4, C]
        const cells = Array.from({length: 2 * 4 * 4 * 3}, (_, j) => {
          const [h, w] = [Math.floor(j / 12) % 4, Math.floor(j / 3) % 4];
          return 2 * h * 8 + 2 * w;
        });
        const i = tf.tensor(cells, [2, 4, 4, 3], 'int32');
        const before = tf.memory().numTensors;
        const info = await tf.profile(() => call(x, i) as tf.Tensor);
        for (const k of kernels) expect(info.kernelNames).toContain(k);
        expect(info.kernelNames).not.toContain('Transpose');
        tf.dispose(info.result as tf.TensorContainer);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([x, i]);
      });
    }
  });
}
