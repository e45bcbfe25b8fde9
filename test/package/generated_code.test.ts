/**
 * The generated files CI must not rebuild behind its own back (scripts/build-simd.mjs): with CI=true the SIMD build
 * only checks kernels/simd/pool_simd_wasm.ts and kernels/simd/assembly/table_layout.ts, so a stale committed file fails
 * `npm ci` (whose `prepare` runs scripts/build.mjs) instead of being rewritten and tested fresh.
 *
 * Runs the real scripts in a scratch copy of the repository's layout (the two scripts and kernels/simd copied, src/
 * and node_modules linked) with one module entry (the smallest, mean.ts), so that each compile takes a second or two
 * and the repository's own files are never written.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const MODULE = 'mean.ts';
const TARGET = 'kernels/simd/pool_simd_wasm.ts';
const LAYOUT = 'kernels/simd/assembly/table_layout.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-torch-ops-generated-'));
  for (const link of ['src', 'node_modules']) fs.symlinkSync(path.join(ROOT, link), path.join(dir, link));
  // Copies, not a link: build-simd.mjs runs its main only when invoked by its own (real) path.
  fs.mkdirSync(path.join(dir, 'scripts'));
  for (const script of ['build.mjs', 'build-simd.mjs', 'cli.mjs']) {
    fs.copyFileSync(path.join(ROOT, 'scripts', script), path.join(dir, 'scripts', script));
  }
  fs.cpSync(path.join(ROOT, 'kernels', 'simd'), path.join(dir, 'kernels', 'simd'), {
    recursive: true,
    filter: from => !from.includes(`${path.sep}modules${path.sep}`) || from.endsWith(`${path.sep}${MODULE}`),
  });
});
afterAll(() => {
  if (dir) fs.rmSync(dir, {recursive: true, force: true});
});

function run(script: string, ci: boolean): {status: number | null; output: string} {
  const env = {...process.env};
  delete env.CI;
  if (ci) env.CI = 'true';
  const r = spawnSync(process.execPath, [path.join('scripts', script)], {cwd: dir, env, encoding: 'utf8'});
  return {status: r.status, output: `${r.stdout}${r.stderr}`};
}
const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

it('outside CI the build writes the modules; with CI=true a current file passes the check', () => {
  // The copied file holds every module of the repository, this copy compiles one: stale here.
  const before = read(TARGET);
  const build = run('build-simd.mjs', false);
  expect(build).toEqual({status: 0, output: expect.stringContaining('rewritten')});
  expect(read(TARGET)).not.toBe(before);
  expect(read(TARGET)).toContain(`modules/${MODULE}`);
  expect(run('build-simd.mjs', true)).toEqual({status: 0, output: expect.stringContaining('up to date')});
});

it('with CI=true a stale pool_simd_wasm.ts fails the build and `prepare` (scripts/build.mjs), and is left as it was', () => {
  const stale = read(TARGET).replace(/'[A-Za-z0-9+/=]{8}/, `'AAAAAAAA`);
  expect(stale).not.toBe(read(TARGET));
  fs.writeFileSync(path.join(dir, TARGET), stale);
  for (const script of ['build-simd.mjs', 'build.mjs']) {
    const r = run(script, true);
    expect(r.status).toBe(1);
    expect(r.output).toContain(`${TARGET} is out of date`);
    expect(r.output).toContain('CI=true: generated files are checked, not rewritten');
    expect(read(TARGET)).toBe(stale);
  }
  // The repository's own copy is untouched.
  expect(fs.readFileSync(path.join(ROOT, TARGET), 'utf8')).not.toBe(stale);
});

it('with CI=true a stale table_layout.ts fails the build, and is left as it was', () => {
  const stale = `${read(LAYOUT)}// edited by hand\n`;
  fs.writeFileSync(path.join(dir, LAYOUT), stale);
  const r = run('build-simd.mjs', true);
  expect(r.status).toBe(1);
  expect(r.output).toContain(`${LAYOUT} is out of date`);
  expect(read(LAYOUT)).toBe(stale);
});
