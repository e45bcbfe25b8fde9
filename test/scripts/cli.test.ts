/**
 * Every command line of the repository (package.json "scripts", scripts/, bench/, examples/) answers `--help` with
 * its usage on stdout, exit 0 and nothing on stderr, and refuses an unknown flag with exit 2, the reason and the
 * usage on stderr and nothing on stdout, before doing any work (scripts/cli.mjs). Cheap: no script gets past its
 * argument parsing, and none needs dist/. The TypeScript runners are bundled first, as their callers bundle them.
 */
import {execFile} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-torch-ops-cli-'));

/** A TypeScript runner bundled the way its caller bundles it (the harness finds the repository via __dirname). */
function bundle(entry: string): string {
  const outfile = path.join(SCRATCH, `${path.basename(entry, '.ts')}.cjs`);
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    packages: 'external',
    format: 'cjs',
    outfile,
    logLevel: 'error',
    nodePaths: [path.join(ROOT, 'node_modules')],
    define: {__dirname: JSON.stringify(path.join(ROOT, 'test', 'browser'))},
  });
  return outfile;
}

const NODE_SCRIPTS = [
  'scripts/bench.mjs',
  'scripts/build.mjs',
  'scripts/build-simd.mjs',
  'scripts/fuzz.mjs',
  'scripts/test.mjs',
  'scripts/pack-manifest.mjs',
  'scripts/entry-sizes.mjs',
  'bench/pools.mjs',
  'bench/tensorflow.mjs',
  'bench/memory.mjs',
  'bench/max_pools.mjs',
  'bench/torchvision.mjs',
  'bench/ports_profile.mjs',
  'bench/tfjs_maxpool_diff.mjs',
  'examples/quickstart.mjs',
  'examples/port-pytorch-model/run.mjs',
  'examples/port-pytorch-model/serve-demo.mjs',
  'examples/torchvision/run.mjs',
  'examples/torchvision/serve-demo.mjs',
  'examples/torchvision/contrast.mjs',
  'examples/torchvision/browser.mjs',
];
const TS_RUNNERS = ['test/property/sample_calls.ts', 'examples/torchvision/browser_runner.ts', 'bench/browser.ts'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[]): Promise<Run> {
  return new Promise(resolve => {
    const env = {...process.env, CI: '', NODE_PATH: path.join(ROOT, 'node_modules')};
    execFile(process.execPath, [file, ...args], {cwd: ROOT, timeout: 60000, env}, (error, stdout, stderr) =>
      resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr}),
    );
  });
}

const cases: [string, () => string][] = [
  ...NODE_SCRIPTS.map(s => [s, () => path.join(ROOT, s)] as [string, () => string]),
  ...TS_RUNNERS.map(s => [s, () => bundle(s)] as [string, () => string]),
];

afterAll(() => fs.rmSync(SCRATCH, {recursive: true, force: true}));

const outcomes = new Map<string, {help: Run; unknown: Run}>();
beforeAll(async () => {
  // A few at a time: most of each run is loading tfjs, CPU-bound.
  const queue = [...cases];
  await Promise.all(
    Array.from({length: 4}, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, file] = next;
        const f = file();
        outcomes.set(name, {help: await run(f, ['--help']), unknown: await run(f, ['--bogus-flag'])});
      }
    }),
  );
});

describe.each(cases)('%s', name => {
  let help: Run;
  let unknown: Run;
  beforeAll(() => ({help, unknown} = outcomes.get(name)!));

  it('--help: the usage on stdout, exit 0, nothing on stderr', () => {
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^usage: /);
    expect(help.stdout).toContain('--help');
    expect(help.code).toBe(0);
  });

  it('an unknown flag: exit 2 with the reason (and the usage) on stderr, nothing on stdout', () => {
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/bogus-flag/);
    expect(unknown.code).toBe(2);
  });
});
