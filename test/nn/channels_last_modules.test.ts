/**
 * The pooling modules' `dataFormat` (docs/layouts.md): keyword-only (PyTorch's positional arguments are
 * unchanged), passed to the op, and shown in the repr only when it is not the channels-first default.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';
import {nn} from '../../src';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x2 = () => tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 3);

it.each<[string, () => {forward: (x: tf.Tensor) => unknown; toString(): string}, (x: tf.Tensor) => unknown, string]>([
  [
    'AvgPool2d',
    () => new nn.AvgPool2d(3, {stride: 2, padding: 1, dataFormat: 'NHWC'}),
    x => tt.avgPool2d(x, 3, {stride: 2, padding: 1, dataFormat: 'NHWC'}),
    "AvgPool2d(kernel_size=3, stride=2, padding=1, data_format='NHWC')",
  ],
  [
    'AdaptiveAvgPool2d',
    () => new nn.AdaptiveAvgPool2d([2, 3], {dataFormat: 'NHWC'}),
    x => tt.adaptiveAvgPool2d(x, [2, 3], {dataFormat: 'NHWC'}),
    "AdaptiveAvgPool2d(output_size=(2, 3), data_format='NHWC')",
  ],
  [
    'MaxPool2d',
    () => new nn.MaxPool2d(2, {ceilMode: true, returnIndices: true, dataFormat: 'NHWC'}),
    x => tt.maxPool2d(x, 2, {ceilMode: true, returnIndices: true, dataFormat: 'NHWC'}),
    "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=True, data_format='NHWC')",
  ],
  [
    'AdaptiveMaxPool2d',
    () => new nn.AdaptiveMaxPool2d(2, {dataFormat: 'NHWC'}),
    x => tt.adaptiveMaxPool2d(x, 2, {dataFormat: 'NHWC'}),
    "AdaptiveMaxPool2d(output_size=2, data_format='NHWC')",
  ],
  [
    'LPPool2d',
    () => new nn.LPPool2d(2, 2, {dataFormat: 'NHWC'}),
    x => tt.lpPool2d(x, 2, 2, {dataFormat: 'NHWC'}),
    "LPPool2d(norm_type=2, kernel_size=2, stride=None, ceil_mode=False, data_format='NHWC')",
  ],
])('%s: forward is the op in NHWC; the repr names the layout', (_, make, op, repr) => {
  const x = x2();
  const before = tf.memory().numTensors;
  const module = make();
  const got = [module.forward(x)].flat() as tf.Tensor[];
  const want = [op(x)].flat() as tf.Tensor[];
  got.forEach((t, i) => {
    expect(t.shape).toEqual(want[i].shape);
    expect(Array.from(t.dataSync())).toEqual(Array.from(want[i].dataSync()));
  });
  expect(module.toString()).toBe(repr);
  tf.dispose([...got, ...want]);
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});

it('MaxUnpool2d takes input, indices and output channels-last', () => {
  const x = x2();
  const [y, i] = new nn.MaxPool2d(2, {returnIndices: true, dataFormat: 'NHWC'}).forward(x) as tf.Tensor[];
  const unpool = new nn.MaxUnpool2d(2, {dataFormat: 'NHWC'});
  const back = unpool.forward(y, i, [6, 5]);
  expect(back.shape).toEqual([2, 6, 5, 3]);
  expect(Array.from(back.dataSync())).toEqual(
    Array.from(tt.maxUnpool2d(y, i, 2, {outputSize: [6, 5], dataFormat: 'NHWC'}).dataSync()),
  );
  expect(unpool.toString()).toBe("MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0), data_format='NHWC')");
  tf.dispose([x, y, i, back]);
});

it('keeps PyTorch repr and positional arguments for the default layout', () => {
  expect(new nn.AvgPool1d(3, {dataFormat: 'NCW'}).toString()).toBe(new nn.AvgPool1d(3).toString());
  expect(new nn.MaxPool3d(2, {dataFormat: 'NCDHW'}).toString()).toBe(
    'MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
  );
  // dataFormat is keyword-only: PyTorch's positional count is unchanged
  expect(() => new (nn.AvgPool1d as unknown as new (...a: unknown[]) => unknown)(3, 1, 0, false, true, 'NWC')).toThrow(
    'AvgPool1d.__init__() takes from 2 to 6 positional arguments but 7 were given',
  );
});

it("a misspelt layout fails when the module runs, with the op's ValueError", () => {
  const x = x2();
  const before = tf.memory().numTensors;
  expect(() => new nn.AvgPool2d(2, {dataFormat: 'NWHC' as 'NHWC'}).forward(x)).toThrow(
    "avg_pool2d(): dataFormat must be 'NCHW' or 'NHWC', but got 'NWHC'",
  );
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});
