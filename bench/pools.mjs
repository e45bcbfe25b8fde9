// Benchmark of this package's cpu and wasm kernels against what a user would otherwise run, in one process:
//   - tfjs-cpu: tf.avgPool on NHWC, wrapped in the two transposes an NCHW model needs (the "emulation");
//   - tfjs-wasm: tf.avgPool on an NHWC input prepared beforehand (XNNPACK), no transposes;
//   - onnxruntime-node, one thread (intra- and inter-op), on the same NCHW data, when it can be loaded.
// Semantics coincide for padding 0, and for padding with count_include_pad=False against tfjs 'same'; rows marked ≈
// compare different (nearest available) semantics. Times are medians of interleaved runs, each ending with dataSync().
//
//   node scripts/build.mjs && node bench/pools.mjs [--backends=cpu,wasm] [--shape=8,64,56,56] [--only=REGEX]
//                                                   [--markdown=FILE]
//
// onnxruntime-node is not a dependency (≈300 MB of binaries): it is looked up from this package, then from
// $ORT_NODE_DIR (a folder where `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node` was run; its postinstall
// otherwise tries to download CUDA libraries), and its column reads n/a without it.
import {createRequire} from 'node:module';
import {writeFileSync} from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tt from 'tfjs-torch-ops';
import {onnxModel} from './onnx_model.mjs';

const args = Object.fromEntries(process.argv.slice(2).map(a => a.replace(/^--/, '').split('=')));
const backends = (args.backends ?? 'cpu,wasm').split(',');
const shape = (args.shape ?? '8,64,56,56').split(',').map(Number);
const [N, C, H, W] = shape;

function loadOrt() {
  for (const from of [import.meta.url, process.env.ORT_NODE_DIR && `${process.env.ORT_NODE_DIR}/package.json`]) {
    if (!from) continue;
    try {
      return createRequire(from)('onnxruntime-node');
    } catch {}
  }
  return null;
}
const ort = loadOrt();

const pool = (k, s, p = 0, extra = {}) => ({kind: 'pool', kernelSize: [k, k], stride: [s, s], padding: [p, p],
                                           ceilMode: false, countIncludePad: true, divisorOverride: null, ...extra});
const outSize = (L, k, s, p, ceil) => {
  let o = Math.floor((L + 2 * p - k + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= L + p) o--;
  return o;
};

/** name, ours(x, dy), tfjs(xh, dyh) on NHWC, whether tfjs is the same op, and the ONNX node (or null). */
const CONFIGS = [
  {name: 'avg_pool2d k2 s2', ours: x => tt.avgPool2d(x, 2), tfjs: xh => tf.avgPool(xh, 2, 2, 'valid'), same: true,
   onnx: ['AveragePool', {kernel_shape: [2, 2], strides: [2, 2]}], out: [outSize(H, 2, 2, 0), outSize(W, 2, 2, 0)]},
  {name: 'avg_pool2d k3 s1', ours: x => tt.avgPool2d(x, 3, {stride: 1}), tfjs: xh => tf.avgPool(xh, 3, 1, 'valid'),
   same: true, onnx: ['AveragePool', {kernel_shape: [3, 3], strides: [1, 1]}], out: [H - 2, W - 2]},
  {name: 'avg_pool2d k3 s1 p1 (count_include_pad=False; tfjs same)',
   ours: x => tt.avgPool2d(x, 3, {stride: 1, padding: 1, countIncludePad: false}),
   tfjs: xh => tf.avgPool(xh, 3, 1, 'same'), same: true,
   onnx: ['AveragePool', {kernel_shape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], count_include_pad: 0}],
   out: [H, W]},
  {name: 'avg_pool2d k7 s1', ours: x => tt.avgPool2d(x, 7, {stride: 1}), tfjs: xh => tf.avgPool(xh, 7, 1, 'valid'),
   same: true, onnx: ['AveragePool', {kernel_shape: [7, 7], strides: [1, 1]}], out: [H - 6, W - 6]},
  {name: 'avg_pool2d k3 s2 p1 ceil_mode (≈ tfjs same)',
   ours: x => tt.avgPool2d(x, 3, {stride: 2, padding: 1, ceilMode: true}),
   tfjs: xh => tf.avgPool(xh, 3, 2, 'same'), same: false,
   onnx: ['AveragePool', {kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1,
                          count_include_pad: 1}],
   out: [outSize(H, 3, 2, 1, true), outSize(W, 3, 2, 1, true)]},
  {name: `adaptive_avg_pool2d ${H}→${H / 8} (tfjs k8 s8)`, ours: x => tt.adaptiveAvgPool2d(x, [H / 8, W / 8]),
   tfjs: xh => tf.avgPool(xh, 8, 8, 'valid'), same: true,
   onnx: ['AveragePool', {kernel_shape: [8, 8], strides: [8, 8]}], out: [H / 8, W / 8]},
  {name: 'mean over H, W (tfjs mean on NCHW)', ours: x => tt.mean(x, [2, 3]), tfjs: (xh, x) => tf.mean(x, [2, 3]),
   same: true, noTranspose: true, onnx: ['ReduceMean', {axes: [2, 3], keepdims: 0}], outShape: [N, C]},
  {name: 'avg_pool2d k3 s1 p1 gradient (count_include_pad=False; tfjs same)',
   ours: (x, dy) => tf.engine().runKernel(tt.TorchAvgPoolGrad, {dy, x},
                                           {spec: pool(3, 1, 1, {countIncludePad: false})}),
   tfjs: (xh, x, dyh) => tf.engine().runKernel('AvgPoolGrad', {dy: dyh, input: xh},
                                                {filterSize: [3, 3], strides: [1, 1], pad: 'same'}),
   same: true, grad: true, onnx: null, out: [H, W]},
];

/**
 * Medians of interleaved runs (one of each contender per round, so a noisy neighbour slows all of them alike):
 * at least `rounds` rounds and `minMs` of the first contender's time. A contender returns a tensor, or a promise.
 */
async function race(contenders, rounds = 15, minMs = 400) {
  const times = contenders.map(() => []);
  const once = async (f, record) => {
    const t = performance.now();
    const y = await f();
    if (y && typeof y.dataSync === 'function') {
      y.dataSync();
      tf.dispose(y);
    }
    if (record) record.push(performance.now() - t);
  };
  for (const f of contenders) if (f) for (let i = 0; i < 2; i++) await once(f, null);
  const t0 = performance.now();
  for (let r = 0; r < rounds || (performance.now() - t0 < minMs && r < 200); r++) {
    for (let i = 0; i < contenders.length; i++) if (contenders[i]) await once(contenders[i], times[i]);
  }
  return times.map(ts => (ts.length ? ts.sort((a, b) => a - b)[ts.length >> 1] : null));
}

async function ortRunner(op, attrs, data, outShape) {
  if (ort === null || op === undefined) return null;
  const session = await ort.InferenceSession.create(onnxModel(op, shape, outShape, attrs), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all'});
  const feeds = {x: new ort.Tensor('float32', data, shape)};
  return () => session.run(feeds);
}

const fmt = v => (v === null ? 'n/a' : v.toFixed(2));
const ratio = (a, b) => (a === null || b === null ? 'n/a' : `${(a / b).toFixed(2)}×`);

await tf.setBackend('cpu');
const data = tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', 1).dataSync());
let md = `Input [${shape}] float32, NCHW. Median ms per call (ends with dataSync; contenders interleaved). ` +
    `Node ${process.version}, ${(await import('node:os')).cpus()[0]?.model ?? 'cpu'}.\n`;
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  const x = tf.tensor(data, shape);
  const xh = tf.transpose(x, [0, 2, 3, 1]);
  const label = backend === 'cpu' ? 'tfjs-cpu (transpose + avgPool + transpose)' : 'tfjs-wasm avgPool (NHWC input)';
  md += `\n### ${backend}\n\n| config | ours ms | ${label} ms | ours / tfjs | onnxruntime 1 thread ms | ours / ort |\n` +
      '|---|---:|---:|---:|---:|---:|\n';
  for (const c of CONFIGS.filter(c => !args.only || new RegExp(args.only).test(c.name))) {
    const outShape = c.outShape ?? [N, C, ...c.out];
    const dy = tf.randomNormal(outShape, 0, 1, 'float32', 2);
    const dyh = c.grad ? tf.transpose(dy, [0, 2, 3, 1]) : null;
    const emulate = backend === 'cpu' && !c.noTranspose;
    const tfjs = () => tf.tidy(() => {
      const xin = emulate ? tf.transpose(x, [0, 2, 3, 1]) : xh;
      const dyin = c.grad ? (emulate ? tf.transpose(dy, [0, 2, 3, 1]) : dyh) : null;
      const y = c.tfjs(xin, x, dyin);
      return emulate ? tf.transpose(y, [0, 3, 1, 2]) : y;
    });
    const ortRun = c.onnx ? await ortRunner(c.onnx[0], c.onnx[1], data, outShape) : null;
    const [ours, theirs, ortMs] = await race([() => c.ours(x, dy), tfjs, ortRun]);
    tf.dispose([dy, dyh]);
    md += `| ${c.same ? '' : '≈ '}${c.name} | ${fmt(ours)} | ${fmt(theirs)} | ${ratio(ours, theirs)} | ${fmt(ortMs)} | ` +
        `${ratio(ours, ortMs)} |\n`;
  }
  tf.dispose([x, xh]);
}
console.log(md);
if (args.markdown) writeFileSync(args.markdown, md);
