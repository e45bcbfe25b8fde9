// Runs the ports on webgl and webgpu in headless Chromium: bundles browser_runner.ts (which uses
// test/browser/harness.ts) with esbuild and runs it in a child process.
//
//   node examples/torchvision/browser.mjs [--out FILE] [--backends webgl,webgpu] [--models a,b] [--runs N]
//                                         [--input-raw FILE] [--profile] [--demo MODEL]     (--help: the options)
// run.mjs (--backend webgl|webgpu), browser.test.ts and the benchmark call it.
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * {backends, models, runs, inputRaw, profile, demo} -> {[backend]: {unavailable} | {results: [...]}}; a runner that fails outright
 * reports every backend unavailable with its exit status. Progress goes to stderr.
 */
export function runInChromium({
  backends = ['webgl', 'webgpu'],
  models,
  runs = 1,
  inputRaw,
  profile = false,
  demo,
} = {}) {
  const dir = path.join(ROOT, '.cache', 'torchvision');
  mkdirSync(dir, {recursive: true});
  const runner = path.join(dir, `${process.pid}-browser_runner.cjs`);
  const out = path.join(dir, `${process.pid}-browser.json`);
  try {
    esbuild.buildSync({
      entryPoints: [path.join(ROOT, 'examples', 'torchvision', 'browser_runner.ts')],
      bundle: true,
      platform: 'node',
      packages: 'external',
      format: 'cjs',
      outfile: runner,
      logLevel: 'warning',
      // The harness finds the repository from its own __dirname; the bundle lives elsewhere (.cache may be a link).
      define: {__dirname: JSON.stringify(path.join(ROOT, 'test', 'browser'))},
    });
    const args = ['--out', out, '--backends', backends.join(','), '--runs', String(runs)];
    if (models) args.push('--models', models.join(','));
    if (inputRaw) args.push('--input-raw', path.resolve(inputRaw));
    if (profile) args.push('--profile');
    if (demo) args.push('--demo', demo);
    const r = spawnSync(process.execPath, [runner, ...args], {stdio: ['ignore', 2, 2], cwd: ROOT});
    if (r.status !== 0) {
      return Object.fromEntries(backends.map(b => [b, {unavailable: `browser runner exited with ${r.status}`}]));
    }
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(runner, {force: true});
    rmSync(out, {force: true});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {parseCli} = await import('../../scripts/cli.mjs');
  const {values: a} = parseCli({
    usage: 'node examples/torchvision/browser.mjs [OPTIONS]',
    summary: 'Runs the torchvision ports on webgl and webgpu in headless Chromium; prints (or writes) the JSON result.',
    options: {
      out: {type: 'string', valueName: 'FILE', description: 'write the JSON to FILE instead of stdout'},
      backends: {type: 'string', default: 'webgl,webgpu', valueName: 'LIST', description: 'webgl, webgpu or both'},
      models: {type: 'string', valueName: 'LIST', description: 'models to run (default: all five)'},
      runs: {type: 'string', default: '1', valueName: 'N', description: 'forward passes per model'},
      'input-raw': {type: 'string', valueName: 'FILE', description: 'input as little-endian float32 NCHW'},
      profile: {type: 'boolean', description: 'also profile the share of kernel time in this package'},
      demo: {type: 'string', valueName: 'MODEL', description: 'also record what the demo page shows for MODEL'},
    },
  });
  const result = runInChromium({
    backends: a.backends.split(','),
    models: a.models?.split(','),
    runs: Number(a.runs),
    inputRaw: a['input-raw'],
    profile: a.profile,
    demo: a.demo,
  });
  const text = JSON.stringify(result);
  if (a.out) (await import('node:fs')).writeFileSync(a.out, text);
  else console.log(text);
}
