// `npm run fuzz -- <count> [seed]`: the nightly-size run of the property test and the backend sweep.
//   npm run fuzz -- --help for the arguments.
//   - test/property/argspace.test.ts: <count> random calls over the whole argument space on cpu;
//   - test/property/node_backends.test.ts and test/browser/sweep.test.ts: <count> valid random geometries on wasm,
//     tensorflow, webgl (WebGL2, WebGL1) and webgpu against cpu.
// The seed (default: the date, so each night explores new calls) is printed; PROPERTY_SEED=<seed> with the same
// count reproduces a run, and fast-check prints each failure's shrunk call. `npm test` runs the same files at the
// CI size (3000 calls, 2000 geometries per backend).
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {parseCli, usageError} from './cli.mjs';

const require = createRequire(import.meta.url);
const cli = {
  usage: 'npm run fuzz [-- COUNT [SEED]]',
  summary: 'The nightly-size property test (random calls on cpu) and backend sweep (wasm, tensorflow, webgl, webgpu\n' +
           'against cpu). PROPERTY_SEED=SEED with the same COUNT reproduces a run. Jest prints the progress.',
  positionals: [{name: 'COUNT', description: 'calls and geometries per backend (default: 20000)'},
                {name: 'SEED', description: 'the random seed (default: today\'s date, YYYYMMDD)'}],
};
const {positionals} = parseCli(cli);
const [count = '20000', seed = new Date().toISOString().slice(0, 10).replace(/-/g, '')] = positionals;
if (!/^[1-9]\d*$/.test(count)) usageError(cli, `COUNT takes a positive integer, got '${count}'`);
if (!/^\d+$/.test(seed)) usageError(cli, `SEED takes a non-negative integer, got '${seed}'`);
console.log(`fuzz: ${count} calls and geometries per backend, seed ${seed}`);
const env = {...process.env, PROPERTY_RUNS: count, PROPERTY_SEED: seed, SWEEP_COUNT: count, SWEEP_SEED: seed};
const {status} = spawnSync(process.execPath, [
  require.resolve('jest/bin/jest'), 'test/property/argspace.test.ts', 'test/property/node_backends.test.ts',
  'test/browser/sweep.test.ts',
], {stdio: 'inherit', env});
process.exit(status ?? 1);
