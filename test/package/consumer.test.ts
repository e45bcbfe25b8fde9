/**
 * The packed package installed into a separate consumer project, used as its README says: ESM and CommonJS at run
 * time (one process loading both builds: `instanceof TorchError` across them), and the
 * published types under `tsc --strict` with TypeScript from node_modules, for module resolution `nodenext` (.mts
 * and .cts) and `bundler`, including the `tfjs-torch-ops/layers` entry; with a second TypeScript major too when
 * TSC_SECOND names its tsc (e.g. TypeScript 7 installed outside node_modules).
 *
 * The consumer's node_modules links the repository's packages (tfjs, its backends, typescript) and holds the
 * tarball unpacked as tfjs-torch-ops: no registry is needed. With `skipLibCheck`, as README asks of a strict
 * project, there must be no error at all; without it, tfjs's own .d.ts files have errors under --strict, but none
 * may be in this package's .d.ts or in the consumer's code; their number, for the repository's TypeScript, is the one
 * README states.
 */
import {execFileSync, spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {PackResult, REPO_ROOT, packRepository} from './pack';
import {KERNEL_NAMES, TorchConv2dPointwise, TorchConv2dWinograd} from '../../src/kernel_names';

/**
 * The TypeScript compilers to check with: the repository's (5.x), and a second major when one is given as
 * TSC_SECOND=<path to its bin/tsc> (TypeScript 7 is not a dependency: one package name cannot hold two majors).
 */
const COMPILERS: Array<{tsc: string; version: string}> = [
  {
    tsc: require.resolve('typescript/bin/tsc'),
    version: require('typescript/package.json').version,
  },
];
if (process.env.TSC_SECOND) {
  const tsc = path.resolve(process.env.TSC_SECOND);
  const version = execFileSync(process.execPath, [tsc, '--version'], {encoding: 'utf8'})
    .trim()
    .replace(/^Version /, '');
  COMPILERS.push({tsc, version});
}

let packed: PackResult;
let consumer: string;
const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** What a user writes: every public entry, option bag and type, under --strict. */
const USE_TYPES = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  AdaptiveOutputSize, AvgPoolOptions, MeanOptions, TorchError, TorchErrorType, adaptiveAvgPool1d, adaptiveAvgPool2d,
  adaptiveAvgPool3d, avgPool1d, avgPool2d, avgPool3d, mean, nn,
} from 'tfjs-torch-ops';
import {adaptiveAvgPool2dLayer, avgPool2dLayer} from 'tfjs-torch-ops/layers';
import * as core from 'tfjs-torch-ops/core';
import 'tfjs-torch-ops/cpu';
import 'tfjs-torch-ops/wasm';
import 'tfjs-torch-ops/webgl';
import 'tfjs-torch-ops/webgpu';
import 'tfjs-torch-ops/tensorflow';

const x: tf.Tensor4D = tf.ones([1, 1, 4, 4]);
const options: AvgPoolOptions = {stride: 2, padding: 1, ceilMode: true, countIncludePad: false, divisorOverride: 3};
const size: AdaptiveOutputSize = [null, 2];
const meanOptions: MeanOptions = {keepdim: true};
const outputs: tf.Tensor[] = [
  avgPool1d(tf.ones([1, 1, 5]), 3, {stride: 2, padding: 1}), avgPool2d(x, 3, options), avgPool3d(tf.ones([1, 2, 2, 2]), 2),
  adaptiveAvgPool1d([[[1, 2, 3]]], 2), adaptiveAvgPool2d(x, size), adaptiveAvgPool3d(tf.ones([1, 2, 2, 2]), 1),
  mean(x, [-1, -2], meanOptions), new nn.AvgPool2d(2, {ceilMode: true}).forward(x),
  new nn.AdaptiveAvgPool2d([null, 7]).apply(x), core.maxPool2d(x, 2),
];
const grad: tf.Tensor = tf.grad((v: tf.Tensor) => avgPool2d(v, 2))(x);
const layers: tf.serialization.Serializable[] = [avgPool2dLayer({kernelSize: 2}), adaptiveAvgPool2dLayer({outputSize: 1})];

export function torchTypeOf(e: unknown): TorchErrorType | undefined {
  return e instanceof TorchError ? e.torchType : undefined;
}
export const used = [outputs, grad, layers];
`;

/** Both builds in one Node process, as a user mixing import and require would load them. */
const RUN_BOTH = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as esm from 'tfjs-torch-ops';
import {createRequire} from 'node:module';
const cjs = createRequire(import.meta.url)('tfjs-torch-ops');
tf.env().set('IS_TEST', true);
await tf.setBackend('cpu');
const thrown = f => { try { f(); } catch (e) { return e; } };
const fromCjs = thrown(() => cjs.avgPool2d(tf.ones([1, 1, 4, 4]), 5));
const fromEsm = thrown(() => esm.adaptiveAvgPool2d(tf.ones([1, 1, 4, 4]), [1, 2, 3]));
console.log(JSON.stringify({
  builds: [cjs.avgPool2d === esm.avgPool2d, cjs.TorchError === esm.TorchError],
  instanceOf: [fromCjs instanceof esm.TorchError, fromEsm instanceof cjs.TorchError],
  names: [fromCjs.name, fromEsm.name],
  values: [Array.from(esm.avgPool2d(tf.ones([1, 1, 4, 4]), 2).dataSync()),
           Array.from(cjs.mean(tf.ones([2, 2]), []).dataSync())],
  kernels: tf.getKernelsForBackend('cpu').filter(k => k.kernelName.startsWith('Torch')).length,
}));
`;

/**
 * The per-backend entries: `tfjs-torch-ops/core` registers no kernel, each backend entry its own backend's alone,
 * and the root entry is the same code as core (one copy of each op and of TorchError per build).
 */
const RUN_ENTRIES = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as core from 'tfjs-torch-ops/core';
const torchKernels = backend => tf.getKernelsForBackend(backend).filter(k => k.kernelName.startsWith('Torch')).length;
const before = ['cpu', 'wasm', 'webgl'].map(torchKernels);
await import('tfjs-torch-ops/cpu');
const afterCpu = ['cpu', 'wasm', 'webgl'].map(torchKernels);
tf.env().set('IS_TEST', true);
await tf.setBackend('cpu');
const values = Array.from(core.avgPool2d(tf.ones([1, 1, 4, 4]), 2, {padding: 1}).dataSync());
const root = await import('tfjs-torch-ops');
console.log(JSON.stringify({before, afterCpu, values, same: [root.avgPool2d === core.avgPool2d,
  root.TorchError === core.TorchError, root.nn === core.nn], afterRoot: ['cpu', 'wasm', 'webgl'].map(torchKernels)}));
`;

/** A webgl-only app bundled as a user's bundler would: only the webgl kernels, none of the wasm modules. */
const WEBGL_APP = `
import * as tt from 'tfjs-torch-ops/core';
import 'tfjs-torch-ops/webgl';
export const pool = tt.avgPool2d;
`;

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
    fs.writeFileSync(path.join(dir, name), text);
  }
}

beforeAll(() => {
  packed = packRepository();
  consumer = path.join(packed.dir, 'consumer');
  const modules = path.join(consumer, 'node_modules');
  fs.mkdirSync(path.join(modules, 'tfjs-torch-ops'), {recursive: true});
  execFileSync('tar', ['-xzf', packed.tarball, '-C', path.join(modules, 'tfjs-torch-ops'), '--strip-components=1']);
  // Everything the repository installed (tfjs-core, the backends, tfjs-layers, their dependencies): the user's own
  // installs. Links, so nothing is copied; the package under test is the unpacked tarball, not the repository.
  const installed = path.join(REPO_ROOT, 'node_modules');
  for (const entry of fs.readdirSync(installed)) {
    if (entry === 'tfjs-torch-ops' || entry === '.bin' || entry.startsWith('.')) continue;
    fs.symlinkSync(path.join(installed, entry), path.join(modules, entry));
  }
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: 'ES2020',
    lib: ['ES2020', 'DOM'],
    types: [] as string[],
  };
  writeFiles(consumer, {
    'package.json': JSON.stringify({name: 'consumer', private: true, type: 'module'}),
    'esm/use.mts': USE_TYPES,
    'cjs/use.cts': USE_TYPES, // imports compile to require(): the "require" conditions of package.json's exports
    'bundler/use.ts': USE_TYPES,
    'tsconfig.nodenext.json': JSON.stringify({
      compilerOptions: {...compilerOptions, module: 'nodenext', moduleResolution: 'nodenext'},
      files: ['esm/use.mts', 'cjs/use.cts'],
    }),
    'tsconfig.bundler.json': JSON.stringify({
      compilerOptions: {...compilerOptions, module: 'esnext', moduleResolution: 'bundler'},
      files: ['bundler/use.ts'],
    }),
    'run-both.mjs': RUN_BOTH,
    'run-entries.mjs': RUN_ENTRIES,
    'webgl-app.mjs': WEBGL_APP,
  });
});

afterAll(() => {
  if (packed) fs.rmSync(packed.dir, {recursive: true, force: true});
});

function tsc(compiler: string, config: string, extra: string[] = []): {status: number | null; errors: string[]} {
  const {status, stdout, stderr} = spawnSync(
    process.execPath,
    [compiler, '-p', config, '--pretty', 'false', ...extra],
    {cwd: consumer, encoding: 'utf8'},
  );
  const errors = (stdout + stderr).split('\n').filter(l => /error TS\d+/.test(l));
  return {status, errors};
}

it('runs both builds in one process, instanceof TorchError across them', () => {
  const out = JSON.parse(execFileSync(process.execPath, ['run-both.mjs'], {cwd: consumer, encoding: 'utf8'}));
  expect(out).toEqual({
    builds: [false, false], // two copies of the code ...
    instanceOf: [true, true], // ... whose errors are instances of each other's TorchError
    names: ['RuntimeError', 'RuntimeError'],
    values: [[1, 1, 1, 1], [1]],
    // every Torch* kernel registered once for cpu, though two builds loaded: the pools' and the kit's convolutions
    kernels: KERNEL_NAMES.length + [TorchConv2dWinograd, TorchConv2dPointwise].length,
  });
});

it('core registers no kernel, a backend entry only its own, and the root entry is core plus all', () => {
  const out = JSON.parse(execFileSync(process.execPath, ['run-entries.mjs'], {cwd: consumer, encoding: 'utf8'}));
  // the pools' kernels and, on cpu, the kit's two convolutions
  const all = KERNEL_NAMES.length + [TorchConv2dWinograd, TorchConv2dPointwise].length;
  expect(out.before).toEqual([0, 0, 0]);
  expect(out.afterCpu[0]).toBeGreaterThan(0);
  expect(out.afterCpu.slice(1)).toEqual([0, 0]);
  expect(out.values).toEqual([0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25]);
  expect(out.same).toEqual([true, true, true]);
  expect(out.afterRoot[0]).toBe(all);
  expect(out.afterRoot[1]).toBeGreaterThan(0);
  expect(out.afterRoot[2]).toBeGreaterThan(0);
});

it("a webgl-only app bundles the webgl kernels and no other backend's", async () => {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(consumer, 'webgl-app.mjs')],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    external: ['@tensorflow/*'],
    absWorkingDir: consumer,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile!.inputs).map(p => p.replace(/^.*node_modules\/tfjs-torch-ops\//, ''));
  expect(inputs).toEqual(expect.arrayContaining(['dist/esm/core.mjs', 'dist/esm/webgl.mjs']));
  expect(inputs.filter(p => p.startsWith('dist/'))).toHaveLength(2);
  // The wasm module bytes (cpu and wasm kernels) are the largest part of the root entry.
  expect(result.outputFiles[0].text).not.toContain('AGFzbQ');
});

describe.each(COMPILERS)('tsc $version --strict', ({tsc: compiler, version}) => {
  it.each(['nodenext', 'bundler'])(
    'type-checks with skipLibCheck without an error, moduleResolution %s',
    resolution => {
      const {status, errors} = tsc(compiler, `tsconfig.${resolution}.json`);
      expect(errors).toEqual([]);
      expect(status).toBe(0);
    },
  );

  it("without skipLibCheck, has errors only in other packages' .d.ts files (nodenext, ESM and CommonJS)", () => {
    const {errors} = tsc(compiler, 'tsconfig.nodenext.json', ['--skipLibCheck', 'false']);
    // This package is unpacked in the consumer (a relative path); the linked ones print as their real paths.
    const ours = errors.filter(line => /^(node_modules\/tfjs-torch-ops|esm|cjs|bundler)\//.test(line));
    expect(ours).toEqual([]);
    const where = new Map<string, number>();
    for (const line of errors) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1] ?? '?';
      where.set(pkg, (where.get(pkg) ?? 0) + 1);
    }
    console.log(
      `tsc ${version} --strict without skipLibCheck: ${errors.length} errors, none in tfjs-torch-ops: ` +
        [...where].map(([pkg, n]) => `${n} in ${pkg}`).join(', '),
    );
    // README states this count for the repository's TypeScript: it must be this version's, and right.
    if (compiler === COMPILERS[0].tsc) {
      const stated = /TypeScript (\S+) finds (\d+) errors/.exec(README);
      expect(stated && {version: stated[1], errors: Number(stated[2])}).toEqual({version, errors: errors.length});
    }
  });
});
