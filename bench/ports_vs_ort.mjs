// `npm run bench` part: one forward pass of a torchvision port (examples/torchvision) end to end, in both memory
// formats of the kit (contiguous NCHW, and model.to({memoryFormat: 'channelsLast'})) and in the recommended form
// (channels-last plus the port's fuseModel(): nn.fuseModules folds each BatchNorm into its convolution and runs
// (conv, ReLU) module pairs as one fused kernel), against onnxruntime running
// PyTorch's own export of the same model with the same weights: onnxruntime-web's WebAssembly provider for the wasm
// backend, onnxruntime-node for cpu and tensorflow; one thread each (tfjs-node: TF_NUM_INTRAOP_THREADS=1,
// TF_NUM_INTEROP_THREADS=1; tfjs-wasm: its single-threaded build in Node). Same methodology as the op benchmarks
// (bench/common.mjs raceRounds: every contender warmed to steady state, then interleaved rounds; median, and the
// min–max over rounds of the ratio). Also the Transpose kernels of one forward pass in each format (tf.profile):
// count and share of the kernel time. One child process per backend.
//
//   node bench/ports_vs_ort.mjs [--backends=wasm,tensorflow,cpu] [--models=resnet18,squeezenet1_1] [--quick]
//                               [--md=FILE] [--json=FILE]
//
// The ONNX files come from bench/ports_onnx.py (torch.onnx.export; needs `pip install onnx` beside torch), written
// to .cache/bench/onnx/<model>.onnx; a model without one is reported and skipped. onnxruntime-node and
// onnxruntime-web are found as bench/ort.mjs finds them ($ORT_NODE_DIR, $ORT_WEB_DIR; scripts/bench.mjs installs
// them into .cache/ort and .cache/ort-web).
//
// Targets (issue 26): wasm ≤ 0.8× onnxruntime-web, tensorflow ≤ 1.5× onnxruntime-node, in the recommended form
// (channelsLast + fused), and no Transpose kernel beyond the model's boundary. tfjs-node's convolutions depend on
// TensorFlow's oneDNN switch, which this passes on as given: `TF_ENABLE_ONEDNN_OPTS=0 node bench/ports_vs_ort.mjs`
// measures TensorFlow's own (Eigen) convolutions, faster on one thread here (docs/performance.md).
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseCli} from '../scripts/cli.mjs';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..');
const ONNX_DIR = path.join(ROOT, '.cache', 'bench', 'onnx');
const {values: args} = parseCli({
  usage: 'node bench/ports_vs_ort.mjs [OPTIONS]   (after node scripts/build.mjs and bench/ports_onnx.py)',
  summary:
    "The torchvision ports' forward pass, contiguous and channels-last, against onnxruntime on one thread, and\n" +
    'the Transpose kernels of each (tf.profile). Prints a markdown table (stdout, or FILE with --md).',
  options: {
    backends: {type: 'string', default: 'wasm,tensorflow,cpu', valueName: 'LIST', description: 'backends to run'},
    models: {type: 'string', default: 'resnet18,squeezenet1_1', valueName: 'LIST', description: 'models to run'},
    quick: {type: 'boolean', description: 'fewer rounds (wider spread)'},
    md: {type: 'string', valueName: 'FILE', description: 'write the table to FILE instead of stdout'},
    json: {type: 'string', valueName: 'FILE', description: 'also write the raw results as JSON'},
    child: {type: 'string', hidden: true},
    out: {type: 'string', hidden: true},
  },
});
const models = args.models.split(',');
const TARGET = {wasm: 0.8, tensorflow: 1.5};

/** tf.profile of one forward pass: the Transpose kernels' count and share of the kernel time. */
async function transposeProfile(tf, model, x) {
  const info = await tf.profile(async () => {
    const y = tf.tidy(() => model.forward(x));
    await y.data();
    return y;
  });
  for (const t of [info.result].flat()) t.dispose();
  let total = 0;
  let transposeMs = 0;
  let transposes = 0;
  // tfjs's op wrappers (`fusedConv2d__op`), which tf.profile lists around their kernel, are not counted: their
  // time is their kernel's
  const kernels = info.kernels.filter(k => !k.name.endsWith('__op'));
  for (const k of kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    total += ms;
    if (k.name === 'Transpose') {
      transposes++;
      transposeMs += ms;
    }
  }
  return {kernels: kernels.length, transposes, transposeShare: total ? transposeMs / total : null};
}

async function child(backend) {
  const tf = await import('@tensorflow/tfjs-core');
  const out = {backend, results: []};
  try {
    if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setThreadsCount?.(1);
    } else {
      await import(backend === 'tensorflow' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-backend-cpu');
    }
    tf.enableProdMode();
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
    await tf.ready();
  } catch (e) {
    out.unavailable = String(e?.message ?? e).split('\n')[0];
    return out;
  }
  const {raceRounds, roundSpread, TIMING} = await import('./common.mjs');
  const {loadOrt, loadOrtWeb, ORT_WEB_SESSION} = await import('./ort.mjs');
  const {buildModel, maxAbsDiff} = await import('../examples/torchvision/forward.mjs');
  const {inputValues} = await import('../examples/torchvision/weights.mjs');
  const {MODELS} = await import('../examples/torchvision/models/index.mjs');
  const ort = backend === 'wasm' ? loadOrtWeb(ROOT) : loadOrt();
  const ortName = backend === 'wasm' ? 'onnxruntime-web wasm' : 'onnxruntime-node';
  out.ort = ort ? ortName : null;
  const timing = args.quick ? TIMING.quick : {...TIMING.full, minMs: 0};
  for (const name of models) {
    const size = MODELS[name].inputSize;
    const data = inputValues(size);
    const x = tf.tensor(data, [1, 3, size, size]);
    const contiguous = buildModel(name);
    const channelsLast = buildModel(name, {memoryFormat: 'channelsLast'});
    // the recommended form: channels-last with the port's fuseModel() (BatchNorm folded, (conv, ReLU) fused)
    const fused = buildModel(name, {memoryFormat: 'channelsLast', fuse: true});
    const ours = m => () => tf.tidy(() => m.forward(x));
    let ortRun = null;
    let ortLogits = null;
    const onnxFile = path.join(ONNX_DIR, `${name}.onnx`);
    if (ort && existsSync(onnxFile)) {
      const session = await ort.InferenceSession.create(
        new Uint8Array(readFileSync(onnxFile)),
        backend === 'wasm'
          ? ORT_WEB_SESSION
          : {intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all'},
      );
      const feeds = {x: new ort.Tensor('float32', data, [1, 3, size, size])};
      ortRun = () => {
        const run = session.run(feeds);
        return {data: async () => (await run).y.data, dispose() {}};
      };
      ortLogits = Float32Array.from(await ortRun().data());
    }
    const logits = {};
    for (const [fmt, m] of [
      ['contiguous', contiguous],
      ['channelsLast', channelsLast],
      ['fused', fused],
    ]) {
      const y = ours(m)();
      logits[fmt] = Float32Array.from(await y.data());
      y.dispose();
    }
    process.stderr.write(`${backend} ${name}: racing\n`);
    const race = await raceRounds([ours(contiguous), ours(channelsLast), ours(fused), ortRun], timing);
    const [msContiguous, msChannelsLast, msFused, msOrt] = race.medians;
    const [rc, rl, rf, ro] = race.roundMedians;
    out.results.push({
      model: name,
      ms: {contiguous: msContiguous, channelsLast: msChannelsLast, fused: msFused, ort: msOrt},
      spread: {
        contiguousVsOrt: roundSpread(rc, ro),
        channelsLastVsOrt: roundSpread(rl, ro),
        fusedVsOrt: roundSpread(rf, ro),
        channelsLastVsContiguous: roundSpread(rl, rc),
        fusedVsChannelsLast: roundSpread(rf, rl),
      },
      rounds: rc.length,
      settled: race.settled,
      maxDiff: {
        channelsLastVsContiguous: maxAbsDiff(logits.channelsLast, logits.contiguous),
        fusedVsContiguous: maxAbsDiff(logits.fused, logits.contiguous),
        contiguousVsOrt: ortLogits ? maxAbsDiff(logits.contiguous, ortLogits) : null,
      },
      profile: {
        contiguous: await transposeProfile(tf, contiguous, x),
        channelsLast: await transposeProfile(tf, channelsLast, x),
        fused: await transposeProfile(tf, fused, x),
      },
      onnx: existsSync(onnxFile) ? null : `no ${path.relative(ROOT, onnxFile)} (bench/ports_onnx.py)`,
    });
    contiguous.dispose();
    channelsLast.dispose();
    fused.dispose();
    x.dispose();
  }
  return out;
}

if (args.child) {
  const out = await child(args.child);
  writeFileSync(args.out, JSON.stringify(out));
  process.exit(0);
}

const num = v => (v == null ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const rat = (a, b) => (a == null || b == null ? '—' : `${(a / b).toFixed(2)}×`);
const spr = s => (s ? ` (${s[0].toFixed(2)}–${s[1].toFixed(2)})` : '');
const pct = v => (v == null ? '—' : `${(100 * v).toFixed(0)}%`);
const all = [];
const lines = [
  '| backend | model | contiguous ms | channelsLast ms | channelsLast + fused ms | ort ms | contiguous / ort ' +
    '| channelsLast / ort (min–max) | channelsLast + fused / ort (min–max) | target | kernels channelsLast → fused ' +
    '| Transposes contiguous → channelsLast (share of kernel time) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];
for (const backend of args.backends.split(',')) {
  const file = path.join(ROOT, '.cache', 'bench', `${process.pid}-ports-${backend}.json`);
  const env = {...process.env};
  if (backend === 'tensorflow') Object.assign(env, {TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1'});
  process.stderr.write(`\n> node bench/ports_vs_ort.mjs --child=${backend}\n`);
  const r = spawnSync(
    process.execPath,
    [HERE, `--child=${backend}`, `--out=${file}`, `--models=${args.models}`, ...(args.quick ? ['--quick'] : [])],
    {stdio: ['ignore', 2, 'inherit'], env},
  );
  if (!existsSync(file)) {
    lines.push(`| ${backend} | (failed: exit ${r.status}) | | | | | | | | | | |`);
    continue;
  }
  const out = JSON.parse(readFileSync(file, 'utf8'));
  all.push(out);
  if (out.unavailable) {
    lines.push(`| ${backend} | skipped: ${out.unavailable} | | | | | | | | | | |`);
    continue;
  }
  for (const m of out.results) {
    const {contiguous: pc, channelsLast: pl, fused: pf} = m.profile;
    const target = TARGET[backend];
    // the target is read on the recommended form: channels-last and fused
    const met =
      target && m.ms.ort ? (m.ms.fused / m.ms.ort <= target ? `≤ ${target}× met` : `≤ ${target}× NOT met`) : '—';
    lines.push(
      `| ${backend} | ${m.model} | ${num(m.ms.contiguous)} | ${num(m.ms.channelsLast)} | ${num(m.ms.fused)} | ` +
        `${num(m.ms.ort)} | ${rat(m.ms.contiguous, m.ms.ort)}${spr(m.spread.contiguousVsOrt)} | ` +
        `${rat(m.ms.channelsLast, m.ms.ort)}${spr(m.spread.channelsLastVsOrt)} | ` +
        `${rat(m.ms.fused, m.ms.ort)}${spr(m.spread.fusedVsOrt)} | ${met} | ${pl.kernels} → ${pf.kernels} | ` +
        `${pc.transposes} (${pct(pc.transposeShare)}) → ${pl.transposes} (${pct(pl.transposeShare)}) |`,
    );
  }
}
const md =
  `### torchvision ports end to end against onnxruntime (one thread)\n\n${lines.join('\n')}\n\n` +
  'Medians of interleaved rounds after warm-up (bench/common.mjs raceRounds); in parentheses the min–max over ' +
  'rounds of the ratio. ort: onnxruntime-web wasm for the wasm row, onnxruntime-node for cpu and tensorflow, on ' +
  "PyTorch's ONNX export of the same model and weights (bench/ports_onnx.py). channelsLast + fused: " +
  "model.to({memoryFormat: 'channelsLast'}) and the port's fuseModel() (nn.fuseModules: BatchNorm folded into " +
  'the convolution before it, (conv, ReLU) modules as one nn.intrinsic.ConvReLU2d), the recommended form, on ' +
  'which the target is read. tensorflow reads $TF_ENABLE_ONEDNN_OPTS as given: ' +
  `${process.env.TF_ENABLE_ONEDNN_OPTS ?? 'unset (oneDNN on)'}.\n`;
if (args.md) writeFileSync(args.md, md);
else process.stdout.write(md);
if (args.json) writeFileSync(args.json, JSON.stringify(all, null, 1));
