// Builds the package for its consumers: one ESM and one CommonJS bundle of src/ + kernels/ (tfjs packages stay
// external: tfjs-core is a peer dependency, and the backends are only ever imported as types), plus .d.ts files.
// Runs on `npm install` (prepare), so `import 'tfjs-torch-ops'` works from a fresh clone, and before `npm pack`,
// whose `--json` output is read from stdout: everything this script prints goes to stderr.
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {createRequire} from 'node:module';
import * as esbuild from 'esbuild';
import {parseCli} from './cli.mjs';

parseCli({
  usage: 'npm run build   (node scripts/build.mjs)',
  summary:
    'Builds dist/ (ESM and CommonJS bundles, .d.ts files) and regenerates kernels/simd/pool_simd_wasm.ts when\n' +
    'the AssemblyScript source changed. Prints to stderr only.',
});
const require = createRequire(import.meta.url);
/** The backends with an entry of their own, `tfjs-torch-ops/<name>` (kernels/<name>/register.ts). */
export const BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'];
rmSync('dist', {recursive: true, force: true});
// The SIMD module of the cpu/wasm kernels: kernels/simd/assembly/box_simd.ts → kernels/simd/pool_simd_wasm.ts (committed; rewritten
// only when the compiled bytes change). See scripts/build-simd.mjs.
// With CI=true it only checks that the committed file is current, and fails if not.
const simd = await (await import('./build-simd.mjs')).buildSimd();
if (simd.changed) console.error('kernels/simd/pool_simd_wasm.ts rewritten from its AssemblyScript sources: commit it');
// The maps point into src/ and kernels/, which the package ships, instead of carrying a copy of every source file
// (sourcesContent) in each of the 16 bundles.
const common = {bundle: true, packages: 'external', target: 'es2019', sourcemap: true, sourcesContent: false};
/** Bundles one entry point as ESM and CommonJS: dist/esm/NAME.mjs and dist/cjs/NAME.cjs. */
async function bundle(name, entry, plugins = []) {
  await esbuild.build({...common, entryPoints: [entry], plugins, format: 'esm', outfile: `dist/esm/${name}.mjs`});
  await esbuild.build({...common, entryPoints: [entry], plugins, format: 'cjs', outfile: `dist/cjs/${name}.cjs`});
}
/**
 * The entries that import another entry keep that import an import of the package itself (`tfjs-torch-ops/core`,
 * `tfjs-torch-ops/webgl`, …), so the ops, their TorchError class and each backend's kernels exist once in a process
 * or a page, whichever entries load them.
 */
function entriesExternal(map) {
  return {
    name: 'entries-external',
    setup(build) {
      build.onResolve({filter: /^\.\.?\//, namespace: 'file'}, args => {
        for (const [suffix, target] of map) {
          if (join(args.resolveDir, args.path).endsWith(suffix)) return {path: target, external: true};
        }
        return undefined;
      });
    },
  };
}
// `tfjs-torch-ops/core`: ops, gradients and nn modules, no kernels.
await bundle('core', 'src/core.ts');
// `tfjs-torch-ops/<backend>`: one backend's kernels, registered on import (a bundle for one backend carries one).
for (const backend of BACKENDS) await bundle(backend, `kernels/${backend}/register.ts`);
// `tfjs-torch-ops`: core plus every backend's kernels.
await bundle('index', 'src/index.ts', [
  entriesExternal([
    ['/src/core', 'tfjs-torch-ops/core'],
    ...BACKENDS.map(b => [`/kernels/${b}/register`, `tfjs-torch-ops/${b}`]),
  ]),
]);
// `tfjs-torch-ops/layers` (needs @tensorflow/tfjs-layers): the ops through the root entry, so a layers app runs on
// every backend as before.
await bundle('layers', 'src/layers/index.ts', [entriesExternal([['/src/index', 'tfjs-torch-ops']])]);
// tsc reports errors on stdout: send them to stderr too (fd 2).
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: [0, 2, 2],
});
console.error(`built dist/{esm,cjs}/{index,core,layers,${BACKENDS.join(',')}}, dist/types/`);
