// Benchmark of this package's max pools against what a user would otherwise run, on the same backend, in the same
// process, on the same data (the timing loop and value checks are bench/common.mjs's):
//   - native: tfjs's own tf.maxPool on an NHWC input transposed and -inf padded beforehand ('valid': the raw cost of
//     the built-in, which an NCHW model cannot get without transposes; -inf padding plus 'valid' windows give exactly
//     PyTorch's windows, ceil mode included, so the values are compared too); for the gradient, tfjs's MaxPoolGrad;
//   - ort: onnxruntime-node MaxPool on one thread (intra- and inter-op), the same NCHW data;
//   - ortweb (wasm only): onnxruntime-web's WebAssembly provider in this process, one thread, SIMD (bench/ort.mjs).
// Backends: cpu, wasm and tensorflow (tfjs-node), each in its own process (tfjs-node brings its own registrations).
//
//   node scripts/build.mjs && node bench/max_pools.mjs [--backends=cpu,wasm,tensorflow] [--quick] [--only=REGEX]
//                                                      [--shape=8,64,56,56] [--json=FILE]
//   npm run bench:max
//
// onnxruntime-node is looked up as bench/ort.mjs does ($ORT_NODE_DIR, default .cache/ort, where `npm run bench`
// installs it), onnxruntime-web from $ORT_WEB_DIR or .cache/ort-web; without them their columns read —.
// tfjs-node: `bash scripts/tfjs-node/install.sh`; without it the tensorflow backend is reported skipped with the
// reason.
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseCli} from '../scripts/cli.mjs';
import {detailTable, fmt, layoutTable} from './common.mjs';
import {maxConfigs} from './max_configs.mjs';
import {spreadTable, timeSteady} from './steady_race.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const {values: args} = parseCli({
  usage: 'npm run bench:max [-- OPTIONS]   (node bench/max_pools.mjs [OPTIONS])',
  summary:
    "Times the max pools (and their gradient) on cpu, wasm and tensorflow against tfjs's own tf.maxPool on\n" +
    'an NHWC input and onnxruntime-node; each backend in a child process. Progress on stderr, tables on\n' +
    'stdout.',
  options: {
    backends: {type: 'string', default: 'cpu,wasm,tensorflow', valueName: 'LIST', description: 'backends to time'},
    quick: {type: 'boolean', description: 'fewer rounds (a quick look; wider spread)'},
    only: {type: 'string', valueName: 'REGEX', description: 'only the configurations whose name matches'},
    shape: {type: 'string', default: '8,64,56,56', valueName: 'N,C,H,W', description: 'the input shape'},
    json: {type: 'string', valueName: 'FILE', description: 'also write the results as JSON to FILE'},
    build: {type: 'boolean', description: 'build dist/ first (node scripts/build.mjs), as npm run bench:max does'},
    child: {type: 'string', hidden: true},
  },
});
if (args.build && spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], {stdio: 'inherit'}).status) {
  process.exit(1);
}
const backends = args.backends.split(',');
const shape2d = args.shape.split(',').map(Number);
const options = args.quick ? {rounds: 5, minMs: 0, warmupMs: 300} : {rounds: 15, minMs: 400, warmupMs: 1500};
process.env.ORT_NODE_DIR ??= path.join(ROOT, '.cache', 'ort');

async function runOne(backend) {
  const req = createRequire(import.meta.url);
  let tf;
  if (backend === 'tensorflow') {
    try {
      tf = req('@tensorflow/tfjs-node');
    } catch (e) {
      return {
        backend,
        skipped: `@tensorflow/tfjs-node does not load (bash scripts/tfjs-node/install.sh): ${
          String(e.message).split('\n')[0]
        }`,
      };
    }
  } else {
    tf = await import('@tensorflow/tfjs-core');
    await import(backend === 'cpu' ? '@tensorflow/tfjs-backend-cpu' : '@tensorflow/tfjs-backend-wasm');
  }
  const tt = await import('tfjs-torch-ops');
  // tfjs's production mode: only its console advice is silenced (the cpu backend's Node.js banner); timing unchanged.
  tf.enableProdMode();
  const {ORT_WEB_SESSION, loadOrt, loadOrtWeb, ortContender} = await import('./ort.mjs');
  await tf.setBackend(backend);
  await tf.ready();
  const ort = loadOrt();
  const ortWeb = backend === 'wasm' ? loadOrtWeb() : null;
  const rows = [];
  const {configs, dispose} = maxConfigs(tf, tt, shape2d);
  for (const c of configs) {
    if (args.only && !new RegExp(args.only).test(c.name)) continue;
    const ortRun = await ortContender(ort, c);
    const ortWebRun = await ortContender(ortWeb, c, ORT_WEB_SESSION);
    rows.push(
      await timeSteady(tf, c, options, {...(ortRun ? {ort: ortRun} : {}), ...(ortWebRun ? {ortweb: ortWebRun} : {})}),
    );
    dispose();
    process.stderr.write(
      `${backend}: ${c.name}: ${JSON.stringify(rows.at(-1).ms)}` +
        `${rows.at(-1).errors ? ` errors ${JSON.stringify(rows.at(-1).errors)}` : ''}\n`,
    );
  }
  return {
    backend,
    shape: shape2d,
    rows,
    ort: ort ? 'onnxruntime-node, 1 thread' : null,
    ortweb: ortWeb ? 'onnxruntime-web, WebAssembly provider, 1 thread, SIMD' : null,
    native: `tfjs-${backend} maxPool, NHWC input transposed and -inf padded beforehand, 'valid'`,
  };
}

if (args.child) {
  writeFileSync(args.child, JSON.stringify(await runOne(backends[0])));
} else {
  const results = {};
  for (const backend of backends) {
    const out = path.join(os.tmpdir(), `max-pools-${process.pid}-${backend}.json`);
    const run = spawnSync(
      process.execPath,
      [
        fileURLToPath(import.meta.url),
        `--backends=${backend}`,
        `--child=${out}`,
        `--shape=${args.shape}`,
        ...(args.quick ? ['--quick'] : []),
        ...(args.only ? [`--only=${args.only}`] : []),
      ],
      {stdio: ['ignore', 2, 2]},
    );
    results[backend] = existsSync(out)
      ? JSON.parse(readFileSync(out, 'utf8'))
      : {backend, skipped: `runner exited with status ${run.status}`};
  }
  console.log(
    `## Max pools, input [${shape2d}] float32 NCHW, median ms (${os.cpus()[0]?.model ?? 'CPU'}, ` +
      `Node ${process.versions.node})\n`,
  );
  for (const r of Object.values(results)) {
    if (r.skipped) {
      console.log(`### ${r.backend}: skipped: ${r.skipped}\n`);
      continue;
    }
    console.log(`### ${r.backend} (native: ${r.native})\n`);
    console.log(detailTable(r));
    console.log(spreadTable(r, fmt));
    const layouts = layoutTable(r);
    if (layouts) console.log(`#### Both layouts (ours NHWC: bench/channels_last.mjs)\n\n${layouts}`);
  }
  if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 1));
}
