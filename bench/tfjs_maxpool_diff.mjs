// What tfjs's built-in max pool gets wrong on ResNet's stem: PyTorch's MaxPool2d(3, 2, 1) on a 112×112 map
// (→ 56×56) against the nearest tfjs call, tf.maxPool(x, 3, 2, 'same') on the NHWC transpose. tfjs's 'same' pads
// the extra row and column at the bottom/right only (docs/max-pooling.md §8), so its windows sit one cell off PyTorch's.
// This package's maxPool2d is checked against PyTorch's fixtures elsewhere; here it is the reference.
//
//   node scripts/build.mjs && node bench/tfjs_maxpool_diff.mjs [--shape=1,2,112,112]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from 'tfjs-torch-ops';
import {inputData} from './common.mjs';

const args = Object.fromEntries(process.argv.slice(2).map(a => a.replace(/^--/, '').split('=')));
const shape = (args.shape ?? '1,2,112,112').split(',').map(Number);
await tf.setBackend('cpu');

// Standard normal values (Box-Muller over the benchmarks' deterministic uniform stream), like a randn input.
const n = shape.reduce((a, b) => a * b, 1);
const u = inputData(2 * n, 7).map(v => (v + 1) / 2);
const x = tf.tensor(Float32Array.from({length: n}, (_, i) =>
  Math.sqrt(-2 * Math.log(1 - u[2 * i])) * Math.cos(2 * Math.PI * u[2 * i + 1])), shape);
const ours = tt.maxPool2d(x, 3, {stride: 2, padding: 1});
const theirs = tf.transpose(tf.maxPool(tf.transpose(x, [0, 2, 3, 1]), 3, 2, 'same'), [0, 3, 1, 2]);
const a = await ours.data();
const b = await theirs.data();
let differ = 0;
let maxErr = 0;
for (let i = 0; i < a.length; i++) {
  if (a[i] !== b[i]) differ++;
  maxErr = Math.max(maxErr, Math.abs(a[i] - b[i]));
}
console.log(`input [${shape}] standard normal: MaxPool2d(3, 2, 1) → [${ours.shape}]; tf.maxPool(x, 3, 2, 'same') ` +
            `differs in ${differ} of ${a.length} outputs (${(100 * differ / a.length).toFixed(1)}%), max |error| ` +
            `${maxErr.toFixed(3)}`);
