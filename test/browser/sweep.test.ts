/**
 * The backend sweep (test/property/backend_sweep.ts) in headless Chromium: SWEEP_COUNT (default 2000) valid
 * random geometries on webgl (WebGL2), webgl (WebGL1) and webgpu against the cpu result computed here, in a few
 * page calls. int32 inputs stay within ±2^24 here (webgl stores int32 as float32; README, Limits); the int64
 * fixtures cover larger ones where the backend holds them. In CI a target that cannot start fails.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src';
import type {Call} from '../property/arg_space';
import {caseKindOf, compareOutcomes, sweepCandidates, sweepCount} from '../property/backend_sweep';
import {CallOutcome, runCall} from '../property/run_call';
import {startBackend} from '../support/node_backends';
import {TOLERANCES} from '../support/tolerances';
import {BrowserSession, isCI, startBrowser} from './harness';

const COUNT = sweepCount(process.env);
const BATCH = 500;
const TARGETS = [
  {label: 'webgl (WebGL2)', backend: 'webgl', webglVersion: 2},
  {label: 'webgl (WebGL1)', backend: 'webgl', webglVersion: 1},
  {label: 'webgpu', backend: 'webgpu'},
];

let session: BrowserSession | undefined;
let browserError: string | undefined;
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
  try {
    session = await startBrowser({entry: path.join(__dirname, 'sweep_entry.ts')});
  } catch (e) {
    browserError = String(e);
  }
});

afterAll(async () => {
  await session?.close();
});

it.each(TARGETS)(`$label runs ${COUNT} random geometries as cpu does`, async ({label, backend, webglVersion}) => {
  expect(calls.length).toBe(COUNT);
  let unavailable = browserError;
  const failures: string[] = [];
  if (session !== undefined) {
    const page = await session.newPage();
    unavailable = (await page.evaluate<string | null>('startTarget', {backend, webglVersion})) ?? undefined;
    for (let i = 0; unavailable === undefined && i < calls.length; i += BATCH) {
      const outs = await page.evaluate<CallOutcome[]>('runCalls', calls.slice(i, i + BATCH), 600000);
      outs.forEach((o, j) => {
        const k = i + j;
        const diff = compareOutcomes(cpu[k], {...o, input: cpu[k].input},
                                     TOLERANCES[backend][caseKindOf(calls[k], cpu[k])]);
        if (diff.length) failures.push(`${JSON.stringify(calls[k])}: ${diff.join('; ')}`);
      });
    }
    await page.close();
  }
  if (unavailable !== undefined) {
    if (isCI()) throw new Error(`${label} cannot start in CI: ${unavailable}`);
    console.warn(`SKIPPED ${label} sweep (CI not set): ${unavailable}`);
    return;
  }
  expect(failures.slice(0, 5)).toEqual([]);
});
