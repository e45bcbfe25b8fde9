// `npm test`: the whole suite on every backend, after preparing what the suites need where it is missing:
//   1. type-check the tree (jest only transpiles) and build dist/ (the example imports the package by name);
//   2. Debian's chromium for the webgl and webgpu suites (scripts/browser/ensure-chromium.sh);
//   3. tfjs-node for the tensorflow suite, installed offline (scripts/tfjs-node/install.sh);
//   4. jest over test/ and examples/.
// With CI=true a set-up step that fails stops the run (every backend must run in CI); elsewhere it is reported
// and the suites of that backend skip with the reason. Extra arguments go to jest.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';

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

run('type-check', process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.'], {required: true});
run('build', process.execPath, ['scripts/build.mjs'], {required: true});
run('chromium for webgl/webgpu', 'bash', ['scripts/browser/ensure-chromium.sh'], {required: false});
run('tfjs-node for tensorflow', 'bash', ['scripts/tfjs-node/install.sh'], {required: false});
// The suites append every backend they skip (test/support/availability.ts) to this file; it is repeated last, so a
// run without a browser or tfjs-node says so where the eye lands.
const skipDir = mkdtempSync(path.join(os.tmpdir(), 'tfjs-torch-ops-skips-'));
process.env.TORCH_OPS_SKIP_LOG = path.join(skipDir, 'skips.jsonl');
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
