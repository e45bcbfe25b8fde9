/**
 * Which backends can start here, decided synchronously BEFORE a suite declares its tests, so that a backend that
 * cannot start makes its tests *skipped* in jest's summary (describe.skip, with the reason printed), never passed.
 * In CI (CI=true) every backend must run: the suite is declared as usual and fails when its backend cannot start.
 *
 * Every skipped suite or test carries its reason in its name, as skipTitle writes it: `npm test` (scripts/test.mjs)
 * reads jest's JSON results and ends with one report of the skipped tests grouped by that reason.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import type {ProbeResult, ProbeTarget} from '../browser/probe_entry';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

const ROOT = path.resolve(__dirname, '..', '..');

/** Why a Node backend cannot start here (null: it can). cpu and wasm are dependencies; tfjs-node is optional. */
export function nodeBackendProblem(backend: string): string | null {
  if (backend !== 'tensorflow') return null;
  const r = spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '3'},
  });
  if (r.status === 0) return null;
  const line = (r.stderr || '').split('\n').find(l => /Error|Cannot find/.test(l)) ?? `exit ${r.status}`;
  return `@tensorflow/tfjs-node does not load (${line.trim()}); install it with scripts/tfjs-node/install.sh`;
}

let probed: ProbeResult | undefined;

/**
 * Why each browser target cannot start here (null: it can): chromium launched as the suites launch it, asked for a
 * WebGL2 context, a WebGL1 context and a WebGPU adapter (test/browser/probe.ts). Asked once per jest run, of the
 * shared chromium, by test/browser/global_setup.ts ($TORCH_OPS_BROWSER_PROBE); without that answer (no shared
 * chromium), by running probe.ts in a child process.
 */
export function browserProblems(): ProbeResult {
  if (probed !== undefined) return probed;
  if (process.env.TORCH_OPS_BROWSER_PROBE) {
    probed = JSON.parse(process.env.TORCH_OPS_BROWSER_PROBE) as ProbeResult;
    return probed;
  }
  const out = path.join(os.tmpdir(), `tfjs-torch-ops-probe-${process.pid}.cjs`);
  try {
    esbuild.buildSync({
      entryPoints: [path.join(ROOT, 'test', 'browser', 'probe.ts')],
      bundle: true,
      platform: 'node',
      packages: 'external',
      format: 'cjs',
      outfile: out,
      logLevel: 'error',
      nodePaths: [path.join(ROOT, 'node_modules')],
      // The bundle runs from the temp dir; the harness finds the repository through __dirname.
      define: {__dirname: JSON.stringify(path.join(ROOT, 'test', 'browser'))},
    });
    const r = spawnSync(process.execPath, [out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180000,
      env: {...process.env, NODE_PATH: path.join(ROOT, 'node_modules')},
    });
    const line = (r.stdout || '').trim().split('\n').pop() ?? '';
    probed = line.startsWith('{')
      ? (JSON.parse(line) as ProbeResult)
      : allTargets(
          `the browser probe failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}): ${(r.stderr || '').trim()}`,
        );
  } catch (e) {
    probed = allTargets(`the browser probe failed: ${(e as Error).message}`);
  } finally {
    fs.rmSync(out, {force: true});
  }
  return probed!;
}

function allTargets(reason: string): ProbeResult {
  return {browser: reason, webgl2: reason, webgl1: reason, webgpu: reason};
}

export type {ProbeTarget};

/**
 * `describe(name, fn)` where `problem` is null or in CI; otherwise `describe.skip`, with the reason in the suite's
 * name (skipTitle) and on the console.
 */
export function describeIfAvailable(name: string, problem: string | null, fn: () => void): void {
  if (problem === null || IN_CI) {
    describe(name, fn);
    return;
  }
  // Suites nested in a skipped one are skipped with it: reported once, by the outermost.
  if (insideSkipped === 0) reportSkip(name, problem);
  describe.skip(skipTitle(name, problem), () => {
    insideSkipped++;
    try {
      fn();
    } finally {
      insideSkipped--;
    }
  });
}

/** How many skipped suites are being declared around the current one (describe callbacks run synchronously). */
let insideSkipped = 0;

/** Prints why `what` is skipped. */
export function reportSkip(what: string, problem: string): void {
  console.warn(`SKIPPED ${what} (CI not set): ${problem}`);
}

/** The name of a skipped suite or test: scripts/test.mjs groups its skip report by the reason written here. */
export function skipTitle(name: string, reason: string): string {
  return `${name} [SKIPPED: ${reason}]`;
}

/** A test that this backend cannot run, for a documented reason (README, Limits): skipped, with the reason. */
export function itSkipped(name: string, reason: string): void {
  it.skip(skipTitle(name, reason), () => undefined);
}
