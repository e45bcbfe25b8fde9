/**
 * Unknown option keys are PyTorch's TypeError: a typo in plain JavaScript (`{ceilmode: true}`) must not silently
 * run with the default. Every public function, module and layer has its row in argument_checks.test.ts; this file
 * covers the details: the suggestion, a positional value in the options' place, what is accepted.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';
import * as ttl from '../../src/layers';
import {rejectUnknownKeywords} from '../../src/ops/keyword_args';
import {expectTypeError} from '../support/expect_type_error';

let x1: tf.Tensor;
let x2: tf.Tensor;
let x3: tf.Tensor;
beforeAll(async () => {
  await tf.setBackend('cpu');
  [x1, x2, x3] = [tf.ones([1, 4]), tf.ones([1, 1, 4, 4]), tf.ones([1, 2, 2, 2])];
});
afterAll(() => tf.dispose([x1, x2, x3]));

const any = (v: unknown) => v as never;

it('suggests the nearest valid name', () => {
  expect(expectTypeError(() => tt.avgPool2d(x2, 3, any({ceilmode: true})), 'avg_pool2d()')).toBe(
    "avg_pool2d() got an unexpected keyword argument 'ceilmode'; did you mean 'ceilMode'?",
  );
  expect(expectTypeError(() => tt.avgPool2d(x2, 3, any({count_include_pad: false})), 'avg_pool2d()')).toMatch(
    /did you mean 'countIncludePad'\?$/,
  );
  expect(expectTypeError(() => tt.avgPool2d(x2, 3, any({zzz: 1})), 'avg_pool2d()')).not.toMatch(/did you mean/);
});

it("rejects a positional value where the options object goes (PyTorch's positional stride)", () => {
  expectTypeError(() => tt.avgPool2d(x2, 3, any(2)), 'avg_pool2d() takes its keyword arguments as one object');
  expectTypeError(() => tt.mean(x2, 1, any(true)), 'mean() takes its keyword arguments as one object');
});

it('accepts every documented key, null and undefined options, and LayerArgs in layer configs', () => {
  tf.tidy(() => {
    expect(
      tt.avgPool2d(x2, 2, {stride: 2, padding: 1, ceilMode: true, countIncludePad: false, divisorOverride: 3}).shape,
    ).toEqual([1, 1, 3, 3]);
    expect(tt.avgPool2d(x2, 2, any(null)).shape).toEqual([1, 1, 2, 2]);
    expect(tt.mean(x2, 1, any(null)).shape).toEqual([1, 4, 4]);
    expect(tt.mean(x2, 1, {keepdim: true, dtype: 'float32'}).shape).toEqual([1, 1, 4, 4]);
  });
  expect(() =>
    ttl.avgPool2dLayer({kernelSize: 2, name: 'p', trainable: false, inputShape: [1, 4, 4], dtype: 'float32'}),
  ).not.toThrow();
  expect(() => ttl.adaptiveAvgPool2dLayer({outputSize: 1, batchInputShape: [2, 1, 4, 4]})).not.toThrow();
});

it('keeps the signature other op families code against', () => {
  expect(() => rejectUnknownKeywords('max_pool2d', {stride: 1}, ['stride'])).not.toThrow();
  expect(() => rejectUnknownKeywords('max_pool2d', undefined, ['stride'])).not.toThrow();
  expect(() => rejectUnknownKeywords('max_pool2d', {dilatoin: 2}, ['dilation'])).toThrow(
    "max_pool2d() got an unexpected keyword argument 'dilatoin'; did you mean 'dilation'?",
  );
});

it("takes nothing after a module's options object, and counts a trailing undefined as not passed", () => {
  expectTypeError(
    () => new tt.nn.MaxPool2d(2, any({stride: 1}), any(1)),
    'positional argument follows keyword argument',
  );
  expectTypeError(
    () => new tt.nn.AvgPool2d(2, any({stride: 1}), any(0)),
    'positional argument follows keyword argument',
  );
  expect(String(new tt.nn.MaxPool2d(2, any({stride: 1}), undefined))).toBe(
    'MaxPool2d(kernel_size=2, stride=1, padding=0, dilation=1, ceil_mode=False)',
  );
  tf.tidy(() => {
    const call = tt.avgPool2d as unknown as (...a: unknown[]) => tf.Tensor;
    expect(call(x2, 2, {}, undefined).shape).toEqual([1, 1, 2, 2]);
  });
});
