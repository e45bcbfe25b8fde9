// Benchmark of this package's max pools against what a user would otherwise run, on the same backend, in the same
// process, on the same data (the timing loop and value checks are bench/common.mjs's):
//   - native: tfjs's own tf.maxPool on an NHWC input transposed and -inf padded beforehand ('valid': the raw cost of
//     the built-in, which an NCHW model cannot get without transposes; -inf padding plus 'valid' windows give exactly
//     PyTorch's windows, ceil mode included, so the values are compared too); for the gradient, tfjs's MaxPoolGrad;
//   - ort: onnxruntime-node MaxPool on one thread (intra- and inter-op), the same NCHW data.
// Backends: cpu, wasm and tensorflow (tfjs-node), each in its own process (tfjs-node brings its own registrations).
//
//   node scripts/build.mjs && node bench/max_pools.mjs [--backends=cpu,wasm,tensorflow] [--quick] [--only=REGEX]
//                                                      [--shape=8,64,56,56] [--json=FILE]
//   npm run bench:max
//
// onnxruntime-node is looked up as bench/ort.mjs does ($ORT_NODE_DIR, default .cache/ort, where `npm run bench`
// installs it); without it its column reads —. tfjs-node: `bash scripts/tfjs-node/install.sh`; without it the
// tensorflow backend is reported skipped with the reason.
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {detailTable, fmt, inputData, prepare, timeConfig} from './common.mjs';
import {steadyRace, spreadTable} from './steady_race.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map(a => a.replace(/^--/, '').split('=')));
const backends = (args.backends ?? 'cpu,wasm,tensorflow').split(',');
const shape2d = args.shape ? args.shape.split(',').map(Number) : [8, 64, 56, 56];
const options = args.quick !== undefined ? {rounds: 5, minMs: 0, warmupMs: 300} :
    {rounds: 15, minMs: 400, warmupMs: 1500};
process.env.ORT_NODE_DIR ??= path.join(ROOT, '.cache', 'ort');

/** The configurations: ResNet's stem pool, GoogLeNet's ceil-mode pool, k2 s2, adaptive max 7×7, and a gradient. */
function maxConfigs(tf, tt, [N, C, H, W]) {
  // PyTorch's pooled size, from the package's geometry (dilation 1: the average pools' formula), never re-derived here
  const outSize = (L, k, s, p, ceil = false) => tt.poolOutputSize(L, k, p, s, ceil);
  const TO_LAST = [0, 2, 3, 1];
  // -inf padding of a channels-last tensor's spatial axes ([lo, hi] each), cached per input: prepared, not timed
  const prepared = new Map();
  const once = (key, make) => {
    if (!prepared.has(key)) prepared.set(key, tf.keep(make()));
    return prepared.get(key);
  };
  const pad = (xl, lo, hi) => once(`pad ${lo},${hi}`, () => tf.pad(xl, [[0, 0], [lo, hi], [lo, hi], [0, 0]], -Infinity));
  // the gradient's upstream (bench/common.mjs's prepare makes dy of the input's size, an avg-pool gradient's)
  const gradOut = [N, C, outSize(H, 3, 2, 1), outSize(W, 3, 2, 1)];
  const dy = () => once('dy', () => tf.tensor(inputData(gradOut.reduce((a, b) => a * b, 1), 2), gradOut));
  const dyl = () => once('dyl', () => tf.transpose(dy(), TO_LAST));
  const pool = (id, name, k, s, p, ceil) => {
    const o = [outSize(H, k, s, p, ceil), outSize(W, k, s, p, ceil)];
    // 'valid' windows on the padded input are PyTorch's: pad p before, and after enough for the last window
    const hi = (L, out) => Math.max(0, (out - 1) * s + k - L - p);
    return {
      id, name, shape: [N, C, H, W], outShape: [N, C, ...o], exact: true, nativeExact: true,
      ours: ({x}) => tt.maxPool2d(x, k, {stride: s, padding: p, ceilMode: ceil}),
      native: ({xl}) => tf.maxPool(pad(xl, p, Math.max(hi(H, o[0]), hi(W, o[1]))), k, s, 'valid'),
      emulated: null,
      onnx: ['MaxPool', {kernel_shape: [k, k], strides: [s, s], ...(p ? {pads: [p, p, p, p]} : {}),
                         ...(ceil ? {ceil_mode: 1} : {})}],
    };
  };
  return {
    configs: [
      pool('k3s2p1', 'max_pool2d k3 s2 p1 (ResNet stem)', 3, 2, 1, false),
      pool('k3s2ceil', 'max_pool2d k3 s2 ceil_mode (GoogLeNet)', 3, 2, 0, true),
      pool('k2s2', 'max_pool2d k2 s2', 2, 2, 0, false),
      {id: 'adaptive', name: `adaptive_max_pool2d ${H}→7`, shape: [N, C, H, W], outShape: [N, C, 7, 7], exact: true,
       nativeExact: true, ours: ({x}) => tt.adaptiveMaxPool2d(x, 7),
       native: H % 7 || W % 7 ? null : ({xl}) => tf.maxPool(xl, [H / 7, W / 7], [H / 7, W / 7], 'valid'),
       emulated: null, onnx: H % 7 || W % 7 ? null : ['MaxPool', {kernel_shape: [H / 7, W / 7], strides: [H / 7, W / 7]}]},
      // Backward only (the forward's indices / output prepared, not timed): ours, a gather by index over covering
      // outputs, against tfjs's MaxPoolGrad, which recomputes the argmax from the forward's input and output
      // ('same' padding: the stem's windows on even sizes with k3 s2 p1).
      {id: 'grad', name: 'max_pool2d k3 s2 p1, gradient', shape: [N, C, H, W],
       outShape: [N, C, H, W], exact: true, nativeExact: false,
       ours: ({x}) => tf.tidy(() => {
         const idx = once('indices', () => tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: true})[1]);
         return tf.engine().runKernel(tt.TorchMaxPoolGrad, {dy: dy(), indices: idx, x},
                                      {spec: {kind: 'max', kernelSize: [3, 3], stride: [2, 2], padding: [1, 1],
                                              dilation: [1, 1], ceilMode: false}});
       }),
       native: ({xl}) => tf.tidy(() => {
         const y = once('y', () => tf.maxPool(xl, 3, 2, 'same'));
         return tf.engine().runKernel('MaxPoolGrad', {dy: dyl(), input: xl, output: y},
                                      {filterSize: [3, 3], strides: [2, 2], pad: 'same'});
       }),
       emulated: null, onnx: null},
    ],
    dispose: () => {
      for (const t of prepared.values()) t.dispose();
      prepared.clear();
    },
  };
}

async function runOne(backend) {
  const req = createRequire(import.meta.url);
  let tf;
  if (backend === 'tensorflow') {
    try {
      tf = req('@tensorflow/tfjs-node');
    } catch (e) {
      return {backend, skipped: `@tensorflow/tfjs-node does not load (bash scripts/tfjs-node/install.sh): ${
        String(e.message).split('\n')[0]}`};
    }
  } else {
    tf = await import('@tensorflow/tfjs-core');
    await import(backend === 'cpu' ? '@tensorflow/tfjs-backend-cpu' : '@tensorflow/tfjs-backend-wasm');
  }
  const tt = await import('tfjs-torch-ops');
  const {loadOrt, ortContender} = await import('./ort.mjs');
  await tf.setBackend(backend);
  await tf.ready();
  const ort = loadOrt();
  const rows = [];
  const {configs, dispose} = maxConfigs(tf, tt, shape2d);
  for (const c of configs) {
    if (args.only && !new RegExp(args.only).test(c.name)) continue;
    const ortRun = await ortContender(ort, c);
    // timeConfig checks what every contender computes (and times them briefly); steadyRace then times them warmed
    // to steady state, alternated call by call, with the spread of the per-round ratios
    const row = await timeConfig(tf, c, {rounds: 1, minMs: 0}, ortRun ? {ort: ortRun} : {});
    const inputs = prepare(tf, c);
    try {
      const fns = {ours: c.ours, native: c.native, ...(ortRun ? {ort: ortRun} : {})};
      const live = Object.keys(fns).filter(n => fns[n] && row.ms[n] != null);
      const race = await steadyRace(Object.fromEntries(live.map(n => [n, () => fns[n](inputs)])), options);
      rows.push({...row, ms: {...row.ms, ...race.median}, spread: race.spread, rounds: race.rounds});
    } finally {
      tf.dispose(Object.values(inputs).filter(Boolean));
    }
    dispose();
    process.stderr.write(`${backend}: ${c.name}: ${JSON.stringify(rows.at(-1).ms)}` +
                         `${rows.at(-1).errors ? ` errors ${JSON.stringify(rows.at(-1).errors)}` : ''}\n`);
  }
  return {backend, shape: shape2d, rows, ort: ort ? 'onnxruntime-node, 1 thread' : null,
          native: `tfjs-${backend} maxPool, NHWC input transposed and -inf padded beforehand, 'valid'`};
}

if (args.child) {
  writeFileSync(args.child, JSON.stringify(await runOne(backends[0])));
} else {
  const results = {};
  for (const backend of backends) {
    const out = path.join(os.tmpdir(), `max-pools-${process.pid}-${backend}.json`);
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2).filter(
        a => !a.startsWith('--backends')), `--backends=${backend}`, `--child=${out}`], {stdio: ['ignore', 2, 2]});
    results[backend] = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) :
        {backend, skipped: `runner exited with status ${run.status}`};
  }
  console.log(`## Max pools, input [${shape2d}] float32 NCHW, median ms (${os.cpus()[0]?.model ?? 'CPU'}, ` +
              `Node ${process.versions.node})\n`);
  for (const r of Object.values(results)) {
    if (r.skipped) {
      console.log(`### ${r.backend}: skipped: ${r.skipped}\n`);
      continue;
    }
    console.log(`### ${r.backend} (native: ${r.native})\n`);
    console.log(detailTable(r));
    console.log(spreadTable(r, fmt));
  }
  if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 1));
}
