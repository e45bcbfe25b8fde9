// Benchmark of this package on the cpu and wasm backends against what a user would otherwise run, in one process, on
// the same data (configurations and contenders: bench/common.mjs):
//   - emulated: tfjs's own kernels wrapped in the transposes (and zero padding) an NCHW model needs — on cpu the
//     issue's reference; tfjs-cpu's avgPool is a scalar loop, so its NHWC cost alone is not timed (it is as slow);
//   - native (wasm only): tfjs-wasm's XNNPACK avgPool on an input transposed to NHWC beforehand, no transposes;
//   - ort: onnxruntime-node, one thread (intra- and inter-op), the same NCHW data, when it can be loaded;
//   - ortweb (wasm only): onnxruntime-web's WebAssembly provider in this process, one thread, SIMD, the same NCHW
//     data, when $ORT_WEB_DIR or .cache/ort-web has it (scripts/bench.mjs installs it there);
//   - xnnpack (wasm, mean only): XNNPACK's average pooling through tfjs-wasm's avgPool, one H×W window on NHWC
//     input (tfjs-wasm's tf.mean, the native column, is its own C++ loop, not XNNPACK).
// Times are medians of interleaved rounds, each call ending with reading its result.
//
//   node scripts/build.mjs && node bench/pools.mjs [--backends=cpu,wasm] [--quick] [--only=REGEX]
//                                                   [--shape=8,64,56,56] [--scale=4] [--contenders=ort,native]
//                                                   [--json=FILE]      (contenders: native, emulated, ort,
//                                                                      ortweb, xnnpack, oursLast)
//
// onnxruntime-node is not a dependency (≈300 MB of binaries): it is looked up from this package, then from
// $ORT_NODE_DIR (a folder where `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node` was run; its postinstall
// otherwise tries to download CUDA libraries; scripts/bench.mjs does this in .cache/ort), and its column reads —
// without it.
import {writeFileSync} from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import {RUNNER_CLI_OPTIONS, configs, detailTable, layoutTable, runnerOptions, timeConfig} from './common.mjs';
import {parseCli} from '../scripts/cli.mjs';
import {ORT_WEB_SESSION, loadOrt, loadOrtWeb, ortContender} from './ort.mjs';

const {values: args} = parseCli({
  usage: 'node bench/pools.mjs [OPTIONS]   (after node scripts/build.mjs; npm run bench runs it)',
  summary:
    "Times the average pools and mean on cpu and wasm against the NCHW emulation, tfjs-wasm's NHWC kernel\n" +
    'and onnxruntime-node (when ORT_NODE_DIR or .cache/ort has it); on wasm also onnxruntime-web (ORT_WEB_DIR\n' +
    "or .cache/ort-web) and, for mean, XNNPACK's average pooling. Progress on stderr, tables on stdout.",
  options: {
    backends: {type: 'string', default: 'cpu,wasm', valueName: 'LIST', description: 'cpu, wasm or both'},
    ...RUNNER_CLI_OPTIONS,
  },
});
const backends = (args.backends ?? 'cpu,wasm').split(',');
const {shape2d, shape3d, scale, timing, keep, only} = runnerOptions(args);
const tt = await import('tfjs-torch-ops');
// tfjs's production mode: only its console advice is silenced (the cpu backend's Node.js banner); timing unchanged.
tf.enableProdMode();

const ort = loadOrt();
if (!ort) console.error('onnxruntime-node not found (set ORT_NODE_DIR): its column reads —');
const ortWeb = backends.includes('wasm') ? loadOrtWeb() : null;
if (backends.includes('wasm') && !ortWeb) {
  console.error('onnxruntime-web not found (set ORT_WEB_DIR): its column reads —');
}

/** Row a (a race without `name`) with `name`'s figures from row b (a race of ours against it). */
function mergeRaces(a, b, name) {
  return {
    ...a,
    exact: b.exact,
    maxAbsDiff: {...a.maxAbsDiff, ...b.maxAbsDiff},
    ms: {...a.ms, [name]: b.ms[name]},
    oursFor: {[name]: b.ms.ours},
    spread: {...a.spread, [name]: b.spread[name]},
    warmup: {...a.warmup, [name]: b.warmup[name]},
    ...(a.errors || b.errors ? {errors: {...a.errors, ...b.errors}} : {}),
  };
}

const result = {};
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  const rows = [];
  for (const c of configs(tf, tt, shape2d, shape3d)) {
    if (args.only && !new RegExp(args.only).test(c.name)) continue;
    const ortRun = keep('ort') ? await ortContender(ort, c) : null;
    if (backend === 'cpu') {
      // tfjs-cpu's emulation takes 100–400× our time; between its calls onnxruntime ran up to 5× slower than alone
      // (k2 s2: 8.8 ms against 1.3–1.8), which flattered us. So on cpu the emulation races ours in rounds of its
      // own, and onnxruntime races ours (and the floor) without it.
      const cc = only({...c, native: null, nativeLast: null});
      const withOrt = await timeConfig(tf, {...cc, emulated: null}, timing, ortRun ? {ort: ortRun} : {});
      const withEmulation = cc.emulated ? await timeConfig(tf, {...cc, oursLast: null}, timing) : null;
      rows.push(withEmulation ? mergeRaces(withOrt, withEmulation, 'emulated') : withOrt);
    } else {
      const ortWebRun = keep('ortweb') ? await ortContender(ortWeb, c, ORT_WEB_SESSION) : null;
      const extra = {
        ...(ortRun ? {ort: ortRun} : {}),
        ...(ortWebRun ? {ortweb: ortWebRun} : {}),
        ...(c.xnnpack && keep('xnnpack') ? {xnnpack: c.xnnpack} : {}),
      };
      rows.push(await timeConfig(tf, only(c), timing, extra));
    }
    process.stderr.write(`${backend}: ${c.name}: ${JSON.stringify(rows.at(-1).ms)}\n`);
  }
  result[backend] = {
    backend,
    shape: shape2d,
    shape3d,
    scale,
    timing,
    rows,
    native: backend === 'wasm' ? "tfjs-wasm's XNNPACK kernel on NHWC input" : null,
    emulated: `transpose → (pad) → tfjs-${backend} kernel → transpose`,
    ort: ort ? 'onnxruntime-node, 1 thread' : null,
    ortweb:
      backend === 'wasm' && ortWeb
        ? `onnxruntime-web ${ortWeb.env.versions?.web ?? ''}, ` + 'WebAssembly provider, 1 thread, SIMD'
        : null,
  };
  console.log(`### ${backend}, input [${shape2d}] float32, median ms\n`);
  console.log(detailTable(result[backend]));
  const layouts = layoutTable(result[backend]);
  if (layouts) console.log(`#### Both layouts (ours NHWC: bench/channels_last.mjs)\n\n${layouts}`);
}
if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 1));
