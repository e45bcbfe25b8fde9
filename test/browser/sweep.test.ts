/**
 * The backend sweep (test/property/backend_sweep.ts) in headless Chromium: BROWSER_SWEEP_COUNT (300; SWEEP_COUNT,
 * as `npm run fuzz` sets it, replaces it) valid random geometries on webgl (WebGL2) and webgpu, a quarter of them on
 * webgl (WebGL1) (below), against the cpu result computed here, in a few page calls. The Node backends run 2000
 * (node_backends.test.ts); here SwiftShader compiles each geometry's shaders, and the fixture parity suites
 * (parity_suite.ts) already run every program path on every target, so `npm test` keeps the browser sweep short
 * and the nightly `npm run fuzz` runs the long one. int32 inputs
 * stay within ±2^24 here (webgl stores int32 as float32; README, Limits); the int64 fixtures cover larger ones where
 * the backend holds them. A target that cannot start here is declared skipped before its tests exist, with the
 * reason (in CI it runs and fails): test/support/availability.ts.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src';
import type {Call} from '../property/arg_space';
import {caseKindOf, compareOutcomes, sweepCandidates, sweepCount} from '../property/backend_sweep';
import {CallOutcome, runCall} from '../property/run_call';
import {startBackend} from '../support/node_backends';
import {TOLERANCES} from '../support/tolerances';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import {BrowserSession, startBrowser} from './harness';

/** `npm test`'s size of the browser sweep; `npm run fuzz -- <count>` sets SWEEP_COUNT. */
const BROWSER_SWEEP_COUNT = 300;
const COUNT = process.env.SWEEP_COUNT ? sweepCount(process.env) : BROWSER_SWEEP_COUNT;
const BATCH = 500;
/**
 * WebGL1, webgl's fallback context, runs a quarter of the geometries unless SWEEP_COUNT is set (`npm run fuzz`):
 * every geometry compiles its own shaders there (≈ 0.13 s each on SwiftShader), and the webgl backend already runs
 * COUNT of them under WebGL2, whose programs are the same but for the GLSL dialect.
 */
const WEBGL1_COUNT = process.env.SWEEP_COUNT ? COUNT : Math.ceil(COUNT / 4);
const TARGETS: Array<{label: string; probe: ProbeTarget; backend: string; webglVersion?: number; count: number}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', backend: 'webgl', webglVersion: 2, count: COUNT},
  {label: 'webgl (WebGL1)', probe: 'webgl1', backend: 'webgl', webglVersion: 1, count: WEBGL1_COUNT},
  {label: 'webgpu', probe: 'webgpu', backend: 'webgpu', count: COUNT},
];
const problems = browserProblems();

let session: BrowserSession | undefined;
const calls: Call[] = [];
const cpu: CallOutcome[] = [];

beforeAll(async () => {
  expect(await startBackend('cpu')).toBeNull();
  for (const c of sweepCandidates(COUNT)) {
    if (calls.length === COUNT) break;
    const call = c.input.dtype === 'int32' ? {...c, input: {...c.input, values: 'small' as const}} : c;
    const out = await runCall(tf, tt, call);
    if (out.result !== undefined) {
      calls.push(call);
      cpu.push(out);
    }
  }
});

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, backend, webglVersion, count} of TARGETS) {
  describeIfAvailable(`the sweep on ${label}`, problems[probe], () => {
    it(`runs ${count} random geometries as cpu does`, async () => {
      expect(calls.length).toBe(COUNT);
      session ??= await startBrowser({entry: path.join(__dirname, 'sweep_entry.ts')});
      const failures: string[] = [];
      const page = await session.newPage();
      try {
        const problem = await page.evaluate<string | null>('startTarget', {backend, webglVersion});
        if (problem !== null) throw new Error(`${label} cannot start: ${problem}`);
        for (let i = 0; i < count; i += BATCH) {
          const outs = await page.evaluate<CallOutcome[]>(
            'runCalls',
            calls.slice(i, Math.min(i + BATCH, count)),
            600000,
          );
          outs.forEach((o, j) => {
            const k = i + j;
            const diff = compareOutcomes(
              cpu[k],
              {...o, input: cpu[k].input},
              TOLERANCES[backend][caseKindOf(calls[k], cpu[k])],
            );
            if (diff.length) failures.push(`${JSON.stringify(calls[k])}: ${diff.join('; ')}`);
          });
        }
      } finally {
        await page.close();
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  });
}
