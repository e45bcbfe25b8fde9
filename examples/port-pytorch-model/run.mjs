// Runs the tfjs port of TinyPortNet (model.mjs) on one backend and compares its logits with PyTorch's.
//
//   npm run example:port [-- --backend wasm] [-- --json] [-- --runs N]     (--help lists the options)
//
// Exit status: 0 when max |ours - PyTorch| <= 1e-4, 1 when it is larger, 2 when the backend cannot start.
import * as tf from '@tensorflow/tfjs-core';
import {readFileSync} from 'node:fs';
import {parseCli, usageError} from '../../scripts/cli.mjs';

const cli = {
  usage: 'npm run example:port -- [OPTIONS]   (node examples/port-pytorch-model/run.mjs [OPTIONS])',
  summary:
    "Runs the tfjs port of TinyPortNet on one backend and compares its logits with PyTorch's.\n" +
    'Exit status: 0 when max |ours - PyTorch| <= 1e-4, 1 when larger, 2 when the backend cannot start or the\n' +
    'arguments are wrong.',
  options: {
    backend: {type: 'string', default: 'cpu', valueName: 'NAME', description: 'cpu | wasm | tensorflow (tfjs-node)'},
    runs: {type: 'string', default: '10', valueName: 'N', description: 'timed forward passes after the first'},
    json: {type: 'boolean', description: 'stdout is one JSON line and nothing else (for tests)'},
  },
};
const {values: args} = parseCli(cli);
const {backend, json} = args;
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) usageError(cli, `--runs takes a positive integer, got '${args.runs}'`);

// tfjs-node is optional (scripts/tfjs-node/install.sh); the others are devDependencies.
const loaders = {
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  tensorflow: () => import('@tensorflow/tfjs-node'),
};

async function start() {
  if (!(backend in loaders)) return `unknown backend '${backend}' (Node runs ${Object.keys(loaders).join(', ')})`;
  try {
    await loaders[backend]();
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    return null;
  } catch (e) {
    return String(e && e.message ? e.message : e);
  }
}

// tfjs's production mode: in tfjs 4.x it only silences tfjs's console advice (the cpu backend's "install tfjs-node"
// banner, which --backend tensorflow answers).
tf.enableProdMode();
// The port imports the package (dist/): loaded after the arguments are read, so --help works before a build.
const {TOLERANCE, runPort} = await import('./model.mjs');
const unavailable = await start();
if (unavailable !== null) {
  if (json) console.log(JSON.stringify({backend, unavailable}));
  else console.error(`backend ${backend} unavailable: ${unavailable}`);
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(new URL('model.json', import.meta.url), 'utf8'));
const bin = readFileSync(new URL(manifest.bin, import.meta.url));
const result = await runPort(manifest, bin, {runs});
const ok = result.maxAbsDiff <= TOLERANCE;

if (json) {
  console.log(
    JSON.stringify({...result, tolerance: TOLERANCE, ok, torch: manifest.versions.torch, tfjs: tf.version_core}),
  );
} else {
  const [batch, classes] = result.shape;
  console.log(
    `TinyPortNet: tfjs ${tf.version_core} on '${result.backend}' vs PyTorch ${manifest.versions.torch} ` +
      `(torchvision ${manifest.versions.torchvision})\n`,
  );
  const f = v => v.toFixed(6).padStart(11);
  console.log(' sample class        tfjs     PyTorch     |delta|');
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < classes; c++) {
      const i = n * classes + c;
      const d = Math.abs(result.logits[i] - result.pytorch[i]);
      console.log(
        `${String(n).padStart(7)}${String(c).padStart(6)} ${f(result.logits[i])} ${f(result.pytorch[i])}` +
          `  ${d.toExponential(1).padStart(9)}`,
      );
    }
  }
  console.log(
    `\nmax |delta| = ${result.maxAbsDiff.toExponential(2)} (tolerance ${TOLERANCE}): ${ok ? 'OK' : 'MISMATCH'}`,
  );
  console.log('\nFor scale, what PyTorch gives when one pool follows other rules (export_model.py):');
  for (const [what, delta] of Object.entries(manifest.sensitivity)) {
    console.log(`  max |delta| ${delta.toExponential(1)}  ${what}`);
  }
  console.log(
    `\ntime: first run ${result.firstMs.toFixed(1)} ms (builds the model), median of ${runs} runs ` +
      `${result.medianMs.toFixed(1)} ms`,
  );
}
process.exit(ok ? 0 : 1);
