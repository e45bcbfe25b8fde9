// The contrast for examples/torchvision/README.md: the same five ports with tfjs's built-in pooling written the way
// a port without this package would write it (pooling.mjs 'tfjs-builtin': NHWC, tf.maxPool / tf.avgPool with 'same' where PyTorch pads
// or rounds up, 'valid' elsewhere, tf.mean for the global average), against PyTorch's logits.
//
//   node examples/torchvision/contrast.mjs [--backend wasm] [--models a,b]      # prints a markdown table
//   ... --json     stdout is one line {model: {ours, builtin, bound}} (max |Δ| against PyTorch's logits)
import * as tf from '@tensorflow/tfjs-core';
import {readFileSync} from 'node:fs';
import {parseCli} from '../../scripts/cli.mjs';
import {inputValues} from './weights.mjs';

const {values: args} = parseCli({
  usage: 'node examples/torchvision/contrast.mjs [OPTIONS]',
  summary:
    "The five ports with tfjs's built-in pooling (NHWC, 'same'/'valid') against PyTorch's logits, and\n" +
    "with this package's: prints a markdown table (for README).",
  options: {
    backend: {type: 'string', default: 'wasm', valueName: 'NAME', description: 'cpu | wasm | tensorflow'},
    models: {type: 'string', valueName: 'LIST', description: 'models to run (default: all five)'},
    json: {
      type: 'boolean',
      description: 'stdout is one line {model: {ours, builtin, bound}} (max |Δ| against PyTorch)',
    },
  },
});
const backend = args.backend;
// The ports import the package (dist/): loaded after the arguments are read, so --help works before a build.
const {buildModel, maxAbsDiff, topK} = await import('./forward.mjs');
const {MODELS} = await import('./models/index.mjs');
const {withPooling} = await import('./pooling.mjs');
const models = args.models?.split(',') ?? Object.keys(MODELS);
const json = args.json;
// test/support/tolerances.ts MODEL_LOGITS_FACTOR: the Node backends' bound is 8 × PyTorch's own float32 error
const FACTOR = 8;
tf.enableProdMode(); // no "running TensorFlow.js in Node.js" banner from the cpu backend (tfjs 4.x: advice only)
await import(backend === 'tensorflow' ? '@tensorflow/tfjs-node' : `@tensorflow/tfjs-backend-${backend}`);
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);

// The pools each model calls, as written in the port (for the table).
const POOLS = {
  resnet18: 'MaxPool2d(3, 2, 1) → maxPool same; AdaptiveAvgPool2d(1) → mean',
  googlenet:
    'MaxPool2d(3, 2, ceil_mode) ×3, MaxPool2d(2, 2, ceil_mode), MaxPool2d(3, 1, 1, ceil_mode) ×9 → maxPool same; ' +
    'AdaptiveAvgPool2d(1) → mean',
  squeezenet1_1: 'MaxPool2d(3, 2, ceil_mode) ×3 → maxPool same; AdaptiveAvgPool2d(1) → mean',
  densenet121: 'MaxPool2d(3, 2, 1) → maxPool same; AvgPool2d(2, 2) ×3 → avgPool valid; adaptive_avg_pool2d(1) → mean',
  inception_v3:
    'max_pool2d(3, 2) ×4 → maxPool valid; avg_pool2d(3, 1, 1) ×9 → avgPool same; AdaptiveAvgPool2d(1) → mean',
};

const fmt = v => (v === 0 ? '0' : v.toExponential(1));
const rows = [];
const results = {};
for (const name of models) {
  const fixture = JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8'));
  const model = buildModel(name);
  const size = MODELS[name].inputSize;
  const x = tf.tensor(inputValues(size), [1, 3, size, size]);
  const logits = {};
  for (const pooling of ['torch', 'tfjs-builtin']) {
    logits[pooling] = withPooling(pooling, () => tf.tidy(() => model.forward(x)).dataSync());
  }
  x.dispose();
  model.dispose();
  const bound = FACTOR * fixture.float32_error;
  const ours = maxAbsDiff(logits.torch, fixture.logits);
  const builtin = maxAbsDiff(logits['tfjs-builtin'], fixture.logits);
  results[name] = {ours, builtin, bound};
  const top5 = topK(logits['tfjs-builtin']);
  const sameTop5 = JSON.stringify(top5) === JSON.stringify(fixture.top5);
  const times = builtin / bound;
  rows.push(
    `| ${name} | ${POOLS[name]} | ${fmt(ours)} | ${fmt(builtin)} ` +
      `(${times <= 1 ? 'within' : `${Math.round(times)}×`} the tolerance) | ` +
      `${sameTop5 ? 'same' : `${top5.join(', ')} (PyTorch: ${fixture.top5.join(', ')})`} |`,
  );
  console.error(`${name} done`);
}
if (json) {
  console.log(JSON.stringify(results));
  process.exit(0);
}
console.log(
  `max |Δ| against PyTorch's logits (Node tolerance ${FACTOR} × PyTorch's own float32 error), ` +
    `tfjs ${tf.version_core} on ${backend}:\n`,
);
console.log(
  '| model | pools as a tfjs port writes them | tfjs-torch-ops | tfjs built-in pools | top-5 with built-in pools |',
);
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
