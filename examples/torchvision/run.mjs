// Runs one ported torchvision model on one backend and compares its logits with PyTorch's (fixtures/<model>.json,
// written by export.py for the same formula weights and deterministic input).
//
//   npm run example:torchvision -- --model resnet18 --backend cpu     (--help lists every option)
//
// Exit status: 0 when it ran, 2 when the backend cannot start or the arguments are wrong (with --json, stdout is
// then {"model", "backend", "unavailable": reason}). Judging the difference is the tests' job (MODEL_LOGITS in
// test/support/tolerances.ts); this prints it.
import * as tf from '@tensorflow/tfjs-core';
import {readFileSync} from 'node:fs';
import {parseCli} from '../../scripts/cli.mjs';
import {runInChromium} from './browser.mjs';

const MODEL_NAMES = ['resnet18', 'googlenet', 'squeezenet1_1', 'densenet121', 'inception_v3'];
const {values: args} = parseCli({
  usage: 'npm run example:torchvision -- [OPTIONS]   (node examples/torchvision/run.mjs [OPTIONS])',
  summary:
    "Runs one ported torchvision model on one backend and compares its logits with PyTorch's.\n" +
    'Exit status: 0 when it ran; 2 when the backend cannot start or the arguments are wrong.',
  options: {
    model: {type: 'string', default: 'resnet18', valueName: 'NAME', description: MODEL_NAMES.join(' | ')},
    backend: {
      type: 'string',
      default: 'cpu',
      valueName: 'NAME',
      description: 'cpu | wasm | tensorflow (tfjs-node) in Node; webgl | webgpu in headless Chromium',
    },
    'input-raw': {
      type: 'string',
      valueName: 'FILE',
      description: 'input as little-endian float32 NCHW [1, 3, S, S] (S = 224; 299 for inception_v3)',
    },
    runs: {
      type: 'string',
      default: '1',
      valueName: 'N',
      description: 'forward passes (the first builds kernels; the median of the others is reported)',
    },
    weights: {
      type: 'string',
      valueName: 'FILE',
      description:
        'a .safetensors state_dict instead of the formula weights (Node backends; PyTorch writes one\n' +
        'with safetensors.torch.save_file(model.state_dict(), FILE))',
    },
    'memory-format': {
      type: 'string',
      default: 'contiguous',
      valueName: 'NAME',
      description: "contiguous | channelsLast: model.to({memoryFormat}) (PyTorch's torch.channels_last), Node backends",
    },
    fuse: {
      type: 'boolean',
      description:
        "the port's fuseModel() after the weights load (nn.fuseModules: BatchNorm folded into its conv,\n" +
        '(conv, ReLU) modules as one nn.intrinsic.ConvReLU2d), Node backends',
    },
    json: {
      type: 'boolean',
      description: 'stdout is one JSON line {model, backend, logits, msPerForward} and nothing else',
    },
    probe: {type: 'boolean', description: 'only start the backend: exit 0, or 2 with the reason'},
  },
});
const {model, backend, json, probe} = args;
const runs = Number(args.runs);
const inputRaw = args['input-raw'];
const weightsFile = args.weights;
const memoryFormat = args['memory-format'];

const nodeBackends = {
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  tensorflow: () => import('@tensorflow/tfjs-node'), // optional: scripts/tfjs-node/install.sh
};
const inBrowser = backend === 'webgl' || backend === 'webgpu';

// tfjs-node prints a banner on stdout: with --json, stdout carries our one line only.
const print = console.log;
if (json) console.log = (...a) => console.error(...a);

function fail(reason) {
  if (json) print(JSON.stringify({model, backend, unavailable: reason}));
  else console.error(reason);
  process.exit(2);
}

// tfjs's production mode: in tfjs 4.x it only silences tfjs's console advice (the cpu backend's "looks like you are
// running TensorFlow.js in Node.js" banner, which --backend tensorflow answers).
tf.enableProdMode();
// The ports import the package (dist/): loaded after the arguments are read, so --help works before a build.
const {MODELS} = await import('./models/index.mjs');
const {maxAbsDiff, runModel, topK} = await import('./forward.mjs');
// Progress on stderr (a large model on cpu is seconds per pass); --json keeps stdout for its one line.
const progress = message => process.stderr.write(`${message}…\n`);

if (!(model in MODELS)) fail(`unknown model '${model}' (one of ${Object.keys(MODELS).join(', ')})`);
if (!(backend in nodeBackends) && !inBrowser) {
  fail(`unknown backend '${backend}' (${[...Object.keys(nodeBackends), 'webgl', 'webgpu'].join(', ')})`);
}
if (!Number.isInteger(runs) || runs < 1) fail('--runs takes a positive integer');
if (!['contiguous', 'channelsLast'].includes(memoryFormat)) fail('--memory-format takes contiguous or channelsLast');
if (memoryFormat !== 'contiguous' && inBrowser) fail('--memory-format is read by the Node backends');
if (weightsFile !== undefined && inBrowser) fail('--weights is read by the Node backends (cpu, wasm, tensorflow)');
const fuse = args.fuse === true;
if (fuse && inBrowser) fail('--fuse is read by the Node backends');
let weights;
if (weightsFile !== undefined) {
  try {
    weights = new Uint8Array(readFileSync(weightsFile));
  } catch (e) {
    fail(`${weightsFile}: ${e.message}`);
  }
}

const size = MODELS[model].inputSize;
let input;
if (inputRaw !== undefined) {
  const bytes = readFileSync(inputRaw);
  if (bytes.length !== 4 * 3 * size * size) {
    fail(
      `${inputRaw}: ${bytes.length} bytes; ${model} takes float32 [1, 3, ${size}, ${size}] = ${4 * 3 * size * size}`,
    );
  }
  input = new Float32Array(3 * size * size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < input.length; i++) input[i] = view.getFloat32(4 * i, true);
}

let result;
if (inBrowser) {
  // The same ports and weights in a page of headless Chromium (browser.mjs over test/browser/harness.ts).
  progress(`${probe ? 'starting' : `${model} on`} ${backend} in headless Chromium (SwiftShader: tens of seconds)`);
  const r = runInChromium({backends: [backend], models: probe ? [] : [model], runs, inputRaw})[backend];
  if (r.unavailable) fail(`backend ${backend} unavailable: ${r.unavailable}`);
  if (!probe) result = {...r.results[0], logits: Float32Array.from(r.results[0].logits)};
} else {
  try {
    await nodeBackends[backend]();
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
    await tf.ready();
  } catch (e) {
    fail(`backend ${backend} unavailable: ${e && e.message ? e.message : e}`);
  }
  if (!probe) {
    try {
      result = await runModel(model, {input, runs, weights, progress, memoryFormat, fuse});
    } catch (e) {
      fail(`${weightsFile ?? model}: ${e.message}`); // a bad weights file: SafetensorError or load_state_dict's error
    }
  }
}
console.log = print;
if (probe) {
  if (json) console.log(JSON.stringify({model, backend}));
  process.exit(0);
}
if (json) {
  // msPerForward: the median forward after the first (the first alone with --runs 1)
  console.log(
    JSON.stringify({model, backend, memoryFormat, logits: Array.from(result.logits), msPerForward: result.medianMs}),
  );
  process.exit(0);
}

const ours = topK(result.logits);
const where = inBrowser ? `'${backend}' in headless Chromium` : `'${tf.getBackend()}'`;
console.log(
  `${model}: torchvision.models.${MODELS[model].constructor}, ${weightsFile ?? 'formula weights'}, ` +
    `tfjs ${tf.version_core} ` +
    `on ${where}`,
);
console.log(`input: ${inputRaw ?? 'the deterministic formula input'} [1, 3, ${size}, ${size}]\n`);
console.log('rank  class       logit');
ours.forEach((c, i) => {
  console.log(`${String(i + 1).padStart(4)}  ${String(c).padStart(5)}  ${result.logits[c].toFixed(6).padStart(10)}`);
});
if (inputRaw === undefined && weightsFile === undefined) {
  const fixture = JSON.parse(readFileSync(new URL(`fixtures/${model}.json`, import.meta.url), 'utf8'));
  const delta = maxAbsDiff(result.logits, fixture.logits);
  const scale = Math.max(1, fixture.max_abs_logit);
  const same = JSON.stringify(ours) === JSON.stringify(fixture.top5);
  console.log(
    `\nPyTorch ${fixture.versions.torch} (torchvision ${fixture.versions.torchvision}) top-5: ` +
      `${fixture.top5.join(', ')} (${same ? 'same order' : 'DIFFERENT'})`,
  );
  console.log(
    `max |delta| vs PyTorch's logits: ${delta.toExponential(2)} = ${(delta / scale).toExponential(2)} x ` +
      `max(1, max |logit| = ${fixture.max_abs_logit.toFixed(4)})`,
  );
} else {
  console.log("\n(PyTorch's logits are recorded for the formula weights and input only: no comparison here)");
}
console.log(
  `\ntime: build + weights ${result.buildMs.toFixed(0)} ms, first forward ${result.firstMs.toFixed(0)} ms` +
    (runs > 1 ? `, median of the next ${runs - 1}: ${result.medianMs.toFixed(0)} ms` : ''),
);
