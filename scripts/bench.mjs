// `npm run bench`: this package against what a user would otherwise run, on every backend that starts here, as
// ratios measured in one process per backend (so a slower or faster machine moves both sides alike):
//   cpu, wasm   bench/pools.mjs: tfjs-cpu's NCHW emulation, tfjs-wasm's NHWC kernel, onnxruntime-node 1 thread;
//   tensorflow  bench/tensorflow.mjs: tfjs-node's own NHWC kernels ('VALID'), and the NCHW emulation;
//   webgl/gpu   bench/browser.ts + bench/browser_entry.mjs in Debian's chromium (SwiftShader: CPU-rendered);
//   torchvision bench/torchvision.mjs: one forward pass of each torchvision port per backend, share in our kernels;
//   memory      bench/memory.mjs (Node backends, resident set) and the browser entry (the backend's GPU bytes).
// Prints one markdown table, the targets of issue 6 met or not, and the details; writes bench/results/<date>.json
// and bench/results/latest.md (git-ignored). A backend that cannot start is reported skipped with the reason.
//
//   npm run bench [-- --backends=cpu,wasm,tensorflow,webgl,webgpu] [-- --quick]
//
// Set-up done here when missing: onnxruntime-node into .cache/ort (ONNXRUNTIME_NODE_INSTALL=skip; its npm package
// ships the CPU binaries; not in the repo's node_modules, where a plain `npm install` would remove it, as it does
// tfjs-node), tfjs-node (scripts/tfjs-node/install.sh), chromium (scripts/browser/ensure-chromium.sh).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import {fileURLToPath} from 'node:url';
import {detailTable, fmt, mb, ratio} from '../bench/common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const args = Object.fromEntries(process.argv.slice(2).map(a => a.replace(/^--/, '').split('=')));
const wanted = (args.backends ?? 'cpu,wasm,tensorflow,webgl,webgpu').split(',');
const quick = args.quick !== undefined ? ['--quick'] : [];
const CACHE = path.join(ROOT, '.cache', 'bench');
const ORT_VERSION = '1.30.0';
mkdirSync(CACHE, {recursive: true});

const node = (script, argv, env = {}) => {
  console.error(`\n> node ${script} ${argv.join(' ')}`);
  return spawnSync(process.execPath, [script, ...argv], {stdio: ['ignore', 2, 'inherit'],  // their own tables to stderr
                                                          env: {...process.env, ...env}});
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
    } catch {}
  }
  return null;
}
let ort = null;
if (wanted.includes('cpu') || wanted.includes('wasm')) {
  ort = findOrt();
  if (!ort) {
    const dir = path.join(ROOT, '.cache', 'ort');
    mkdirSync(dir, {recursive: true});
    if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{"private": true}\n');
    console.error(`\n> (cd .cache/ort && ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@${ORT_VERSION})`);
    spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `onnxruntime-node@${ORT_VERSION}`],
              {cwd: dir, stdio: ['ignore', 2, 'inherit'], env: {...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip'}});
    ort = findOrt();
  }
  if (!ort) console.error('onnxruntime-node could not be installed: its columns read —');
}

// 3. cpu and wasm: bench/pools.mjs (with onnxruntime-node).
const results = {};
const poolsBackends = wanted.filter(b => b === 'cpu' || b === 'wasm');
if (poolsBackends.length) {
  const file = fresh('pools.json');
  const r = node('bench/pools.mjs', [`--backends=${poolsBackends}`, `--json=${file}`, ...quick],
                 ort ? {ORT_NODE_DIR: ort.dir} : {});
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

// 5. Peak memory of the Node backends.
const memBackends = ['cpu', 'wasm', 'tensorflow'].filter(b => results[b]);
let memory = {};
if (memBackends.length) {
  const file = fresh('memory.json');
  const r = node('bench/memory.mjs', [`--backends=${memBackends}`, `--json=${file}`],
                 {TF_CPP_MIN_LOG_LEVEL: '2', ...(ort ? {ORT_NODE_DIR: ort.dir} : {})});
  memory = (r.status === 0 && readJson(file)) || {};
}

// 6. webgl and webgpu in chromium, through the test harness (TypeScript: bundled for node first).
const browserBackends = wanted.filter(b => b === 'webgl' || b === 'webgpu');
if (browserBackends.length) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) spawnSync('bash', ['scripts/browser/ensure-chromium.sh'], {stdio: ['ignore', 2, 'inherit']});
  const runner = fresh('browser.cjs');  // two levels below the root, as the harness's REPO_ROOT expects
  await esbuild.build({entryPoints: ['bench/browser.ts'], bundle: true, platform: 'node', packages: 'external',
                       format: 'cjs', outfile: runner, logLevel: 'warning'});
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
const torchvisionFile = fresh('torchvision.md');
const tv = node('bench/torchvision.mjs', [`--backends=${wanted}`, `--md=${torchvisionFile}`, ...quick],
                {TF_CPP_MIN_LOG_LEVEL: '2'});
const torchvisionMd = existsSync(torchvisionFile) ? readFileSync(torchvisionFile, 'utf8') :
  `torchvision ports: bench/torchvision.mjs failed (exit ${tv.status})`;

// 7. One table: a column per comparison, each cell "ours / reference as a ratio (ours ms / reference ms)".
const ISSUE_IDS = ['k2s2', 'k3s1p1', 'k3s1p1_excl', 'k7s1', 'k3s2p1_ceil', 'adaptive', 'mean', 'pool3d', 'grad'];
const NAMES = {k2s2: 'avg_pool2d k2 s2', k3s1p1: 'avg_pool2d k3 s1 p1', k3s1p1_excl: 'avg_pool2d k3 s1 p1 count_include_pad=False',
               k7s1: 'avg_pool2d k7 s1', k3s2p1_ceil: 'avg_pool2d k3 s2 p1 ceil_mode', adaptive: 'adaptive_avg_pool2d 56→7',
               mean: 'mean over H, W', pool3d: 'avg_pool3d k3 s2 p1 [2,16,16,32,32]', grad: 'gradient of avg_pool2d k3 s1 p1'};
const COLUMNS = [
  ['cpu', 'ort', 'cpu vs onnxruntime (1 thread)'], ['cpu', 'emulated', 'cpu vs tfjs-cpu NCHW emulation'],
  ['wasm', 'ort', 'wasm vs onnxruntime (1 thread)'], ['wasm', 'native', 'wasm vs tfjs-wasm NHWC'],
  ['tensorflow', 'native', "tensorflow vs tfjs-node NHWC 'VALID'"], ['tensorflow', 'emulated', 'tensorflow vs its NCHW emulation'],
  ['webgl', 'native', 'webgl vs tfjs-webgl NHWC'], ['webgpu', 'native', 'webgpu vs tfjs-webgpu NHWC'],
].filter(([b]) => results[b]);
const row = (backend, id) => results[backend]?.rows.find(r => r.id === id);
const approx = (r, ref) => (ref === 'native' ? !r.nativeExact : ref === 'emulated' ? !r.exact : !r.extraExact?.[ref]);
function cell(backend, ref, id) {
  const r = row(backend, id);
  const [a, b] = [r?.ms.ours, r?.ms[ref]];
  if (a == null || b == null) return '—';
  return `${approx(r, ref) ? '≈ ' : ''}${ratio(a, b)} (${fmt(a)} / ${fmt(b)})`;
}
const extraIds = [...new Set(Object.values(results).flatMap(r => r.rows ?? []).map(r => r.id))]
  .filter(id => !ISSUE_IDS.includes(id));
const ids = [...ISSUE_IDS, ...extraIds];
const nameOf = id => NAMES[id] ?? ['cpu', 'wasm'].map(b => row(b, id)?.name).find(Boolean) ?? id;
const shape = results.tensorflow?.shape ?? [8, 64, 56, 56];
let md = `Input [${shape}] float32 NCHW (3d: [2,16,16,32,32]${['webgl', 'webgpu'].filter(b => results[b]).map(b =>
  `; ${b}: [${results[b].shape}]`).join('')}). Cells: ours / reference (ours ms / reference ms), medians; ` +
  '≈: the reference computes slightly different values (other padding semantics), so the ratio compares work, not ' +
  'results. webgl and webgpu run on SwiftShader (a CPU software renderer): their ratios are not GPU numbers.\n\n';
if (COLUMNS.length) {
  md += `| config | ${COLUMNS.map(c => c[2]).join(' | ')} |\n|---|${COLUMNS.map(() => '---:|').join('')}\n`;
  for (const id of ids) md += `| ${nameOf(id)} | ${COLUMNS.map(([b, ref]) => cell(b, ref, id)).join(' | ')} |\n`;
} else {
  md += 'No backend was measured.\n';
}
for (const [b, reason] of Object.entries(skipped)) md += `\n${b}: skipped: ${reason}`;

// Peak memory, MB: Node backends from bench/memory.mjs, browser ones from the backend's GPU bytes counter.
const MEM = [['cpu', ['ours', 'emulated', 'ort']], ['wasm', ['ours', 'native']], ['tensorflow', ['ours', 'native', 'emulated']],
             ['webgl', ['ours', 'native', 'emulated']], ['webgpu', ['ours', 'native', 'emulated']]]
  .filter(([b]) => (memory[b] ?? results[b]?.rows?.some(r => r.peakBytes)));
const peak = (b, id) => (memory[b] ?? results[b].rows).find(r => r.id === id)?.peakBytes;
if (MEM.length) {
  md += '\n\nPeak memory, MB above the level before the call (Node: resident set, fresh process per cell, first three ' +
    "calls; browser: the backend's bytes in textures or buffers in use). Order: " +
    `${MEM.map(([b, ks]) => `${b} ${ks.join(' / ')}`).join('; ')}; emulated on cpu is tfjs-cpu's, native on wasm ` +
    "tfjs-wasm's.\n\n";
  md += `| config | ${MEM.map(([b]) => b).join(' | ')} |\n|---|${MEM.map(() => '---:|').join('')}\n`;
  for (const id of ISSUE_IDS) {
    md += `| ${nameOf(id)} | ${MEM.map(([b, ks]) => ks.map(k => mb(peak(b, id)?.[k])).join(' / ')).join(' | ')} |\n`;
  }
}

// 8. Issue 6's targets.
const POOL2D = ['k2s2', 'k3s1p1', 'k3s1p1_excl', 'k7s1', 'k3s2p1_ceil', 'adaptive'];
const POOLS = [...POOL2D, 'pool3d', 'grad'];
const TARGETS = [
  ['cpu ≤ 1.0× onnxruntime-node (1 thread) on every 2d pool config', 'cpu', 'ort', POOL2D, 1.0],
  ['cpu ≤ 2.0× onnxruntime-node on mean', 'cpu', 'ort', ['mean'], 2.0],
  ["cpu ≥ 20× faster than tfjs-cpu's transpose emulation", 'cpu', 'emulated', POOLS, 0.05],
  ["tensorflow ≤ 1.3× tfjs-node's native avgPool 'VALID'", 'tensorflow', 'native', POOLS, 1.3],
  ["webgl ≤ 1.0× tfjs-webgl's own avgPool", 'webgl', 'native', POOLS, 1.0],
  ["webgpu ≤ 1.0× tfjs-webgpu's own avgPool", 'webgpu', 'native', POOLS, 1.0],
];
const targets = TARGETS.map(([what, b, ref, tids, limit]) => {
  if (!results[b]) return {what, status: `not measured (${skipped[b] ?? 'not requested'})`};
  const got = tids.map(id => [id, row(b, id)?.ms]).map(([id, ms]) => [id, ms?.ours && ms?.[ref] ? ms.ours / ms[ref] : null]);
  const missing = got.filter(([, v]) => v === null).map(([id]) => nameOf(id));
  const over = got.filter(([, v]) => v !== null && v > limit).map(([id, v]) => `${nameOf(id)} ${v.toFixed(2)}×`);
  return {what, status: `${over.length ? `NOT met: ${over.join(', ')}` : 'met'}${
    missing.length ? ` (not measured: ${missing.join(', ')})` : ''}`, ratios: Object.fromEntries(got)};
});
md += `\n\nTargets (issue 6):\n\n${targets.map(t => `- ${t.what}: ${t.status}`).join('\n')}\n`;
md += `\n${torchvisionMd}\n`;

// 9. Machine, details, files.
const version = (pkg, from = ROOT) => {
  try {
    return createRequire(path.join(from, 'package.json'))(`${pkg}/package.json`).version;
  } catch {
    return null;
  }
};
const machine = {cpus: os.availableParallelism?.() ?? os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version,
                 os: `${os.type()} ${os.release()}`, loadAverageAtEnd: os.loadavg(), tfjs: version('@tensorflow/tfjs-core'),
                 'tfjs-node': version('@tensorflow/tfjs-node'), 'onnxruntime-node': ort?.version ?? null,
                 chromium: results.webgl?.browser ?? results.webgpu?.browser ?? null,
                 webglRenderer: results.webgl?.renderer ?? null, webgpuAdapter: results.webgpu?.renderer ?? null};
md += `\nMachine: ${machine.cpus} × ${machine.cpu}, ${machine.os}, Node ${machine.node}, tfjs ${machine.tfjs}` +
  `${results.tensorflow ? `, tfjs-node ${machine['tfjs-node']} (libtensorflow 2.9.1 CPU)` : ''}` +
  `${ort ? `, onnxruntime-node ${ort.version}` : ''}${machine.chromium ? `, ${machine.chromium} (${machine.webglRenderer})` : ''}` +
  `; load average at the end ${machine.loadAverageAtEnd.map(v => v.toFixed(2)).join(' ')}.\n`;
console.log(`\n${md}`);

let details = '\n## Details\n';
for (const b of ['cpu', 'wasm', 'tensorflow', 'webgl', 'webgpu'].filter(b => results[b])) {
  details += `\n### ${b}${results[b].renderer ? ` (${results[b].renderer})` : ''}, input [${results[b].shape}]\n\n` +
    detailTable(results[b]);
  const errors = results[b].rows.filter(r => r.errors).map(r => `${r.name}: ${Object.entries(r.errors).map(([k, v]) => `${k}: ${v}`)}`);
  if (errors.length) details += `\nNot measured: ${errors.join('; ')}\n`;
}
mkdirSync('bench/results', {recursive: true});
const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\..*/, '');
const json = path.join('bench/results', `${stamp}.json`);
writeFileSync(json, JSON.stringify({date: new Date().toISOString(), args, machine, results, memory, skipped, targets}, null, 1));
writeFileSync('bench/results/latest.md', `# npm run bench, ${new Date().toISOString()}\n\n${md}${details}`);
for (const file of scratch) rmSync(file, {force: true});
console.log(`wrote ${json} and bench/results/latest.md`);
