/**
 * nn.* modules of the max-pooling family and lp pools: torch.nn's constructor arguments and defaults, PyTorch's repr
 * (the strings below are what PyTorch 2.15 prints for the same constructor calls), forward/apply running the ops
 * (unknown keys and extra arguments: test/api/argument_checks.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';
import {nn} from '../../src';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it.each<[string, () => {toString(): string}, string]>([
  [
    'MaxPool1d(3)',
    () => new nn.MaxPool1d(3),
    'MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)',
  ],
  [
    'MaxPool2d(3, 2, 1)',
    () => new nn.MaxPool2d(3, 2, 1),
    'MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)',
  ],
  [
    'MaxPool2d((3, 2), ceil_mode=True, return_indices=True, dilation=2)',
    () => new nn.MaxPool2d([3, 2], {ceilMode: true, returnIndices: true, dilation: 2}),
    'MaxPool2d(kernel_size=(3, 2), stride=(3, 2), padding=0, dilation=2, ceil_mode=True)',
  ],
  [
    'MaxPool3d(2)',
    () => new nn.MaxPool3d(2),
    'MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
  ],
  ['AdaptiveMaxPool1d(3)', () => new nn.AdaptiveMaxPool1d(3), 'AdaptiveMaxPool1d(output_size=3)'],
  [
    'AdaptiveMaxPool2d((None, 7))',
    () => new nn.AdaptiveMaxPool2d([null, 7]),
    'AdaptiveMaxPool2d(output_size=(None, 7))',
  ],
  [
    'AdaptiveMaxPool2d(1, return_indices=True)',
    () => new nn.AdaptiveMaxPool2d(1, true),
    'AdaptiveMaxPool2d(output_size=1)',
  ],
  [
    'AdaptiveMaxPool3d((1, 2, 3))',
    () => new nn.AdaptiveMaxPool3d([1, 2, 3]),
    'AdaptiveMaxPool3d(output_size=(1, 2, 3))',
  ],
  ['MaxUnpool1d(2)', () => new nn.MaxUnpool1d(2), 'MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))'],
  [
    'MaxUnpool2d(2, stride=1, padding=1)',
    () => new nn.MaxUnpool2d(2, {stride: 1, padding: 1}),
    'MaxUnpool2d(kernel_size=(2, 2), stride=(1, 1), padding=(1, 1))',
  ],
  [
    'MaxUnpool3d((2, 2, 2))',
    () => new nn.MaxUnpool3d([2, 2, 2]),
    'MaxUnpool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2), padding=(0, 0, 0))',
  ],
  ['LPPool1d(2, 3)', () => new nn.LPPool1d(2, 3), 'LPPool1d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)'],
  [
    'LPPool2d(2.5, (2, 3), stride=1, ceil_mode=True)',
    () => new nn.LPPool2d(2.5, [2, 3], 1, true),
    'LPPool2d(norm_type=2.5, kernel_size=(2, 3), stride=1, ceil_mode=True)',
  ],
  [
    'LPPool3d(inf, 2)',
    () => new nn.LPPool3d(Infinity, 2),
    'LPPool3d(norm_type=inf, kernel_size=2, stride=None, ceil_mode=False)',
  ],
])("nn.%s prints PyTorch's repr", (_, make, repr) => {
  expect(String(make())).toBe(repr);
});

it('runs the ops: MaxPool2d with indices, then MaxUnpool2d undoes it', () => {
  const x = tf.tensor4d([
    [
      [
        [1, 2, 5, 4],
        [3, 9, 6, 0],
        [7, 1, 2, 8],
        [0, 3, 4, 1],
      ],
    ],
  ]);
  const before = tf.memory().numTensors;
  const [y, idx] = new nn.MaxPool2d(2, {returnIndices: true}).forward(x) as [tf.Tensor, tf.Tensor];
  expect(Array.from(y.dataSync())).toEqual([9, 6, 7, 8]);
  expect(Array.from(idx.dataSync())).toEqual([5, 6, 8, 11]);
  const back = new nn.MaxUnpool2d(2).apply(y, idx);
  expect(Array.from(back.dataSync())).toEqual([0, 0, 0, 0, 0, 9, 6, 0, 7, 0, 0, 8, 0, 0, 0, 0]);
  const same = tt.maxPool2d(x, 2);
  expect(Array.from(same.dataSync())).toEqual([9, 6, 7, 8]);
  const lp = new nn.LPPool2d(1, 2).forward(x);
  expect(Array.from(lp.dataSync())).toEqual([15, 15, 11, 15]);
  tf.dispose([y, idx, back, same, lp]);
  expect(tf.memory().numTensors).toBe(before);
});

it('stores what it is given, as PyTorch does: a dict kernel prints as one and fails in forward', () => {
  // nn.MaxPool2d({'kernelSize': 3}) in PyTorch 2.15: constructs, prints this, then F.max_pool2d raises
  const pool = new nn.MaxPool2d({kernelSize: 3} as never);
  expect(String(pool)).toBe(
    "MaxPool2d(kernel_size={'kernelSize': 3}, stride={'kernelSize': 3}, padding=0, dilation=1, ceil_mode=False)",
  );
  const x = tf.zeros([1, 1, 4, 4]);
  const before = tf.memory().numTensors;
  expect(() => pool.forward(x)).toThrow(
    "max_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, not dict",
  );
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});

it('max pool double backward gathers the incoming gradient at the argmax (max_pool_double_backward)', () => {
  const x = tf.tensor4d([
    [
      [
        [1, 2, 5, 4],
        [3, 9, 6, 0],
        [7, 1, 2, 8],
        [0, 3, 4, 1],
      ],
    ],
  ]);
  const ggx = tf.tensor4d([
    [
      [
        [10, 11, 12, 13],
        [14, 15, 16, 17],
        [18, 19, 20, 21],
        [22, 23, 24, 25],
      ],
    ],
  ]);
  const u0 = tf.ones([1, 1, 2, 2]);
  const before = tf.memory().numTensors;
  // dx(u) = J^T u is linear in u; its vector-Jacobian product with ggx is ggx gathered at the argmax
  const dxOf = (u: tf.Tensor) => tf.grad((v: tf.Tensor) => tt.maxPool2d(v, 2))(x, u);
  const ggy = tf.grad(dxOf)(u0, ggx);
  expect(Array.from(ggy.dataSync())).toEqual([15, 16, 18, 21]);
  ggy.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

it('max_unpool gradient gathers dy at the indices, duplicates included', () => {
  const x = tf.tensor3d([[[5, 7, 9]]]);
  const idx = tf.tensor3d([[[1, 1, 0]]], undefined, 'int32');
  const dy = tf.tensor3d([[[10, 20, 30, 40, 50, 60]]]);
  const before = tf.memory().numTensors;
  const dx = tf.grad((v: tf.Tensor) => tt.maxUnpool1d(v, idx, 2))(x, dy);
  expect(Array.from(dx.dataSync())).toEqual([20, 20, 10]);
  dx.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

it('nn.LPPool1d raises an int64 input to a float power, as its float(norm_type) does', () => {
  // PyTorch 2.15: nn.LPPool1d(2, 2)(torch.tensor([[[1, 2, 3, 4]]])) is [[[2.2361, 5.0]]], while
  // F.lp_pool1d(same, 2, 2) (an int power, a truncating average) is [[[2.0, 4.8990]]]
  const x = tf.tensor3d([[[1, 2, 3, 4]]], undefined, 'int32');
  expect(Array.from(new nn.LPPool1d(2, 2).forward(x).dataSync())).toEqual([Math.fround(Math.sqrt(5)), 5]);
  expect(Array.from(tt.lpPool1d(x, 2, 2).dataSync())).toEqual([2, Math.fround(Math.sqrt(24))]);
});
