/**
 * This package's own size limit (README, Limits): an output beyond MAX_OUTPUT_ELEMENTS (2^31 - 1, tfjs's 32-bit
 * indexing) is refused before any work with PyTorch's allocator error and its byte size, leaking nothing. Outputs
 * PyTorch itself cannot allocate are also in the fixtures (errors group, "error limits ...").
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';
import {MAX_OUTPUT_ELEMENTS} from '../../src/ops/torch_errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('refuses an output of 2^31 elements with the bytes it would take, leaking nothing', () => {
  const x = tf.ones([2, 1, 4, 4]);
  const before = tf.memory().numTensors;
  // 2 planes x 2^15 x 2^15 = 2^31 float32 elements = 2^33 bytes
  expect(() => tt.adaptiveAvgPool2d(x, [2 ** 15, 2 ** 15])).toThrow(
    expect.objectContaining({
      name: 'RuntimeError',
      message:
        "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried " +
        'to allocate 8589934592 bytes. Error code 12 (Cannot allocate memory)',
    }),
  );
  expect(tf.memory().numTensors).toBe(before);
  expect(MAX_OUTPUT_ELEMENTS).toBe(2 ** 31 - 1);
  x.dispose();
});

it('counts int32 (torch.int64) outputs at 8 bytes an element, as PyTorch allocates them', () => {
  const x = tf.ones([1, 4, 4], 'int32');
  expect(() => tt.adaptiveAvgPool2d(x, [2 ** 16, 2 ** 15])).toThrow('you tried to allocate 17179869184 bytes');
  x.dispose();
});

it('returns an empty output whatever its other sizes, without building their windows', () => {
  const x = tf.ones([2, 3, 4, 4]);
  const y = tt.adaptiveAvgPool2d(x, [0, 2 ** 30]);
  expect(y.shape).toEqual([2, 3, 0, 2 ** 30]);
  const dx = tf.grad((v: tf.Tensor) => tt.adaptiveAvgPool2d(v, [0, 2 ** 30]))(x);
  expect(Array.from(dx.dataSync()).every(v => v === 0)).toBe(true);
  tf.dispose([x, y, dx]);
});

describe('max-pooling family: outputs too large to allocate', () => {
  const allocError = (bytes: string) =>
    expect.objectContaining({
      name: 'RuntimeError',
      message:
        "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried " +
        `to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`,
    });

  it.each([
    ['adaptiveMaxPool1d', [1, 4], (x: tf.Tensor) => tt.adaptiveMaxPool1d(x, 2 ** 31), '8589934592'],
    ['adaptiveMaxPool2d', [1, 4, 4], (x: tf.Tensor) => tt.adaptiveMaxPool2d(x, [100000, 100000]), '40000000000'],
    [
      'adaptiveMaxPool2d with indices',
      [1, 4, 4],
      (x: tf.Tensor) => tt.adaptiveMaxPool2d(x, [100000, 100000], {returnIndices: true}),
      '40000000000',
    ],
    [
      'adaptiveMaxPool3d',
      [1, 2, 2, 2],
      (x: tf.Tensor) => tt.adaptiveMaxPool3d(x, [2 ** 11, 2 ** 10, 2 ** 10]),
      '8589934592',
    ],
  ])('%s refuses the output before any work, leaking nothing', (_name, shape, op, bytes) => {
    const x = tf.ones(shape as number[]);
    const before = tf.memory().numTensors;
    expect(() => op(x)).toThrow(allocError(bytes));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it.each([
    ['maxUnpool1d', [1, 2], (x: tf.Tensor, i: tf.Tensor) => tt.maxUnpool1d(x, i, 1, {stride: 2 ** 31}), '8589934596'],
    [
      'maxUnpool2d',
      [1, 2, 2],
      (x: tf.Tensor, i: tf.Tensor) => tt.maxUnpool2d(x, i, 1, {stride: 2 ** 16}),
      '17180393476',
    ],
    [
      'maxUnpool3d',
      [1, 2, 2, 2],
      (x: tf.Tensor, i: tf.Tensor) => tt.maxUnpool3d(x, i, 1, {stride: 2 ** 11}),
      '34410094596',
    ],
  ])('%s refuses the output before reading the indices, leaking nothing', (_name, shape, op, bytes) => {
    const x = tf.ones(shape as number[]);
    // out-of-range indices: the allocation fails first, as in PyTorch, whose kernel checks them after allocating
    const i = tf.fill(shape as number[], -1, 'int32');
    const before = tf.memory().numTensors;
    expect(() => op(x, i)).toThrow(allocError(bytes));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, i]);
  });
});
