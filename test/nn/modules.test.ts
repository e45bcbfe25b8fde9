/**
 * nn.* modules: torch.nn's constructor arguments and defaults, PyTorch's repr (the strings below are what
 * PyTorch 2.15 prints for the same constructor calls), and forward/apply running the ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';
import {nn} from '../../src';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ramp = (shape: number[]) => tf.reshape(tf.range(1, shape.reduce((a, b) => a * b) + 1), shape);

it.each<[string, () => {toString(): string}, string]>([
  ['AvgPool1d(3)', () => new nn.AvgPool1d(3), 'AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))'],
  [
    'AvgPool1d(3, 2, 1, True, False)',
    () => new nn.AvgPool1d(3, 2, 1, true, false),
    'AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))',
  ],
  ['AvgPool2d(2)', () => new nn.AvgPool2d(2), 'AvgPool2d(kernel_size=2, stride=2, padding=0)'],
  ['AvgPool2d(3, 1, 1)', () => new nn.AvgPool2d(3, 1, 1), 'AvgPool2d(kernel_size=3, stride=1, padding=1)'],
  [
    'AvgPool2d((2, 3), ceil_mode=True, count_include_pad=False, divisor_override=2)',
    () => new nn.AvgPool2d([2, 3], {ceilMode: true, countIncludePad: false, divisorOverride: 2}),
    'AvgPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0)',
  ],
  ['AvgPool3d(2)', () => new nn.AvgPool3d(2), 'AvgPool3d(kernel_size=2, stride=2, padding=0)'],
  [
    'AvgPool3d((1, 2, 2), stride=None, padding=(0, 1, 1))',
    () => new nn.AvgPool3d([1, 2, 2], null, [0, 1, 1]),
    'AvgPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2), padding=(0, 1, 1))',
  ],
  ['AdaptiveAvgPool1d(3)', () => new nn.AdaptiveAvgPool1d(3), 'AdaptiveAvgPool1d(output_size=3)'],
  ['AdaptiveAvgPool2d(1)', () => new nn.AdaptiveAvgPool2d(1), 'AdaptiveAvgPool2d(output_size=1)'],
  [
    'AdaptiveAvgPool2d((None, 7))',
    () => new nn.AdaptiveAvgPool2d([null, 7]),
    'AdaptiveAvgPool2d(output_size=(None, 7))',
  ],
  [
    'AdaptiveAvgPool3d((2, None, 3))',
    () => new nn.AdaptiveAvgPool3d([2, null, 3]),
    'AdaptiveAvgPool3d(output_size=(2, None, 3))',
  ],
])("nn.%s prints PyTorch's repr", (_, make, repr) => {
  expect(make().toString()).toBe(repr);
  expect(`${make()}`).toBe(repr);
});

it("has PyTorch's defaults", () => {
  const p1 = new nn.AvgPool1d(4);
  expect([p1.kernelSize, p1.stride, p1.padding, p1.ceilMode, p1.countIncludePad]).toEqual([[4], [4], [0], false, true]);
  const p2 = new nn.AvgPool2d([2, 3]);
  expect([p2.kernelSize, p2.stride, p2.padding, p2.ceilMode, p2.countIncludePad, p2.divisorOverride]).toEqual([
    [2, 3],
    [2, 3],
    0,
    false,
    true,
    null,
  ]);
  const p3 = new nn.AvgPool3d(2, {padding: 1});
  expect([p3.stride, p3.padding, p3.divisorOverride]).toEqual([2, 1, null]);
  expect(new nn.AdaptiveAvgPool2d([null, 2]).outputSize).toEqual([null, 2]);
});

it('positional and options forms build the same module', () => {
  const a = new nn.AvgPool2d(3, 2, 1, true, false, 5);
  const b = new nn.AvgPool2d(3, {stride: 2, padding: 1, ceilMode: true, countIncludePad: false, divisorOverride: 5});
  expect({...a}).toEqual({...b});
  expect({...new nn.AvgPool1d(3, null, 1)}).toEqual({...new nn.AvgPool1d(3, {padding: 1})});
});

describe('forward and apply run the ops', () => {
  const cases: Array<
    [
      string,
      () => {forward(x: tt.TensorInput): tf.Tensor; apply(x: tt.TensorInput): tf.Tensor},
      () => tf.Tensor,
      number[],
    ]
  > = [
    [
      'AvgPool1d(3, 2, 1, ceil_mode=True)',
      () => new nn.AvgPool1d(3, {stride: 2, padding: 1, ceilMode: true}),
      () => tt.avgPool1d(ramp([2, 3, 9]), 3, {stride: 2, padding: 1, ceilMode: true}),
      [2, 3, 9],
    ],
    [
      'AvgPool2d(2, ceil_mode=True, count_include_pad=False)',
      () => new nn.AvgPool2d(2, {ceilMode: true, countIncludePad: false}),
      () => tt.avgPool2d(ramp([1, 2, 5, 5]), 2, {ceilMode: true, countIncludePad: false}),
      [1, 2, 5, 5],
    ],
    [
      'AvgPool2d(3, 1, 1)',
      () => new nn.AvgPool2d(3, 1, 1),
      () => tt.avgPool2d(ramp([1, 2, 5, 5]), 3, {stride: 1, padding: 1}),
      [1, 2, 5, 5],
    ],
    [
      'AvgPool3d(2, divisor_override=3)',
      () => new nn.AvgPool3d(2, {divisorOverride: 3}),
      () => tt.avgPool3d(ramp([1, 1, 4, 4, 4]), 2, {divisorOverride: 3}),
      [1, 1, 4, 4, 4],
    ],
    [
      'AdaptiveAvgPool1d(4)',
      () => new nn.AdaptiveAvgPool1d(4),
      () => tt.adaptiveAvgPool1d(ramp([1, 2, 10]), 4),
      [1, 2, 10],
    ],
    [
      'AdaptiveAvgPool2d((None, 3))',
      () => new nn.AdaptiveAvgPool2d([null, 3]),
      () => tt.adaptiveAvgPool2d(ramp([2, 5, 7]), [null, 3]),
      [2, 5, 7],
    ],
    [
      'AdaptiveAvgPool3d(1)',
      () => new nn.AdaptiveAvgPool3d(1),
      () => tt.adaptiveAvgPool3d(ramp([1, 2, 3, 4, 5]), 1),
      [1, 2, 3, 4, 5],
    ],
  ];
  it.each(cases)('nn.%s', async (_, make, expected, shape) => {
    const x = ramp(shape);
    const want = expected();
    for (const y of [make().forward(x), make().apply(x), make().forward((await x.array()) as tt.TensorInput)]) {
      expect(y.shape).toEqual(want.shape);
      expect(Array.from(await y.data())).toEqual(Array.from(await want.data()));
    }
  });
});

it("checks arguments when it runs, as PyTorch does, with PyTorch's errors", () => {
  const pool = new nn.AvgPool2d(3, {padding: 2}); // PyTorch's constructor accepts this too
  expect(() => pool.forward(tf.zeros([1, 1, 5, 5]))).toThrow(
    'pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1',
  );
  expect(() => new nn.AdaptiveAvgPool2d([2, 2, 2]).forward(tf.zeros([1, 1, 5, 5]))).toThrow(
    'adaptive_avg_pool2d: output_size must be 2',
  );
});

it('modules leak no tensors', () => {
  const x = ramp([1, 2, 6, 6]);
  const before = tf.memory().numTensors;
  const y = new nn.AvgPool2d(3, 1, 1).forward(x);
  expect(tf.memory().numTensors).toBe(before + 1);
  y.dispose();
});
