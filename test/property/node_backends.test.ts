/**
 * The backend sweep (backend_sweep.ts) on the Node backends: SWEEP_COUNT (default 2000) valid random geometries
 * on wasm and tensorflow against cpu. In CI a backend that cannot start fails; elsewhere it is skipped, saying why.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src';
import {IN_CI, startBackend} from '../support/node_backends';
import {TOLERANCES} from '../support/tolerances';
import {caseKindOf, compareOutcomes, sweepCandidates, sweepCount} from './backend_sweep';
import {Call} from './arg_space';
import {CallOutcome, runCall} from './run_call';

const COUNT = sweepCount(process.env);
let calls: Call[] = [];
let cpu: CallOutcome[] = [];

beforeAll(async () => {
  expect(await startBackend('cpu')).toBeNull();
  for (const c of sweepCandidates(COUNT)) {
    if (calls.length === COUNT) break;
    const out = await runCall(tf, tt, c);
    if (out.result !== undefined) {
      calls.push(c);
      cpu.push(out);
    }
  }
});

describe.each(['wasm', 'tensorflow'])('%s against cpu', backend => {
  it(`runs ${COUNT} random geometries as cpu does`, async () => {
    expect(calls.length).toBe(COUNT);
    const unavailable = await startBackend(backend);
    if (unavailable !== null) {
      if (IN_CI) throw new Error(`backend ${backend} cannot start in CI: ${unavailable}`);
      console.warn(`SKIPPED ${backend} sweep (CI not set): ${unavailable}`);
      return;
    }
    const failures: string[] = [];
    for (let i = 0; i < calls.length; i++) {
      const out = await runCall(tf, tt, calls[i]);
      const diff = compareOutcomes(cpu[i], out, TOLERANCES[backend][caseKindOf(calls[i], cpu[i])]);
      if (diff.length) failures.push(`${JSON.stringify(calls[i])}: ${diff.join('; ')}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
