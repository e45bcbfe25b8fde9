/** Importing the package registers every kernel and gradient once, with no warning, in any order. */
import * as tf from '@tensorflow/tfjs-core';

const BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'];

it('registers the kernels of every backend and the gradients, without loading a backend', () => {
  jest.isolateModules(() => {
    require('../../src/index');
  });
  const tt = require('../../src/index');
  for (const name of tt.KERNEL_NAMES) {
    for (const backend of BACKENDS) expect(tf.getKernel(name, backend)).toBeDefined();
  }
  expect(tf.getGradient(tt.TorchAvgPool)).toBeDefined();
  expect(tf.getGradient(tt.TorchAvgPoolGrad)).toBeDefined();
  expect(tf.getGradient(tt.TorchMean)).toBeDefined();
  expect(tf.engine().registryFactory).toEqual({});
});

it('loads twice (ESM and CommonJS builds, before and after a backend) with no warning', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    jest.isolateModules(() => {
      require('../../src/index');
      require('@tensorflow/tfjs-backend-cpu');
      require('../../src/index');
    });
    jest.isolateModules(() => {
      require('../../src/index');
    });
    expect(warn).not.toHaveBeenCalled();
  } finally {
    warn.mockRestore();
  }
});
