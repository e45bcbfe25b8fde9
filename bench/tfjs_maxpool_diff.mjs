// What tfjs's built-in max pools get right and wrong against PyTorch, each used the best way a port can (NHWC
// transposes around tf.maxPool / tf.pool / tf.maxPoolWithArgmax, a numeric pad where PyTorch pads), on tfjs's cpu
// backend (--backend=wasm for tfjs-wasm's XNNPACK kernels). This package's maxPool2d, checked against PyTorch's
// fixtures by the parity suites, is the reference here. One line per claim README's "What it fixes" makes:
//
//   numeric pad   tf.maxPool(x, k, s, p) with a number p: PyTorch's floor-mode windows (counts the outputs that differ)
//   'same'        ResNet's stem, MaxPool2d(3, 2, 1), as tf.maxPool(x, 3, 2, 'same'): pads bottom/right only
//   ceil mode     tf.maxPool(x, k, s, p, 'ceil') against PyTorch's ceil_mode=True (sizes, then values), and -inf
//                 padding by hand + 'valid'
//   dilation      tf.pool(x, k, 'max', p, dilation, stride): with stride 1 (numeric pad; -inf padding by hand), and
//                 with dilation and stride both > 1
//   NaN           one NaN per input plane: outputs whose window holds it (NaN in PyTorch)
//   indices       tf.maxPoolWithArgmax (NHWC positions (y·W + x)·C + c) mapped back to plane positions, on an input
//                 with ties (small integers)
//
//   npm run bench:tfjs-maxpool [-- --backend=wasm]
//   (= node bench/tfjs_maxpool_diff.mjs --build)
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import {parseCli} from '../scripts/cli.mjs';
import {inputData} from './common.mjs';

const {values: args} = parseCli({
  usage: 'npm run bench:tfjs-maxpool [-- OPTIONS]   (node bench/tfjs_maxpool_diff.mjs [OPTIONS])',
  summary: "What tfjs's built-in max pools get right and wrong against PyTorch's (one line per README claim).",
  options: {
    backend: {type: 'string', default: 'cpu', valueName: 'cpu|wasm', description: 'the tfjs backend to run on'},
    build: {type: 'boolean', description: 'build dist/ first (node scripts/build.mjs), as the npm script does'},
  },
});
if (
  args.build &&
  spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {stdio: 'inherit'})
    .status
) {
  process.exit(1);
}
// tfjs's production mode silences the cpu backend's "running TensorFlow.js in Node.js" banner (tfjs 4.x: advice only).
tf.enableProdMode();
const tt = await import('tfjs-torch-ops');
const backend = args.backend;
await tf.setBackend(backend);
console.log(`tfjs ${tf.version_core}, backend ${tf.getBackend()}`);

const nhwc = t => tf.transpose(t, [0, 2, 3, 1]);
const nchw = t => tf.transpose(t, [0, 3, 1, 2]);
const size = shape => shape.reduce((a, b) => a * b, 1);

/** Standard normal values (Box-Muller over the benchmarks' deterministic uniform stream), like a randn input. */
function randn(shape, seed = 7) {
  const n = size(shape);
  const u = inputData(2 * n, seed).map(v => (v + 1) / 2);
  return tf.tensor(
    Float32Array.from(
      {length: n},
      (_, i) => Math.sqrt(-2 * Math.log(1 - u[2 * i])) * Math.cos(2 * Math.PI * u[2 * i + 1]),
    ),
    shape,
  );
}

/** Outputs that differ (NaN equals NaN) and the largest finite |difference|. */
function compare(a, b) {
  let differ = 0;
  let maxErr = 0;
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i]) || a[i] === b[i]) continue;
    differ++;
    if (Number.isFinite(a[i] - b[i])) maxErr = Math.max(maxErr, Math.abs(a[i] - b[i]));
  }
  return {differ, maxErr};
}

const tryCall = f => {
  try {
    return {y: f()};
  } catch (e) {
    return {error: e.message.split('\n')[0]};
  }
};

// 1. Numeric pad, floor mode: tf.maxPool pads a number p on every side and rounds sizes down, as PyTorch does.
const NUMERIC = [
  {shape: [1, 2, 112, 112], k: 3, s: 2, p: 1}, // ResNet's stem
  {shape: [2, 3, 56, 56], k: 2, s: 2, p: 0},
  {shape: [2, 3, 55, 55], k: 3, s: 2, p: 0}, // AlexNet / SqueezeNet (floor)
  {shape: [1, 4, 28, 28], k: 3, s: 1, p: 1}, // Inception's branch pool
  {shape: [1, 4, 27, 31], k: 5, s: 3, p: 2},
  {shape: [1, 2, 17, 17], k: 4, s: 1, p: 2}, // even kernel, padding k/2
  {shape: [1, 2, 30, 30], k: 7, s: 2, p: 3},
  {shape: [1, 3, 9, 13], k: 3, s: 3, p: 1},
];
let total = 0;
let totalDiffer = 0;
for (const [i, g] of NUMERIC.entries()) {
  const x = randn(g.shape, 11 + i);
  const ours = await tt.maxPool2d(x, g.k, {stride: g.s, padding: g.p}).data();
  const theirs = await nchw(tf.maxPool(nhwc(x), g.k, g.s, g.p)).data();
  const {differ} = compare(ours, theirs);
  total += ours.length;
  totalDiffer += differ + Math.abs(ours.length - theirs.length);
}
console.log(
  `numeric pad: tf.maxPool(x, k, s, p) equals MaxPool2d(k, s, p) on ${NUMERIC.length} geometries: ` +
    `${totalDiffer} of ${total} outputs differ (standard normal input)`,
);

// 2. 'same' on ResNet's stem: the extra row and column go at the bottom/right only (docs/max-pooling.md §8).
{
  const x = randn([1, 2, 112, 112]);
  const ours = tt.maxPool2d(x, 3, {stride: 2, padding: 1});
  const {differ, maxErr} = compare(await ours.data(), await nchw(tf.maxPool(nhwc(x), 3, 2, 'same')).data());
  console.log(
    `'same': MaxPool2d(3, 2, 1) on [1,2,112,112] → [${ours.shape}]; tf.maxPool(x, 3, 2, 'same') differs in ` +
      `${differ} of ${ours.size} outputs (${((100 * differ) / ours.size).toFixed(1)}%), max |error| ` +
      `${maxErr.toFixed(2)}`,
  );
}

// 3. Ceil mode: tfjs's 'ceil' rounding of the output size, against PyTorch's ceil rule (ceil, then drop a last
// window that would start in the right padding); and padding by hand with -inf, then 'valid', which places every
// window where PyTorch does (what bench/max_pools.mjs times tfjs with).
const padInf = (t, before, after) =>
  tf.pad(
    t,
    [
      [0, 0],
      [before, after],
      [before, after],
      [0, 0],
    ],
    -Infinity,
  );
for (const g of [
  {n: 55, k: 3, s: 2, p: 0},
  {n: 112, k: 3, s: 2, p: 0},
  {n: 6, k: 2, s: 2, p: 1},
  {n: 5, k: 2, s: 2, p: 1},
]) {
  const x = randn([1, 2, g.n, g.n], 5);
  const ours = tt.maxPool2d(x, g.k, {stride: g.s, padding: g.p, ceilMode: true});
  const r = tryCall(() => nchw(tf.maxPool(nhwc(x), g.k, g.s, g.p, 'ceil')));
  const what = r.error
    ? `throws (${r.error})`
    : r.y.shape.join() !== ours.shape.join()
      ? `gives [${r.y.shape}], PyTorch [${ours.shape}]`
      : `gives [${r.y.shape}], ${compare(await ours.data(), await r.y.data()).differ} of ${ours.size} outputs differ`;
  const o = ours.shape[2];
  const byHand = nchw(tf.maxPool(padInf(nhwc(x), g.p, (o - 1) * g.s + g.k - g.n - g.p), g.k, g.s, 'valid'));
  console.log(
    `ceil mode: MaxPool2d(${g.k}, ${g.s}, ${g.p}, ceil_mode=True) on ${g.n}×${g.n}: ` +
      `tf.maxPool(x, ${g.k}, ${g.s}, ${g.p}, 'ceil') ${what}; -inf padding by hand + 'valid': ` +
      `${compare(await ours.data(), await byHand.data()).differ} differ`,
  );
}

// 4. Dilation: tf.pool takes dilations, but not together with a stride > 1.
{
  const x = randn([1, 2, 32, 32], 3);
  const strided = tryCall(() => tf.pool(nhwc(x), [3, 3], 'max', 1, [2, 2], [2, 2]));
  console.log(
    `dilation 2 with stride 2: tf.pool(x, [3, 3], 'max', 1, [2, 2], [2, 2]) ` +
      `${strided.error ? `throws (${strided.error})` : `gives [${strided.y.shape}]`}`,
  );
  const ours = tt.maxPool2d(x, 3, {stride: 1, padding: 1, dilation: 2});
  const r = tryCall(() => nchw(tf.pool(nhwc(x), [3, 3], 'max', 1, [2, 2], [1, 1])));
  const byHand = nchw(tf.pool(padInf(nhwc(x), 1, 1), [3, 3], 'max', 'valid', [2, 2], [1, 1]));
  console.log(
    `dilation 2 with stride 1: MaxPool2d(3, 1, 1, dilation=2) → [${ours.shape}]; ` +
      `tf.pool(x, [3, 3], 'max', 1, [2, 2], [1, 1]) ` +
      (r.error ? `throws (${r.error})` : `gives [${r.y.shape}] (the numeric pad is not applied)`) +
      `; -inf padding by hand + 'valid': ${compare(await ours.data(), await byHand.data()).differ} of ` +
      `${ours.size} outputs differ`,
  );
}

// 5. NaN: PyTorch's max pools propagate a NaN to every window holding it.
{
  const shape = [1, 4, 28, 28];
  const data = await randn(shape, 9).data();
  for (let c = 0; c < shape[1]; c++) data[c * 28 * 28 + 10 * 28 + 10 + c] = NaN;
  const x = tf.tensor(data, shape);
  const ours = await tt.maxPool2d(x, 3, {stride: 2, padding: 1}).data();
  const theirs = await nchw(tf.maxPool(nhwc(x), 3, 2, 1)).data();
  const nan = ours.filter(Number.isNaN).length;
  console.log(
    `NaN: MaxPool2d(3, 2, 1), one NaN per plane: ${nan} outputs are NaN in PyTorch, tf.maxPool gives ` +
      `${theirs.filter(Number.isNaN).length} NaN; ${compare(ours, theirs).differ} of ${ours.length} differ`,
  );
}

// 6. Indices: tf.maxPoolWithArgmax's NHWC positions, mapped back to plane positions; ties on small integers.
{
  const [n, c, h, w] = [1, 3, 16, 16];
  const x = tf.tensor(
    inputData(n * c * h * w, 4).map(v => Math.floor(4 * v)),
    [n, c, h, w],
  );
  for (const pad of ['valid', 1]) {
    const k = 3;
    const opts = {stride: 2, padding: pad === 'valid' ? 0 : pad, returnIndices: true};
    const [, oursIdx] = tt.maxPool2d(x, k, opts);
    const r = tryCall(() => tf.maxPoolWithArgmax(nhwc(x), k, 2, pad));
    if (r.error) {
      console.log(`indices: tf.maxPoolWithArgmax(x, 3, 2, ${JSON.stringify(pad)}) throws (${r.error})`);
      continue;
    }
    const plane = await nchw(tf.floorDiv(r.y.indexes, tf.scalar(c, 'int32'))).data(); // (y·W + x)·C + c → y·W + x
    const ours = await oursIdx.data();
    const same = r.y.indexes.shape.join() === [n, ...oursIdx.shape.slice(2), c].join();
    console.log(
      `indices: tf.maxPoolWithArgmax(x, 3, 2, ${JSON.stringify(pad)}) → NHWC positions ` +
        `(y·W + x)·C + c; mapped to plane positions, ` +
        (same
          ? `${compare(ours, plane).differ} of ${ours.length} differ from max_pool2d(x, 3, 2, ` +
            `${opts.padding}, return_indices=True) (input of integers 0–3, ties)`
          : `shape [${r.y.indexes.shape}] against PyTorch's [${oursIdx.shape}]`),
    );
  }
}
