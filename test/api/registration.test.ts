/**
 * Importing the package registers every kernel and gradient once, with no warning, in any order: its CommonJS
 * and ESM builds both loaded in one process, before and after a backend. Run in a child process on the built
 * package, as a user would load it.
 */
import {execFileSync} from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

const SCRIPT = `
const warnings = [];
console.warn = (...a) => warnings.push(a.join(' '));
const tf = require('@tensorflow/tfjs-core');
const cjs = require('tfjs-torch-ops');
require('@tensorflow/tfjs-backend-cpu');
import('tfjs-torch-ops').then(async esm => {
  require(require.resolve('tfjs-torch-ops'));
  await tf.setBackend('cpu');
  const kernels = {};
  for (const name of [...cjs.KERNEL_NAMES, ...cjs.KIT_KERNEL_NAMES]) {
    kernels[name] = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'].filter(b => tf.getKernel(name, b) !== undefined);
  }
  const gradients = [cjs.TorchAvgPool, cjs.TorchAvgPoolGrad, cjs.TorchMean, cjs.TorchMaxPool, cjs.TorchMaxPoolValues,
                     cjs.TorchMaxPoolGrad, cjs.TorchMaxUnpool].filter(n => tf.getGradient(n) !== undefined);
  const same = Array.from(esm.avgPool2d(tf.ones([1, 1, 4, 4]), 2).dataSync());
  process.stdout.write(JSON.stringify({warnings, kernels, gradients, same, backends: Object.keys(tf.engine().registryFactory)}));
});
`;

it('registers every kernel and gradient once, without warnings or loading a backend', () => {
  const out = JSON.parse(execFileSync(process.execPath, ['-e', SCRIPT], {cwd: ROOT, encoding: 'utf8'}));
  // tfjs's own banner about tfjs-node may appear; a second registration would warn about a kernel or gradient.
  expect(out.warnings.filter((w: string) => /kernel|gradient|registered/i.test(w))).toEqual([]);
  const all = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'];
  expect(out.kernels).toEqual({
    TorchAvgPool: all,
    TorchAvgPoolGrad: all,
    TorchMean: all,
    TorchMaxPool: all,
    TorchMaxPoolValues: all,
    TorchMaxPoolGrad: all,
    TorchMaxUnpool: all,
    TorchGatherPlanes: all,
    // the kit's own kernels, where they beat the backend's
    TorchConv2dWinograd: ['cpu', 'wasm'],
    TorchConv2dPointwise: ['cpu', 'wasm'],
    TorchConcat: ['wasm'],
    TorchChannelAffine: ['wasm'],
  });
  expect(out.gradients).toEqual([
    'TorchAvgPool',
    'TorchAvgPoolGrad',
    'TorchMean',
    'TorchMaxPool',
    'TorchMaxPoolValues',
    'TorchMaxPoolGrad',
    'TorchMaxUnpool',
  ]);
  expect(out.same).toEqual([1, 1, 1, 1]);
  // Only the backend the script imported itself: the package loads none.
  expect(out.backends).toEqual(['cpu']);
});
