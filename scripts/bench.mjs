// `npm run bench`: this package against what a user would otherwise run, on every backend that starts here, as
// ratios measured in one process per backend (so a slower or faster machine moves both sides alike):
//   cpu, wasm   bench/pools.mjs: tfjs-cpu's NCHW emulation, tfjs-wasm's NHWC kernel, onnxruntime-node 1 thread,
//               on wasm also onnxruntime-web's WebAssembly provider (1 thread, SIMD) and, for mean, XNNPACK;
//   tensorflow  bench/tensorflow.mjs: tfjs-node's own NHWC kernels ('VALID'), and the NCHW emulation;
//   webgl/gpu   bench/browser.ts + bench/browser_entry.mjs in Debian's chromium (SwiftShader: CPU-rendered);
//   torchvision bench/torchvision.mjs: one forward pass of each torchvision port per backend, share in our kernels;
//               bench/ports_vs_ort.mjs: the ports (both memory formats, and channels-last + fused) against
//               onnxruntime, one thread;
//   memory      bench/memory.mjs (Node backends, resident set) and the browser entry (the backend's GPU bytes);
//   scaling     bench/pools.mjs and bench/tensorflow.mjs again at 4× and 16× the input (cpu, wasm, tensorflow;
//               quick timing, main reference and memory floor only).
// Each runner warms every contender until its timings settle and times them in interleaved rounds, next to the
// memory floor (bench/common.mjs raceRounds, floorContender). Prints one markdown table (ratios with their min–max
// over rounds), the floor and scaling tables, the targets of issue 14 met or not, and the details; writes
// bench/results/<date>.json and bench/results/latest.md (git-ignored) and the chart docs/bench.svg (shown by README and
// docs/performance.md). The published tables and their analysis live in docs/performance.md: after a full run, copy
// latest.md's tables there with the run's date. A backend that cannot start is reported skipped with the reason.
//
//   npm run bench -- --help     (the options: --backends, --quick, --no-scaling, --no-torchvision, --chart)
//
// Set-up done here when missing: onnxruntime-node into .cache/ort (ONNXRUNTIME_NODE_INSTALL=skip; its npm package
// ships the CPU binaries; not in the repo's node_modules, where a plain `npm install` would remove it, as it does
// tfjs-node), onnxruntime-web into .cache/ort-web (for wasm; $ORT_WEB_DIR overrides: a folder where `npm install
// onnxruntime-web` was run), tfjs-node (scripts/tfjs-node/install.sh), chromium (scripts/browser/ensure-chromium.sh).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import {fileURLToPath} from 'node:url';
import {detailTable, fmt, layoutTable, mb, oursFor, ratio, spreadText} from '../bench/common.mjs';
import {chartSvg} from '../bench/chart.mjs';
import {parseCli} from './cli.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const {values: args} = parseCli({
  usage: 'npm run bench [-- OPTIONS]   (node scripts/bench.mjs [OPTIONS])',
  summary:
    'Times this package against what a user would otherwise run, on every backend that starts here; prints\n' +
    'the tables, writes bench/results/ and the chart (docs/bench.svg unless --chart). Installs\n' +
    'onnxruntime-node into .cache/ort, onnxruntime-web into .cache/ort-web, tfjs-node and chromium when\n' +
    'missing. Takes tens of minutes.',
  options: {
    backends: {
      type: 'string',
      default: 'cpu,wasm,tensorflow,webgl,webgpu',
      valueName: 'LIST',
      description: 'comma-separated backends to time',
    },
    quick: {type: 'boolean', description: 'fewer rounds (minutes, wider spread)'},
    'no-scaling': {type: 'boolean', description: 'skip the 4x and 16x input runs'},
    'no-torchvision': {type: 'boolean', description: 'skip the torchvision forward passes'},
    chart: {type: 'string', default: 'docs/bench.svg', valueName: 'FILE', description: 'where to write the chart'},
  },
});
const wanted = args.backends.split(',');
const quick = args.quick ? ['--quick'] : [];
const CACHE = path.join(ROOT, '.cache', 'bench');
const ORT_VERSION = '1.30.0';
mkdirSync(CACHE, {recursive: true});

const node = (script, argv, env = {}) => {
  console.error(`\n> node ${script} ${argv.join(' ')}`);
  return spawnSync(process.execPath, [script, ...argv], {
    stdio: ['ignore', 2, 'inherit'], // their own tables to stderr
    env: {...process.env, ...env},
  });
};
const readJson = file => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
// This run's intermediate files, named by pid so that two runs in one checkout do not mix their results.
const scratch = [];
const fresh = name => {
  const file = path.join(CACHE, `${process.pid}-${name}`);
  scratch.push(file);
  return file;
};
const skipped = {};

// 1. The package, as users import it.
if (node('scripts/build.mjs', []).status !== 0) process.exit(1);

// 2. onnxruntime-node: from the repo, $ORT_NODE_DIR, or .cache/ort (installed there once).
function findOrt() {
  const dirs = [ROOT, process.env.ORT_NODE_DIR, path.join(ROOT, '.cache', 'ort')].filter(Boolean);
  for (const dir of dirs) {
    try {
      const req = createRequire(path.join(dir, 'package.json'));
      req('onnxruntime-node');
      return {dir, version: req('onnxruntime-node/package.json').version};
    } catch {
      // not installed there: try the next place
    }
  }
  return null;
}
let ort = null;
if (wanted.includes('cpu') || wanted.includes('wasm')) {
  ort = findOrt();
  if (!ort) {
    const dir = path.join(ROOT, '.cache', 'ort');
    mkdirSync(dir, {recursive: true});
    if (!existsSync(path.join(dir, 'package.json')))
      writeFileSync(path.join(dir, 'package.json'), '{"private": true}\n');
    console.error(`\n> (cd .cache/ort && ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@${ORT_VERSION})`);
    spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `onnxruntime-node@${ORT_VERSION}`], {
      cwd: dir,
      stdio: ['ignore', 2, 'inherit'],
      env: {...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip'},
    });
    ort = findOrt();
  }
  if (!ort) console.error('onnxruntime-node could not be installed: its columns read —');
}

// 2b. onnxruntime-web (wasm's contender, run in Node): from $ORT_WEB_DIR or .cache/ort-web (installed there once).
// Same version as onnxruntime-node, so the two differ by build (WebAssembly against native), not by release.
function findOrtWeb() {
  for (const dir of [process.env.ORT_WEB_DIR, path.join(ROOT, '.cache', 'ort-web')].filter(Boolean)) {
    try {
      // Its exports map has no ./package.json: read the one above its entry point (dist/).
      const entry = createRequire(path.resolve(dir, 'package.json')).resolve('onnxruntime-web');
      const manifest = path.join(path.dirname(entry), '..', 'package.json');
      return {dir, version: JSON.parse(readFileSync(manifest, 'utf8')).version};
    } catch {
      // not installed there: try the next place
    }
  }
  return null;
}
let ortWeb = null;
if (wanted.includes('wasm')) {
  ortWeb = findOrtWeb();
  if (!ortWeb) {
    const dir = path.join(ROOT, '.cache', 'ort-web');
    mkdirSync(dir, {recursive: true});
    if (!existsSync(path.join(dir, 'package.json')))
      writeFileSync(path.join(dir, 'package.json'), '{"private": true}\n');
    console.error(`\n> (cd .cache/ort-web && npm install onnxruntime-web@${ORT_VERSION})`);
    spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `onnxruntime-web@${ORT_VERSION}`], {
      cwd: dir,
      stdio: ['ignore', 2, 'inherit'],
    });
    ortWeb = findOrtWeb();
  }
  if (!ortWeb) console.error('onnxruntime-web could not be installed: its column reads —');
}
// What the pools runs need from steps 2 and 2b.
const ortEnv = {...(ort ? {ORT_NODE_DIR: ort.dir} : {}), ...(ortWeb ? {ORT_WEB_DIR: ortWeb.dir} : {})};

// 3. cpu and wasm: bench/pools.mjs (with onnxruntime-node, and onnxruntime-web on wasm).
const results = {};
const poolsBackends = wanted.filter(b => b === 'cpu' || b === 'wasm');
if (poolsBackends.length) {
  const file = fresh('pools.json');
  const r = node('bench/pools.mjs', [`--backends=${poolsBackends}`, `--json=${file}`, ...quick], ortEnv);
  const p = r.status === 0 ? readJson(file) : null;
  for (const b of poolsBackends) {
    if (p?.[b]) results[b] = p[b];
    else skipped[b] = `bench/pools.mjs failed (exit ${r.status})`;
  }
}

// 4. tensorflow: tfjs-node, installed offline when it does not load.
const tfjsNodeLoads = () => spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"]).status === 0;
if (wanted.includes('tensorflow')) {
  if (!tfjsNodeLoads()) spawnSync('bash', ['scripts/tfjs-node/install.sh'], {stdio: ['ignore', 2, 'inherit']});
  const file = fresh('tensorflow.json');
  const r = node('bench/tensorflow.mjs', [`--json=${file}`, ...quick], {TF_CPP_MIN_LOG_LEVEL: '2'});
  const t = r.status === 0 ? readJson(file) : null;
  if (t && !t.skipped) results.tensorflow = t;
  else skipped.tensorflow = t?.skipped ?? `bench/tensorflow.mjs failed (exit ${r.status})`;
}

// 4b. Scaling: the same configurations at 4× and 16× the input (batch axis), quick timing, against the main
// reference (cpu: onnxruntime; wasm: tfjs-wasm's NHWC kernel; tensorflow: tfjs-node's NHWC kernel) and the floor.
const SCALES = [4, 16];
const scaling = {};
if (!args['no-scaling']) {
  for (const scale of SCALES) {
    if (poolsBackends.length && results[poolsBackends[0]]) {
      const file = fresh(`pools-x${scale}.json`);
      const r = node(
        'bench/pools.mjs',
        [`--backends=${poolsBackends}`, `--json=${file}`, `--scale=${scale}`, '--contenders=ort,native', '--quick'],
        ortEnv,
      );
      const p = r.status === 0 ? readJson(file) : null;
      for (const b of poolsBackends) if (p?.[b]) (scaling[b] ??= {})[scale] = p[b];
    }
    if (results.tensorflow) {
      const file = fresh(`tensorflow-x${scale}.json`);
      const r = node('bench/tensorflow.mjs', [`--json=${file}`, `--scale=${scale}`, '--contenders=native', '--quick'], {
        TF_CPP_MIN_LOG_LEVEL: '2',
      });
      const t = r.status === 0 ? readJson(file) : null;
      if (t && !t.skipped) (scaling.tensorflow ??= {})[scale] = t;
    }
  }
}

// 5. Peak memory of the Node backends.
const memBackends = ['cpu', 'wasm', 'tensorflow'].filter(b => results[b]);
let memory = {};
if (memBackends.length) {
  const file = fresh('memory.json');
  const r = node('bench/memory.mjs', [`--backends=${memBackends}`, `--json=${file}`], {
    TF_CPP_MIN_LOG_LEVEL: '2',
    ...(ort ? {ORT_NODE_DIR: ort.dir} : {}),
  });
  memory = (r.status === 0 && readJson(file)) || {};
}

// 6. webgl and webgpu in chromium, through the test harness (TypeScript: bundled for node first).
const browserBackends = wanted.filter(b => b === 'webgl' || b === 'webgpu');
if (browserBackends.length) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium))
    spawnSync('bash', ['scripts/browser/ensure-chromium.sh'], {stdio: ['ignore', 2, 'inherit']});
  // Two levels below the root, as the harness's REPO_ROOT (__dirname/../..) expects, in a real folder of this checkout:
  // node resolves __dirname through symlinks, and .cache may be one (worktrees sharing a checkout's .cache would
  // otherwise bundle that checkout's bench entry).
  mkdirSync('bench/results', {recursive: true});
  const runner = path.join(ROOT, 'bench', 'results', `${process.pid}-browser.cjs`);
  scratch.push(runner);
  await esbuild.build({
    entryPoints: ['bench/browser.ts'],
    bundle: true,
    platform: 'node',
    packages: 'external',
    format: 'cjs',
    outfile: runner,
    logLevel: 'warning',
  });
  const file = fresh('browser.json');
  const r = node(runner, [`--backends=${browserBackends}`, `--json=${file}`, ...quick]);
  const b = (r.status === 0 && readJson(file)) || {};
  for (const backend of browserBackends) {
    if (b[backend] && !b[backend].skipped) results[backend] = b[backend];
    else skipped[backend] = b[backend]?.skipped ?? `bench/browser.ts failed (exit ${r.status})`;
  }
}

// 6b. The torchvision ports (examples/torchvision): one forward pass per model and backend, and the share of it in
// this package's kernels (bench/torchvision.mjs).
// --no-torchvision skips them (on cpu and SwiftShader a full run of the five ports takes the better part of an hour).
let torchvisionMd = 'torchvision ports: skipped (--no-torchvision)';
if (!args['no-torchvision']) {
  const torchvisionFile = fresh('torchvision.md');
  const tv = node('bench/torchvision.mjs', [`--backends=${wanted}`, `--md=${torchvisionFile}`, ...quick], {
    TF_CPP_MIN_LOG_LEVEL: '2',
  });
  torchvisionMd = existsSync(torchvisionFile)
    ? readFileSync(torchvisionFile, 'utf8')
    : `torchvision ports: bench/torchvision.mjs failed (exit ${tv.status})`;
  // 6c. The ports end to end against onnxruntime, contiguous, channels-last and channels-last + fused
  // (bench/ports_vs_ort.mjs; ONNX files from bench/ports_onnx.py, which needs PyTorch and onnx).
  const portsFile = fresh('ports_vs_ort.md');
  const nodeBackends = wanted.filter(b => ['wasm', 'tensorflow', 'cpu'].includes(b)).join(',');
  const pv = node('bench/ports_vs_ort.mjs', [`--backends=${nodeBackends}`, `--md=${portsFile}`, ...quick], {
    ...ortEnv,
    TF_CPP_MIN_LOG_LEVEL: '2',
  });
  torchvisionMd += existsSync(portsFile)
    ? `\n${readFileSync(portsFile, 'utf8')}`
    : `\nports vs onnxruntime: bench/ports_vs_ort.mjs failed (exit ${pv.status})`;
}

// 7. One table: a column per comparison, each cell "ours / reference as a ratio (ours ms / reference ms)".
const ISSUE_IDS = ['k2s2', 'k3s1p1', 'k3s1p1_excl', 'k7s1', 'k3s2p1_ceil', 'adaptive', 'mean', 'pool3d', 'grad'];
const NAMES = {
  k2s2: 'avg_pool2d k2 s2',
  k3s1p1: 'avg_pool2d k3 s1 p1',
  k3s1p1_excl: 'avg_pool2d k3 s1 p1 count_include_pad=False',
  k7s1: 'avg_pool2d k7 s1',
  k3s2p1_ceil: 'avg_pool2d k3 s2 p1 ceil_mode',
  adaptive: 'adaptive_avg_pool2d 56→7',
  mean: 'mean over H, W',
  pool3d: 'avg_pool3d k3 s2 p1 [2,16,16,32,32]',
  grad: 'gradient of avg_pool2d k3 s1 p1',
};
const COLUMNS = [
  ['cpu', 'ort', 'cpu vs onnxruntime (1 thread)'],
  ['cpu', 'emulated', 'cpu vs tfjs-cpu NCHW emulation'],
  ['wasm', 'ort', 'wasm vs onnxruntime (1 thread)'],
  ['wasm', 'ortweb', 'wasm vs onnxruntime-web (1 thread)'],
  ['wasm', 'native', 'wasm vs tfjs-wasm NHWC'],
  ['tensorflow', 'native', "tensorflow vs tfjs-node NHWC 'VALID'"],
  ['tensorflow', 'emulated', 'tensorflow vs its NCHW emulation'],
  ['webgl', 'native', 'webgl vs tfjs-webgl NHWC'],
  ['webgpu', 'native', 'webgpu vs tfjs-webgpu NHWC'],
].filter(([b]) => results[b]);
const row = (backend, id) => results[backend]?.rows.find(r => r.id === id);
const approx = (r, ref) => (ref === 'native' ? !r.nativeExact : ref === 'emulated' ? !r.exact : !r.extraExact?.[ref]);
function cell(backend, ref, id) {
  const r = row(backend, id);
  const [a, b] = [oursFor(r, ref), r?.ms[ref]];
  if (a == null || b == null) return '—';
  const spread = r.spread?.[ref] ? ` [${spreadText(r.spread[ref])}]` : '';
  return `${approx(r, ref) ? '≈ ' : ''}${ratio(a, b)}${spread} (${fmt(a)} / ${fmt(b)})`;
}
const extraIds = [
  ...new Set(
    Object.values(results)
      .flatMap(r => r.rows ?? [])
      .map(r => r.id),
  ),
].filter(id => !ISSUE_IDS.includes(id));
const ids = [...ISSUE_IDS, ...extraIds];
const nameOf = id => NAMES[id] ?? ['cpu', 'wasm'].map(b => row(b, id)?.name).find(Boolean) ?? id;
const shape = results.tensorflow?.shape ?? [8, 64, 56, 56];
let md =
  `Input [${shape}] float32 NCHW (3d: [2,16,16,32,32]${['webgl', 'webgpu']
    .filter(b => results[b])
    .map(b => `; ${b}: [${results[b].shape}]`)
    .join('')}). Cells: ours / reference [min–max of the ratio over rounds] (ours ms / ` +
  'reference ms), medians at steady state (every contender warmed until its timings settle, then called in turn, ' +
  'round after round); ' +
  '≈: the reference computes slightly different values (other padding semantics), so the ratio compares work, not ' +
  'results. webgl and webgpu run on SwiftShader (a CPU software renderer): their ratios are not GPU numbers.\n\n';
if (COLUMNS.length) {
  md += `| config | ${COLUMNS.map(c => c[2]).join(' | ')} |\n|---|${COLUMNS.map(() => '---:|').join('')}\n`;
  for (const id of ids) md += `| ${nameOf(id)} | ${COLUMNS.map(([b, ref]) => cell(b, ref, id)).join(' | ')} |\n`;
} else {
  md += 'No backend was measured.\n';
}
for (const [b, reason] of Object.entries(skipped)) md += `\n${b}: skipped: ${reason}`;

// The memory floor: a typed-array copy of the input and one of the output in the same process (floorContender).
const FLOOR_BACKENDS = ['cpu', 'wasm', 'tensorflow', 'webgl', 'webgpu'].filter(b => results[b]);
if (FLOOR_BACKENDS.length) {
  md +=
    '\n\nDistance from the memory floor: ours / (a typed-array copy of the input plus one of the output, timed ' +
    'in the same rounds, same process) [min–max over rounds] (floor ms). Below 1 is possible where the input stays ' +
    'in cache or a reduce writes little (a copy writes what it reads).\n\n' +
    `| config | ${FLOOR_BACKENDS.join(' | ')} |\n|---|${FLOOR_BACKENDS.map(() => '---:|').join('')}\n`;
  for (const id of ids) {
    md += `| ${nameOf(id)} | ${FLOOR_BACKENDS.map(b => {
      const r = row(b, id);
      return r?.ms.floor
        ? `${ratio(r.ms.ours, r.ms.floor)} [${spreadText(r.spread?.floor)}] (${fmt(r.ms.floor)})`
        : '—';
    }).join(' | ')} |\n`;
  }
}

// Scaling: ours ms at 1×, 4×, 16× the input, with ours / floor and ours / the main reference.
const MAIN_REF = {
  cpu: ['ort', 'onnxruntime'],
  wasm: ['native', 'tfjs-wasm NHWC'],
  tensorflow: ['native', 'tfjs-node NHWC'],
};
const SCALED = Object.keys(MAIN_REF).filter(b => results[b] && scaling[b]);
if (SCALED.length) {
  md +=
    '\n\nScaling (batch axis: 1× is the table above, 4× and 16× are quick runs: 5 rounds of one call after the ' +
    'warm-up). Cells: ours ms; ours / memory floor; ours / main reference (cpu: onnxruntime, wasm and tensorflow: ' +
    "the backend's NHWC kernel). Input MB at 1×: " +
    `${(shape.reduce((a, b) => a * b, 4) / 2 ** 20).toFixed(1)} (2d), ${((2 * 16 * 16 * 32 * 32 * 4) / 2 ** 20).toFixed(1)} (3d).\n\n` +
    `| config | ${SCALED.flatMap(b => [1, ...SCALES].map(k => `${b} ${k}×`)).join(' | ')} |\n` +
    `|---|${SCALED.flatMap(() => [1, ...SCALES].map(() => '---:|')).join('')}\n`;
  for (const id of ids) {
    md += `| ${nameOf(id)} | ${SCALED.flatMap(b =>
      [1, ...SCALES].map(k => {
        const r = (k === 1 ? results[b] : scaling[b][k])?.rows.find(r => r.id === id);
        if (!r?.ms.ours) return '—';
        const [ref] = MAIN_REF[b];
        return `${fmt(r.ms.ours)}; ${ratio(r.ms.ours, r.ms.floor)}; ${ratio(oursFor(r, ref), r.ms[ref])}`;
      }),
    ).join(' | ')} |\n`;
  }
}

// Peak memory, MB: Node backends from bench/memory.mjs, browser ones from the backend's GPU bytes counter.
const MEM = [
  ['cpu', ['ours', 'emulated', 'ort']],
  ['wasm', ['ours', 'native']],
  ['tensorflow', ['ours', 'native', 'emulated']],
  ['webgl', ['ours', 'native', 'emulated']],
  ['webgpu', ['ours', 'native', 'emulated']],
].filter(([b]) => memory[b] ?? results[b]?.rows?.some(r => r.peakBytes));
const peak = (b, id) => (memory[b] ?? results[b].rows).find(r => r.id === id)?.peakBytes;
if (MEM.length) {
  md +=
    '\n\nPeak memory, MB above the level before the call (Node: resident set, fresh process per cell, first three ' +
    "calls; browser: the backend's bytes in textures or buffers in use). Order: " +
    `${MEM.map(([b, ks]) => `${b} ${ks.join(' / ')}`).join('; ')}; emulated on cpu is tfjs-cpu's, native on wasm ` +
    "tfjs-wasm's.\n\n";
  md += `| config | ${MEM.map(([b]) => b).join(' | ')} |\n|---|${MEM.map(() => '---:|').join('')}\n`;
  for (const id of ISSUE_IDS) {
    md += `| ${nameOf(id)} | ${MEM.map(([b, ks]) => ks.map(k => mb(peak(b, id)?.[k])).join(' / ')).join(' | ')} |\n`;
  }
}

// 8. Issue 14's targets (steady-state medians; the spread says how sure).
const POOL2D = ['k2s2', 'k3s1p1', 'k3s1p1_excl', 'k7s1', 'k3s2p1_ceil', 'adaptive'];
const POOLS = [...POOL2D, 'pool3d', 'grad'];
const ALL = [...POOL2D, 'mean', 'pool3d', 'grad'];
const TARGETS = [
  [
    'cpu ≤ 0.9× onnxruntime-node (1 thread) on every average pool (adaptive included)',
    'cpu',
    'ort',
    [...POOL2D, 'pool3d'],
    0.9,
  ],
  ['cpu ≤ 1.3× onnxruntime-node on mean over H, W', 'cpu', 'ort', ['mean'], 1.3],
  ["wasm ≤ 1.0× tfjs-wasm's XNNPACK (NHWC, no transposes) on every config", 'wasm', 'native', ALL, 1.0],
  ['wasm ≤ 1.0× onnxruntime-web (1 thread) on mean over H, W (issue 27)', 'wasm', 'ortweb', ['mean'], 1.0],
  [
    "wasm ≤ 1.0× XNNPACK's average pooling, one H×W window, on mean over H, W (issue 27)",
    'wasm',
    'xnnpack',
    ['mean'],
    1.0,
  ],
  ['tensorflow ≤ 1.0× its own NCHW emulation on every config', 'tensorflow', 'emulated', ALL, 1.0],
  [
    "tensorflow ≤ 2.0× tfjs-node's native NHWC kernel on every 2d config",
    'tensorflow',
    'native',
    [...POOL2D, 'mean', 'grad'],
    2.0,
  ],
  ["webgl ≤ 1.0× tfjs-webgl's own kernel", 'webgl', 'native', ALL, 1.0],
  ["webgpu ≤ 1.0× tfjs-webgpu's own kernel", 'webgpu', 'native', ALL, 1.0],
  ["cpu ≥ 20× faster than tfjs-cpu's transpose emulation (issue 6)", 'cpu', 'emulated', POOLS, 0.05],
];
const targets = TARGETS.map(([what, b, ref, tids, limit]) => {
  if (!results[b]) return {what, status: `not measured (${skipped[b] ?? 'not requested'})`};
  const got = tids
    .map(id => [id, row(b, id)])
    .map(([id, r]) => [
      id,
      oursFor(r, ref) && r?.ms[ref] ? oursFor(r, ref) / r.ms[ref] : null,
      r?.spread?.[ref] ?? null,
    ]);
  const missing = got.filter(([, v]) => v === null).map(([id]) => nameOf(id));
  const over = got
    .filter(([, v]) => v !== null && v > limit)
    .map(([id, v, sp]) => `${nameOf(id)} ${v.toFixed(2)}×${sp ? ` [${spreadText(sp)}]` : ''}`);
  return {
    what,
    status: `${over.length ? `NOT met: ${over.join(', ')}` : 'met'}${
      missing.length ? ` (not measured: ${missing.join(', ')})` : ''
    }`,
    ratios: Object.fromEntries(got.map(g => [g[0], g[1]])),
    spreads: Object.fromEntries(got.map(g => [g[0], g[2]])),
  };
});
md += `\n\nTargets (issues 14 and 27):\n\n${targets.map(t => `- ${t.what}: ${t.status}`).join('\n')}\n`;
md += `\n${torchvisionMd}\n`;

// 9. Machine, details, files.
const version = (pkg, from = ROOT) => {
  try {
    return createRequire(path.join(from, 'package.json'))(`${pkg}/package.json`).version;
  } catch {
    return null;
  }
};
const machine = {
  cpus: os.availableParallelism?.() ?? os.cpus().length,
  cpu: os.cpus()[0]?.model,
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  loadAverageAtEnd: os.loadavg(),
  tfjs: version('@tensorflow/tfjs-core'),
  'tfjs-node': version('@tensorflow/tfjs-node'),
  'onnxruntime-node': ort?.version ?? null,
  'onnxruntime-web': ortWeb?.version ?? null,
  chromium: results.webgl?.browser ?? results.webgpu?.browser ?? null,
  webglRenderer: results.webgl?.renderer ?? null,
  webgpuAdapter: results.webgpu?.renderer ?? null,
};
md +=
  `\nMachine: ${machine.cpus} × ${machine.cpu}, ${machine.os}, Node ${machine.node}, tfjs ${machine.tfjs}` +
  `${results.tensorflow ? `, tfjs-node ${machine['tfjs-node']} (libtensorflow 2.9.1 CPU)` : ''}` +
  `${ort ? `, onnxruntime-node ${ort.version}` : ''}${ortWeb ? `, onnxruntime-web ${ortWeb.version}` : ''}${machine.chromium ? `, ${machine.chromium} (${machine.webglRenderer})` : ''}` +
  `; load average at the end ${machine.loadAverageAtEnd.map(v => v.toFixed(2)).join(' ')}.\n`;
console.log(`\n${md}`);

let details = '\n## Details\n';
for (const b of ['cpu', 'wasm', 'tensorflow', 'webgl', 'webgpu'].filter(b => results[b])) {
  details +=
    `\n### ${b}${results[b].renderer ? ` (${results[b].renderer})` : ''}, input [${results[b].shape}]\n\n` +
    detailTable(results[b]);
  const layouts = layoutTable(results[b]);
  if (layouts) details += `\nBoth layouts (ours NHWC: bench/channels_last.mjs):\n\n${layouts}`;
  const errors = results[b].rows
    .filter(r => r.errors)
    .map(r => `${r.name}: ${Object.entries(r.errors).map(([k, v]) => `${k}: ${v}`)}`);
  if (errors.length) details += `\nNot measured: ${errors.join('; ')}\n`;
}
mkdirSync('bench/results', {recursive: true});
const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\..*/, '');
const json = path.join('bench/results', `${stamp}.json`);
writeFileSync(
  json,
  JSON.stringify({date: new Date().toISOString(), args, machine, results, scaling, memory, skipped, targets}, null, 1),
);
// The chart: one bar per comparison and configuration, its spread as a whisker, 1.0 marked (docs/bench.svg by
// default, shown by README and docs/performance.md; --chart=FILE elsewhere). Not cpu vs tfjs-cpu's emulation
// (0.002–0.02×: off the axis).
const chart = args.chart;
writeFileSync(
  chart,
  chartSvg({
    ids,
    nameOf,
    columns: COLUMNS.filter(([b, ref]) => !(b === 'cpu' && ref === 'emulated')).map(([b, ref, label]) => ({
      label,
      get: id => {
        const r = row(b, id);
        return oursFor(r, ref) && r?.ms[ref]
          ? {ratio: oursFor(r, ref) / r.ms[ref], spread: r.spread?.[ref] ?? null, approx: approx(r, ref)}
          : null;
      },
    })),
    title:
      `npm run bench, ${new Date().toISOString().slice(0, 10)}: ours / reference (log scale; below 1 is ` +
      'faster), whiskers: min–max over rounds',
  }),
);
writeFileSync('bench/results/latest.md', `# npm run bench, ${new Date().toISOString()}\n\n${md}${details}`);
for (const file of scratch) rmSync(file, {force: true});
console.log(`wrote ${json}, bench/results/latest.md and ${chart}; the published tables: docs/performance.md`);
