// `npm run bench` part: one forward pass of each torchvision port (examples/torchvision) per backend, and the share
// of the kernel time spent in this package's kernels (tf.profile; KERNEL_NAMES of tfjs-torch-ops). Informational:
// there is no target. Each Node backend runs in a child process of its own; webgl and webgpu in headless Chromium
// (examples/torchvision/browser.mjs). A backend that cannot start is reported skipped with the reason.
//
//   node bench/torchvision.mjs [--backends=cpu,wasm,tensorflow,webgl,webgpu] [--models=a,b] [--quick] [--md=FILE]
//
// Prints a markdown table (to stdout, or to FILE with --md). Times: the first pass (kernels compiled, caches
// warmed) and the median of the next ones (2, or 1 with --quick), formula weights loaded beforehand.
import {spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseCli} from '../scripts/cli.mjs';

const HERE = fileURLToPath(import.meta.url);
const MODEL_NAMES = ['resnet18', 'googlenet', 'squeezenet1_1', 'densenet121', 'inception_v3'];
const {values: args} = parseCli({
  usage: 'node bench/torchvision.mjs [OPTIONS]   (after node scripts/build.mjs; npm run bench runs it)',
  summary:
    "One forward pass of each torchvision port per backend and the share of kernel time in this package's\n" +
    'kernels. Prints a markdown table (stdout, or FILE with --md); progress on stderr.',
  options: {
    backends: {
      type: 'string',
      default: 'cpu,wasm,tensorflow,webgl,webgpu',
      valueName: 'LIST',
      description: 'backends to run',
    },
    models: {type: 'string', default: MODEL_NAMES.join(','), valueName: 'LIST', description: 'models to run'},
    quick: {type: 'boolean', description: 'one timed pass after the first instead of two'},
    md: {type: 'string', valueName: 'FILE', description: 'write the table to FILE instead of stdout'},
    child: {type: 'string', hidden: true},
    json: {type: 'string', hidden: true},
  },
});
const models = args.models.split(',');
const runs = args.quick ? 2 : 3;

if (args.child) {
  // One Node backend in this process: {results: [{model, firstMs, medianMs, profile}]} or {unavailable}.
  const backend = args.child;
  const tf = await import('@tensorflow/tfjs-core');
  const out = {};
  try {
    await import(backend === 'tensorflow' ? '@tensorflow/tfjs-node' : `@tensorflow/tfjs-backend-${backend}`);
    tf.enableProdMode(); // no Node.js banner from the cpu backend (tfjs 4.x: console advice only)
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
    await tf.ready();
  } catch (e) {
    out.unavailable = String(e?.message ?? e).split('\n')[0];
  }
  if (!out.unavailable) {
    const {KERNEL_NAMES} = await import('tfjs-torch-ops');
    const {profileModel, runModel} = await import('../examples/torchvision/forward.mjs');
    out.results = [];
    for (const model of models) {
      const r = await runModel(model, {runs});
      const profile = await profileModel(model, [...KERNEL_NAMES]);
      out.results.push({model, buildMs: r.buildMs, firstMs: r.firstMs, medianMs: r.medianMs, profile});
      console.error(`[torchvision bench] ${backend} ${model}: ${r.medianMs.toFixed(0)} ms`);
    }
  }
  writeFileSync(args.json, JSON.stringify(out));
  process.exit(0);
}

const backends = args.backends.split(',');
const byBackend = {};
const scratch = path.join(path.dirname(HERE), '..', '.cache', 'bench');
for (const backend of backends.filter(b => ['cpu', 'wasm', 'tensorflow'].includes(b))) {
  const file = path.join(scratch, `${process.pid}-torchvision-${backend}.json`);
  (await import('node:fs')).mkdirSync(scratch, {recursive: true});
  const r = spawnSync(
    process.execPath,
    [HERE, `--child=${backend}`, `--json=${file}`, `--models=${models}`, ...(args.quick ? ['--quick'] : [])],
    {stdio: ['ignore', 2, 2], env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'}},
  );
  try {
    byBackend[backend] = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));
  } catch {
    byBackend[backend] = {unavailable: `bench/torchvision.mjs --child=${backend} failed (exit ${r.status})`};
  }
  (await import('node:fs')).rmSync(file, {force: true});
}
const browserBackends = backends.filter(b => b === 'webgl' || b === 'webgpu');
if (browserBackends.length) {
  const {runInChromium} = await import('../examples/torchvision/browser.mjs');
  Object.assign(byBackend, runInChromium({backends: browserBackends, models, runs, profile: true}));
}

const ms = v => (v == null || Number.isNaN(v) ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const pct = v => (v == null || Number.isNaN(v) ? '—' : `${(100 * v).toFixed(1)}%`);
const shown = backends.filter(b => byBackend[b]?.results);
let md =
  'torchvision ports (examples/torchvision), batch 1, formula weights: median ms of one forward pass (first pass ' +
  'in brackets) · share of the kernel time in tfjs-torch-ops kernels (tf.profile). webgl and webgpu: SwiftShader ' +
  '(CPU-rendered).\n\n';
md += `| model | ${shown.join(' | ')} |\n|---|${shown.map(() => '---:|').join('')}\n`;
for (const model of models) {
  const cells = shown.map(b => {
    const r = byBackend[b].results.find(x => x.model === model);
    return r ? `${ms(r.medianMs)} (${ms(r.firstMs)}) · ${pct(r.profile?.packageShare)}` : '—';
  });
  md += `| ${model} | ${cells.join(' | ')} |\n`;
}
for (const b of backends.filter(b => !byBackend[b]?.results)) md += `\n${b}: skipped: ${byBackend[b]?.unavailable}`;
if (args.md) writeFileSync(args.md, md);
else console.log(md);
