// Builds the package for its consumers: one ESM and one CommonJS bundle of src/ + kernels/ (tfjs packages stay
// external: tfjs-core is a peer dependency, and the backends are only ever imported as types), plus .d.ts files.
// Runs on `npm install` (prepare), so `import 'tfjs-torch-ops'` works from a fresh clone.
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
rmSync('dist', {recursive: true, force: true});
const common = {entryPoints: ['src/index.ts'], bundle: true, packages: 'external', target: 'es2019', sourcemap: true};
await esbuild.build({...common, format: 'esm', outfile: 'dist/esm/index.mjs'});
await esbuild.build({...common, format: 'cjs', outfile: 'dist/cjs/index.cjs'});
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {stdio: 'inherit'});
console.log('built dist/esm/index.mjs, dist/cjs/index.cjs, dist/types/');
