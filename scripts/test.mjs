// `npm test`: the whole suite on every backend, after preparing what the suites need where it is missing:
//   1. type-check the tree (jest only transpiles) and build dist/ (the example imports the package by name) the
//      way `npm pack` does (its `prepare` script), checking that `npm pack --json` prints nothing but its JSON;
//      with CI=true that build checks the committed generated code (kernels/simd/pool_simd_wasm.ts and its table
//      layout) and fails where it is stale, instead of rewriting it (scripts/build-simd.mjs);
//   2. Debian's chromium for the webgl and webgpu suites (scripts/browser/ensure-chromium.sh);
//   3. tfjs-node for the tensorflow suite, installed offline (scripts/tfjs-node/install.sh);
//   4. the API reference (TypeDoc, typedoc.json) checked, not written: any TypeDoc warning fails the run;
//   5. jest over test/ and examples/.
// With CI=true a set-up step that fails stops the run (every backend must run in CI); elsewhere it is reported
// and the suites of that backend skip with the reason. Extra arguments go to jest.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

const require = createRequire(import.meta.url);
const inCI = process.env.CI === 'true' || process.env.CI === '1';

function run(what, command, args, {required}) {
  console.log(`\n> ${what}: ${command} ${args.join(' ')}`);
  const {status} = spawnSync(command, args, {stdio: 'inherit'});
  if (status === 0) return true;
  const message = `${what} failed (exit ${status})`;
  if (required || inCI) {
    console.error(message);
    process.exit(status || 1);
  }
  console.warn(`${message}; continuing: the suites that need it will report themselves skipped.`);
  return false;
}

/**
 * `npm pack --json` runs `prepare` (scripts/build.mjs, which builds dist/) and then prints the tarball's manifest
 * as JSON on stdout; tools read that output, so anything else on stdout (build logs) is a failure. The tarball
 * itself is thrown away: test/package/package.test.ts packs and installs its own.
 */
function packAndBuild() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-torch-ops-pack-'));
  console.log(`\n> build: npm pack --json (runs prepare: scripts/build.mjs)`);
  try {
    const {status, stdout} = spawnSync(npm, ['pack', '--json', '--pack-destination', dir],
                                       {stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8'});
    if (status !== 0) {
      console.error(`build failed (npm pack exit ${status})`);
      process.exit(status || 1);
    }
    let manifest;
    try {
      manifest = JSON.parse(stdout);
    } catch (e) {
      console.error(`npm pack --json printed something other than JSON on stdout (${e.message}):\n${stdout}`);
      process.exit(1);
    }
    console.log(`packed ${manifest[0].filename}: ${manifest[0].files.length} files, ${manifest[0].size} bytes`);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/** `npm run docs` without the HTML: a broken {@link} or a public API naming a type it does not export is an error. */
function checkDocs() {
  let typedoc;
  try {
    typedoc = join(dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
  } catch {
    const message = 'typedoc is not installed (a devDependency: npm install)';
    if (inCI) {
      console.error(message);
      process.exit(1);
    }
    console.warn(`\n> API reference: not checked, ${message}`);
    return;
  }
  run('API reference (typedoc.json, warnings are errors)', process.execPath, [typedoc, '--emit', 'none'],
      {required: true});
}

run('type-check', process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.'], {required: true});
packAndBuild();
run('chromium for webgl/webgpu', 'bash', ['scripts/browser/ensure-chromium.sh'], {required: false});
run('tfjs-node for tensorflow', 'bash', ['scripts/tfjs-node/install.sh'], {required: false});
checkDocs();
// The suites append every backend they skip (test/support/availability.ts) to this file; it is repeated last, so a
// run without a browser or tfjs-node says so where the eye lands.
const skipDir = mkdtempSync(join(tmpdir(), 'tfjs-torch-ops-skips-'));
process.env.TORCH_OPS_SKIP_LOG = join(skipDir, 'skips.jsonl');
console.log(`\n> jest`);
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], {stdio: 'inherit'});
const skips = existsSync(process.env.TORCH_OPS_SKIP_LOG) ?
    [...new Set(readFileSync(process.env.TORCH_OPS_SKIP_LOG, 'utf8').trim().split('\n'))].map(l => JSON.parse(l)) : [];
rmSync(skipDir, {recursive: true, force: true});
if (skips.length > 0) {
  console.warn(`\nNOT RUN HERE (skipped, counted as skipped by jest above; CI=true would fail them):`);
  for (const {what, problem} of skips) console.warn(`  - ${what}: ${problem}`);
} else {
  console.log('\nEvery backend ran (nothing skipped).');
}
process.exit(jest.status ?? 1);
