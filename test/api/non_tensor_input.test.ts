/**
 * What is not a tensor where an op takes one (null, undefined, a string, what tf.tensor refuses) is PyTorch's
 * TypeError for a non-Tensor argument, naming the op as PyTorch's builtins do, never tfjs's plain Error; nothing
 * leaks. (Where PyTorch's Python wrapper touches the input first, e.g. adaptive_avg_pool2d's `input.size()`,
 * PyTorch raises AttributeError; the package keeps TypeError: src/ops/input.ts.)
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';

let indices: tf.Tensor;
beforeAll(async () => {
  await tf.setBackend('cpu');
  indices = tf.zeros([1, 1, 2, 2], 'int32');
});
afterAll(() => indices.dispose());

type Call = (input: unknown) => unknown;
const CALLS: [string, Call][] = [
  ['avg_pool1d', x => tt.avgPool1d(x as tf.Tensor, 2)],
  ['avg_pool2d', x => tt.avgPool2d(x as tf.Tensor, 2)],
  ['avg_pool3d', x => tt.avgPool3d(x as tf.Tensor, 2)],
  ['adaptive_avg_pool1d', x => tt.adaptiveAvgPool1d(x as tf.Tensor, 2)],
  ['adaptive_avg_pool2d', x => tt.adaptiveAvgPool2d(x as tf.Tensor, 2)],
  ['adaptive_avg_pool3d', x => tt.adaptiveAvgPool3d(x as tf.Tensor, 2)],
  ['max_pool1d', x => tt.maxPool1d(x as tf.Tensor, 2)],
  ['max_pool2d', x => tt.maxPool2d(x as tf.Tensor, 2)],
  ['max_pool2d_with_indices', x => tt.maxPool2d(x as tf.Tensor, 2, {returnIndices: true})],
  ['max_pool3d', x => tt.maxPool3d(x as tf.Tensor, 2)],
  ['adaptive_max_pool1d', x => tt.adaptiveMaxPool1d(x as tf.Tensor, 2)],
  ['adaptive_max_pool2d', x => tt.adaptiveMaxPool2d(x as tf.Tensor, 2)],
  ['adaptive_max_pool3d', x => tt.adaptiveMaxPool3d(x as tf.Tensor, 2)],
  ['lp_pool2d', x => tt.lpPool2d(x as tf.Tensor, 2, 2)],
  ['max_unpool2d', x => tt.maxUnpool2d(x as tf.Tensor, indices, 2)],
  ['mean', x => tt.mean(x as tf.Tensor)],
  ['lp_pool1d', x => new tt.nn.LPPool1d(2, 2).forward(x as tf.Tensor)],
  // The kit's modules name the functional op PyTorch's module calls (TypeError where PyTorch's module first reads
  // an attribute of the input: Softmax, Flatten, Unflatten, BatchNorm, GroupNorm, and conv's argument overloads).
  ...(
    [
      ['relu', () => new tt.nn.ReLU()],
      ['hardtanh', () => new tt.nn.ReLU6()],
      ['silu', () => new tt.nn.SiLU()],
      ['hardswish', () => new tt.nn.Hardswish()],
      ['hardsigmoid', () => new tt.nn.Hardsigmoid()],
      ['sigmoid', () => new tt.nn.Sigmoid()],
      ['tanh', () => new tt.nn.Tanh()],
      ['leaky_relu', () => new tt.nn.LeakyReLU()],
      ['gelu', () => new tt.nn.GELU()],
      ['softmax', () => new tt.nn.Softmax(1)],
      ['dropout', () => new tt.nn.Dropout()],
      ['flatten', () => new tt.nn.Flatten()],
      ['unflatten', () => new tt.nn.Unflatten(1, [1, 1])],
      ['conv2d', () => new tt.nn.Conv2d(1, 1, 1)],
      ['conv_transpose2d', () => new tt.nn.ConvTranspose2d(1, 1, 1)],
      ['linear', () => new tt.nn.Linear(1, 1)],
      ['batch_norm', () => new tt.nn.BatchNorm2d(1)],
      ['layer_norm', () => new tt.nn.LayerNorm(1)],
      ['group_norm', () => new tt.nn.GroupNorm(1, 1)],
    ] as [string, () => {forward(x: tf.Tensor): unknown; dispose(): void}][]
  ).map(([op, make]): [string, Call] => [
    op,
    x => {
      const module = make();
      try {
        return module.forward(x as tf.Tensor);
      } finally {
        module.dispose();
      }
    },
  ]),
];
const NOT_TENSORS: [unknown, string][] = [
  [null, 'NoneType'],
  [undefined, 'NoneType'],
  ['abc', 'str'],
  [true, 'bool'],
  [{a: 1}, 'dict'],
];

describe.each(CALLS)('%s', (op, call) => {
  it.each(NOT_TENSORS)('input %p: TypeError naming the op and the type, nothing leaked', (value, typeName) => {
    const before = tf.memory().numTensors;
    let thrown: unknown;
    try {
      call(value);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(tt.TorchError);
    expect((thrown as Error).name).toBe('TypeError');
    expect((thrown as Error).message).toBe(`${op}(): argument 'input' (position 1) must be Tensor, not ${typeName}`);
    expect(tf.memory().numTensors).toBe(before);
  });
});

it('max_unpool2d: indices that are not a tensor are its argument 2', () => {
  const x = tf.ones([1, 1, 2, 2]);
  expect(() => tt.maxUnpool2d(x, null as unknown as tf.Tensor, 2)).toThrow(
    expect.objectContaining({
      name: 'TypeError',
      message: "max_unpool2d(): argument 'indices' (position 2) must be Tensor, not NoneType",
    }),
  );
  x.dispose();
});
