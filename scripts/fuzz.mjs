// `npm run fuzz -- <count> [seed]`: the nightly-size run of the property test and the backend sweep.
//   npm run fuzz -- --help for the arguments.
//   - test/property/argspace.test.ts: <count> random calls over the whole argument space on cpu;
//   - test/property/node_backends.test.ts and test/browser/sweep.test.ts: <count> valid random geometries on wasm,
//     tensorflow, webgl (WebGL2, WebGL1) and webgpu against cpu;
//   - the max-family sweep against PyTorch itself: test/fixtures/generate.py --sweep writes <count> random max pools
//     (dilation, ceil mode, padding-only windows, int64, NaN) recorded by real PyTorch into a temporary directory,
//     and the parity suites replay them on cpu, wasm, tensorflow, webgl and webgpu (FIXTURE_CASES_DIR). Needs
//     .venv/bin/python with torch (test/fixtures/README.md); without it this part is skipped with a message.
// The seed (default: the date, so each night explores new calls) is printed; PROPERTY_SEED=<seed> with the same
// count reproduces a run, and fast-check prints each failure's shrunk call. `npm test` runs the same files at the
// CI size (3000 calls; 2000 geometries per Node backend, 300 per browser target).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseCli, usageError} from './cli.mjs';

const require = createRequire(import.meta.url);
const cli = {
  usage: 'npm run fuzz [-- COUNT [SEED]]',
  summary:
    'The nightly-size property test (random calls on cpu) and backend sweep (wasm, tensorflow, webgl, webgpu\n' +
    'against cpu). PROPERTY_SEED=SEED with the same COUNT reproduces a run. Jest prints the progress.',
  positionals: [
    {name: 'COUNT', description: 'calls and geometries per backend (default: 20000)'},
    {name: 'SEED', description: "the random seed (default: today's date, YYYYMMDD)"},
  ],
};
const {positionals} = parseCli(cli);
const [count = '20000', seed = new Date().toISOString().slice(0, 10).replace(/-/g, '')] = positionals;
if (!/^[1-9]\d*$/.test(count)) usageError(cli, `COUNT takes a positive integer, got '${count}'`);
if (!/^\d+$/.test(seed)) usageError(cli, `SEED takes a non-negative integer, got '${seed}'`);
console.log(`fuzz: ${count} calls and geometries per backend, seed ${seed}`);
const env = {...process.env, PROPERTY_RUNS: count, PROPERTY_SEED: seed, SWEEP_COUNT: count, SWEEP_SEED: seed};
const {status} = spawnSync(
  process.execPath,
  [
    require.resolve('jest/bin/jest'),
    'test/property/argspace.test.ts',
    'test/property/node_backends.test.ts',
    'test/browser/sweep.test.ts',
  ],
  {stdio: 'inherit', env},
);

const python = join('.venv', 'bin', 'python');
let sweepStatus = 0;
if (!existsSync(python)) {
  console.log(`fuzz: no ${python}: the max-family sweep against PyTorch is skipped (test/fixtures/README.md)`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'max-sweep-'));
  try {
    const gen = spawnSync(python, ['test/fixtures/generate.py', '--sweep', count, '--sweep-seed', seed, '--out', dir], {
      stdio: 'inherit',
    });
    sweepStatus = gen.status ?? 1;
    if (sweepStatus === 0) {
      sweepStatus =
        spawnSync(
          process.execPath,
          [
            require.resolve('jest/bin/jest'),
            'test/parity/cpu.test.ts',
            'test/parity/wasm.test.ts',
            'test/parity/tensorflow.test.ts',
            'test/browser/parity_avg.test.ts',
            'test/browser/parity_adaptive_avg.test.ts',
            'test/browser/parity_max.test.ts',
            'test/browser/parity_lp.test.ts',
          ],
          // WebGL1 runs every case here, not only those covering WebGL2's program paths (parity_suite.ts).
          {stdio: 'inherit', env: {...process.env, FIXTURE_CASES_DIR: dir, PARITY_WEBGL1: 'all'}},
        ).status ?? 1;
    }
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
process.exit(status || sweepStatus);
