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
  expect(() => tt.adaptiveAvgPool2d(x, [2 ** 15, 2 ** 15])).toThrow(expect.objectContaining({
    name: 'RuntimeError',
    message: '[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can\'t allocate memory: you tried ' +
        'to allocate 8589934592 bytes. Error code 12 (Cannot allocate memory)',
  }));
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
