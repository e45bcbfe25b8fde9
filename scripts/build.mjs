// Builds the package for its consumers: one ESM and one CommonJS bundle of src/ + kernels/ (tfjs packages stay
// external: tfjs-core is a peer dependency, and the backends are only ever imported as types), plus .d.ts files.
// Runs on `npm install` (prepare), so `import 'tfjs-torch-ops'` works from a fresh clone, and before `npm pack`,
// whose `--json` output is read from stdout: everything this script prints goes to stderr.
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
rmSync('dist', {recursive: true, force: true});
// The SIMD module of the cpu/wasm kernels: kernels/simd/assembly/box_simd.ts → kernels/simd/pool_simd_wasm.ts (committed; rewritten
// only when the compiled bytes change). See scripts/build-simd.mjs.
// With CI=true it only checks that the committed file is current, and fails if not.
const simd = await (await import('./build-simd.mjs')).buildSimd();
if (simd.changed) console.error('kernels/simd/pool_simd_wasm.ts rewritten from its AssemblyScript sources: commit it');
const common = {entryPoints: ['src/index.ts'], bundle: true, packages: 'external', target: 'es2019', sourcemap: true};
await esbuild.build({...common, format: 'esm', outfile: 'dist/esm/index.mjs'});
await esbuild.build({...common, format: 'cjs', outfile: 'dist/cjs/index.cjs'});
// `tfjs-torch-ops/layers` (needs @tensorflow/tfjs-layers): its imports of the main entry stay imports of the package
// itself, so the ops and kernels exist once whichever entry loads first.
const mainEntryExternal = {
  name: 'main-entry-external',
  setup(build) {
    build.onResolve({filter: /^\.\.\/index$/, namespace: 'file'}, args =>
      args.importer.includes('/src/layers/') ? {path: 'tfjs-torch-ops', external: true} : undefined);
  },
};
const layers = {...common, entryPoints: ['src/layers/index.ts'], plugins: [mainEntryExternal]};
await esbuild.build({...layers, format: 'esm', outfile: 'dist/esm/layers.mjs'});
await esbuild.build({...layers, format: 'cjs', outfile: 'dist/cjs/layers.cjs'});
// tsc reports errors on stdout: send them to stderr too (fd 2).
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {stdio: [0, 2, 2]});
console.error('built dist/esm/{index,layers}.mjs, dist/cjs/{index,layers}.cjs, dist/types/');
