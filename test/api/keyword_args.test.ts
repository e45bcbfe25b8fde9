/**
 * Unknown option keys are PyTorch's TypeError, for every op, nn module and layer: a typo in plain JavaScript
 * (`{ceilmode: true}`) must not silently run with the default. The op texts are also replayed from PyTorch in the
 * fixtures (errors group); the module texts are what PyTorch 2.15 prints for `nn.AvgPool2d(2, ceilmode=True)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';
import {nn} from '../../src';
import * as ttl from '../../src/layers';
import {rejectUnknownKeywords} from '../../src/ops/keyword_args';

let x1: tf.Tensor;
let x2: tf.Tensor;
let x3: tf.Tensor;
beforeAll(async () => {
  await tf.setBackend('cpu');
  [x1, x2, x3] = [tf.ones([1, 4]), tf.ones([1, 1, 4, 4]), tf.ones([1, 2, 2, 2])];
});
afterAll(() => tf.dispose([x1, x2, x3]));

/** Runs `f`, expecting a TorchError TypeError whose message starts with `start`; checks nothing leaked. */
function expectTypeError(f: () => unknown, start: string): string {
  const before = tf.memory().numTensors;
  let error: Error | null = null;
  try {
    f();
  } catch (e) {
    error = e as Error;
  }
  expect(error).toBeInstanceOf(tt.TorchError);
  expect(error?.name).toBe('TypeError');
  expect(error?.message.startsWith(start)).toBe(true);
  expect(tf.memory().numTensors).toBe(before);
  return (error as Error).message;
}

const any = (v: unknown) => v as never;

it.each<[string, () => unknown, string]>([
  ['avgPool1d', () => tt.avgPool1d(x1, 2, any({ceilmode: true})),
   'avg_pool1d() got an unexpected keyword argument \'ceilmode\''],
  ['avgPool1d has no divisorOverride', () => tt.avgPool1d(x1, 2, any({divisorOverride: 2})),
   'avg_pool1d() got an unexpected keyword argument \'divisorOverride\''],
  ['avgPool2d', () => tt.avgPool2d(x2, 3, any({stride: 2, ceilmode: true})),
   'avg_pool2d() got an unexpected keyword argument \'ceilmode\''],
  ['avgPool3d', () => tt.avgPool3d(x3, 2, any({count_include_pad: false})),
   'avg_pool3d() got an unexpected keyword argument \'count_include_pad\''],
  // torch.mean(x, 1, keepDim=True) could also be a mistyped mean(input, *, dtype): PyTorch lists both signatures.
  ['mean (three arguments)', () => tt.mean(x2, 1, any({keepDim: true})),
   'mean() received an invalid combination of arguments - got (Tensor, int, keepDim=bool), but expected one of:\n'],
  ['mean', () => tt.mean(x2, 1, any({dtype: 'float32', keepDim: true})),
   'mean() got an unexpected keyword argument \'keepDim\''],
  ['nn.AvgPool1d', () => new nn.AvgPool1d(2, any({ceilmode: true})),
   'AvgPool1d.__init__() got an unexpected keyword argument \'ceilmode\''],
  ['nn.AvgPool2d', () => new nn.AvgPool2d(2, any({ceilmode: true})),
   'AvgPool2d.__init__() got an unexpected keyword argument \'ceilmode\''],
  ['nn.AvgPool3d', () => new nn.AvgPool3d(2, any({divisor: 2})),
   'AvgPool3d.__init__() got an unexpected keyword argument \'divisor\''],
  ['avgPool1dLayer', () => ttl.avgPool1dLayer(any({kernelSize: 2, pad: 1})),
   'TorchAvgPool1d.__init__() got an unexpected keyword argument \'pad\''],
  ['avgPool2dLayer', () => ttl.avgPool2dLayer(any({kernelSize: 2, ceilmode: true})),
   'TorchAvgPool2d.__init__() got an unexpected keyword argument \'ceilmode\''],
  ['avgPool3dLayer', () => ttl.avgPool3dLayer(any({kernelSize: 2, strides: 1})),
   'TorchAvgPool3d.__init__() got an unexpected keyword argument \'strides\''],
  ['adaptiveAvgPool1dLayer', () => ttl.adaptiveAvgPool1dLayer(any({outputSize: 2, output_size: 3})),
   'TorchAdaptiveAvgPool1d.__init__() got an unexpected keyword argument \'output_size\''],
  ['adaptiveAvgPool2dLayer', () => ttl.adaptiveAvgPool2dLayer(any({outputSize: 2, size: 3})),
   'TorchAdaptiveAvgPool2d.__init__() got an unexpected keyword argument \'size\''],
  ['adaptiveAvgPool3dLayer', () => ttl.adaptiveAvgPool3dLayer(any({outputSize: 2, kernelSize: 3})),
   'TorchAdaptiveAvgPool3d.__init__() got an unexpected keyword argument \'kernelSize\''],
])('%s rejects an unknown key', (_, f, start) => {
  expectTypeError(f, start);
});

it('suggests the nearest valid name', () => {
  expect(expectTypeError(() => tt.avgPool2d(x2, 3, any({ceilmode: true})), 'avg_pool2d()'))
      .toBe('avg_pool2d() got an unexpected keyword argument \'ceilmode\'; did you mean \'ceilMode\'?');
  expect(expectTypeError(() => tt.avgPool2d(x2, 3, any({count_include_pad: false})), 'avg_pool2d()'))
      .toMatch(/did you mean 'countIncludePad'\?$/);
  expect(expectTypeError(() => tt.avgPool2d(x2, 3, any({zzz: 1})), 'avg_pool2d()')).not.toMatch(/did you mean/);
});

it('rejects a positional value where the options object goes (PyTorch\'s positional stride)', () => {
  expectTypeError(() => tt.avgPool2d(x2, 3, any(2)), 'avg_pool2d() takes its keyword arguments as one object');
  expectTypeError(() => tt.mean(x2, 1, any(true)), 'mean() takes its keyword arguments as one object');
});

it('accepts every documented key, null and undefined options, and LayerArgs in layer configs', () => {
  tf.tidy(() => {
    expect(tt.avgPool2d(x2, 2, {stride: 2, padding: 1, ceilMode: true, countIncludePad: false, divisorOverride: 3})
               .shape).toEqual([1, 1, 3, 3]);
    expect(tt.avgPool2d(x2, 2, any(null)).shape).toEqual([1, 1, 2, 2]);
    expect(tt.mean(x2, 1, any(null)).shape).toEqual([1, 4, 4]);
    expect(tt.mean(x2, 1, {keepdim: true, dtype: 'float32'}).shape).toEqual([1, 1, 4, 4]);
  });
  expect(() => ttl.avgPool2dLayer({kernelSize: 2, name: 'p', trainable: false, inputShape: [1, 4, 4], dtype: 'float32'}))
      .not.toThrow();
  expect(() => ttl.adaptiveAvgPool2dLayer({outputSize: 1, batchInputShape: [2, 1, 4, 4]})).not.toThrow();
});

it('keeps the signature other op families code against', () => {
  expect(() => rejectUnknownKeywords('max_pool2d', {stride: 1}, ['stride'])).not.toThrow();
  expect(() => rejectUnknownKeywords('max_pool2d', undefined, ['stride'])).not.toThrow();
  expect(() => rejectUnknownKeywords('max_pool2d', {dilatoin: 2}, ['dilation']))
      .toThrow('max_pool2d() got an unexpected keyword argument \'dilatoin\'; did you mean \'dilation\'?');
});
