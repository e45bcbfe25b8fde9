// `npm test`: the whole suite on every backend, after preparing what the suites need where it is missing. Steps 0-4
// are independent of each other and run at the same time (each one's output is printed as a block when it ends);
// jest starts when all of them have passed:
//   0. lint (eslint, eslint.config.mjs) and check the formatting (prettier --check, .prettierrc.json);
//   1. type-check the tree (jest only transpiles) and build dist/ (the example imports the package by name) the
//      way `npm pack` does (its `prepack` script), checking that `npm pack --json` prints nothing but its JSON;
//      with CI=true that build checks the committed generated code (kernels/simd/pool_simd_wasm.ts and its table
//      layout) and fails where it is stale, instead of rewriting it (scripts/build-simd.mjs);
//   2. Debian's chromium for the webgl and webgpu suites (scripts/browser/ensure-chromium.sh);
//   3. tfjs-node for the tensorflow suite, installed offline (scripts/tfjs-node/install.sh);
//   4. the API reference (TypeDoc, typedoc.json) checked, not written: any TypeDoc warning fails the run;
//   5. jest over test/ and examples/.
// With CI=true a set-up step that fails stops the run (every backend must run in CI); elsewhere it is reported
// and the suites of that backend skip with the reason. Extra arguments go to jest (checked by jest before step 1).
// The last lines are the one skip report: jest's own count of skipped tests, grouped by the reason each carries in
// its name ("[SKIPPED: reason]", test/support/availability.ts skipTitle), read from jest's JSON results.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

const require = createRequire(import.meta.url);
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const jestBin = require.resolve('jest/bin/jest');
const jestArgs = process.argv.slice(2);
/** What eslint and prettier check: the code of the package, its tests, scripts, benchmarks and examples. */
const LINTED = ['src', 'kernels', 'test', 'scripts', 'bench', 'examples'];

if (jestArgs.includes('--help') || jestArgs.includes('-h')) {
  console.log(`usage: npm test [-- JEST_ARGUMENTS]   (node scripts/test.mjs [JEST_ARGUMENTS])

Lints and checks the formatting, type-checks, builds (npm pack --json), installs chromium and tfjs-node when missing, checks the API reference,
then runs jest over test/ and examples/ on every backend, and ends with one report of what was skipped and why.
With CI=true a set-up step that fails stops the run. README, Development gives the time and memory it takes.

JEST_ARGUMENTS go to jest as given, e.g. npm test -- test/api examples/quickstart.test.ts
(npx jest --help lists them; npm run test:cpu is jest alone).

options:
  -h, --help  print this help and exit`);
  process.exit(0);
}
// Jest's own check of its arguments, before the minutes of set-up (an unknown flag: its message, exit 2).
{
  const {status, stdout, stderr} = spawnSync(process.execPath, [jestBin, '--listTests', ...jestArgs], {
    encoding: 'utf8',
  });
  if (status !== 0) {
    process.stderr.write(`${stderr || stdout}\nerror: jest refused the arguments (npm test -- --help)\n`);
    process.exit(2);
  }
}

/** A devDependency's command-line script, from its package.json `bin` (their `exports` hide the path itself). */
function binOf(name) {
  const manifest = require.resolve(`${name}/package.json`);
  const {bin} = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

/**
 * Runs a step as a child process with its output captured, and prints the output under the step's title when it
 * ends (steps run at the same time; interleaved lines would be unreadable). Resolves to its exit status.
 */
function step(what, command, args) {
  return new Promise(resolve => {
    const t0 = Date.now();
    const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']});
    const chunks = [];
    child.stdout.on('data', c => chunks.push(c));
    child.stderr.on('data', c => chunks.push(c));
    const done = status => {
      const output = Buffer.concat(chunks).toString();
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      console.log(`\n> ${what}: ${command} ${args.join(' ')}  (${seconds} s, exit ${status})`);
      if (output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      resolve({status, output});
    };
    child.on('error', e => {
      chunks.push(Buffer.from(`${e.message}\n`));
      done(null);
    });
    child.on('close', status => done(status));
  });
}

/** A step that must pass (lint, formatting, types, the build, the API reference): its failure ends `npm test`. */
async function required(what, command, args) {
  const {status} = await step(what, command, args);
  return status === 0 ? null : `${what} failed (exit ${status})`;
}

/** A set-up step: in CI its failure ends `npm test`; elsewhere the suites that need it report themselves skipped. */
async function setUp(what, command, args) {
  const {status} = await step(what, command, args);
  if (status === 0) return null;
  const message = `${what} failed (exit ${status})`;
  if (inCI) return message;
  console.warn(`${message}; continuing: the suites that need it will report themselves skipped.`);
  return null;
}

/**
 * `npm pack --json` runs `prepack` (scripts/build.mjs, which builds dist/, and scripts/pack-manifest.mjs) and then
 * prints the tarball's manifest as JSON on stdout; tools read that output, so anything else on stdout (build logs)
 * is a failure. The tarball itself is thrown away: test/package/package.test.ts packs and installs its own.
 */
async function packAndBuild() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-torch-ops-pack-'));
  const t0 = Date.now();
  try {
    const {status, stdout, stderr} = await new Promise(resolve => {
      const child = spawn(npm, ['pack', '--json', '--pack-destination', dir], {stdio: ['ignore', 'pipe', 'pipe']});
      const out = [];
      const err = [];
      child.stdout.on('data', c => out.push(c));
      child.stderr.on('data', c => err.push(c));
      child.on('error', e => resolve({status: null, stdout: '', stderr: e.message}));
      child.on('close', code =>
        resolve({status: code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString()}),
      );
    });
    console.log(
      `\n> build: npm pack --json (runs prepack: scripts/build.mjs)  (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    if (stderr.trim() !== '') process.stdout.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
    if (status !== 0) return `build failed (npm pack exit ${status})`;
    let manifest;
    try {
      manifest = JSON.parse(stdout);
    } catch (e) {
      return `npm pack --json printed something other than JSON on stdout (${e.message}):\n${stdout}`;
    }
    console.log(`packed ${manifest[0].filename}: ${manifest[0].files.length} files, ${manifest[0].size} bytes`);
    return null;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/** `npm run docs` without the HTML: a broken {@link} or a public API naming a type it does not export is an error. */
async function checkDocs() {
  let typedoc;
  try {
    typedoc = join(dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
  } catch {
    const message = 'typedoc is not installed (a devDependency: npm install)';
    if (inCI) return message;
    console.warn(`\n> API reference: not checked, ${message}`);
    return null;
  }
  return required('API reference (typedoc.json, warnings are errors)', process.execPath, [typedoc, '--emit', 'none']);
}

const t0 = Date.now();
const problems = (
  await Promise.all([
    required('lint (eslint.config.mjs)', process.execPath, [binOf('eslint'), ...LINTED]),
    required('formatting (prettier --check; npm run format rewrites)', process.execPath, [
      binOf('prettier'),
      '--check',
      '--log-level=warn',
      ...LINTED,
    ]),
    required('type-check', process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.']),
    packAndBuild(),
    setUp('chromium for webgl/webgpu', 'bash', ['scripts/browser/ensure-chromium.sh']),
    setUp('tfjs-node for tensorflow', 'bash', ['scripts/tfjs-node/install.sh']),
    checkDocs(),
  ])
).filter(p => p !== null);
console.log(`\n> checks and set-up: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
// Jest's JSON results (beside its usual output) give the skip report its count and reasons, repeated last so that a
// run without a browser or tfjs-node says so where the eye lands.
const resultsDir = mkdtempSync(join(tmpdir(), 'tfjs-torch-ops-results-'));
const resultsFile = join(resultsDir, 'results.json');
const ownJson = jestArgs.some(a => a === '--json' || a.startsWith('--outputFile'));
console.log(`\n> jest`);
const resultArgs = ownJson ? [] : ['--json', `--outputFile=${resultsFile}`];
const jest = spawnSync(process.execPath, [jestBin, ...jestArgs, ...resultArgs], {stdio: 'inherit'});
const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
rmSync(resultsDir, {recursive: true, force: true});
if (results) console.log(skipReport(results));
process.exit(jest.status ?? 1);

/** One report of jest's skipped tests, grouped by the reason in their names, with jest's own count. */
function skipReport(r) {
  const skipped = r.testResults.flatMap(file =>
    file.assertionResults.filter(t => t.status === 'pending' || t.status === 'todo'),
  );
  if (skipped.length === 0) return '\nSkipped: none (every test jest selected ran).';
  const byReason = new Map();
  for (const t of skipped) {
    const reason = /\[SKIPPED: (.*)\]/.exec([...t.ancestorTitles, t.title].join(' '))?.[1] ?? 'no reason given';
    const group = byReason.get(reason) ?? [];
    group.push(t.fullName);
    byReason.set(reason, group);
  }
  const lines = [
    `\nSkipped: ${skipped.length} test${skipped.length === 1 ? '' : 's'} (jest's count above), ` +
      `by reason${inCI ? '' : ' (CI=true runs a skipped backend and fails when it cannot start)'}:`,
  ];
  for (const [reason, names] of byReason) {
    lines.push(`  - ${names.length} × ${reason}`);
    const shown = names.slice(0, 3).map(n => n.replace(/ ?\[SKIPPED: .*\]/, ''));
    lines.push(...shown.map(n => `      ${n}`));
    if (names.length > 3) lines.push(`      … and ${names.length - 3} more`);
  }
  return lines.join('\n');
}
