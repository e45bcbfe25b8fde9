/**
 * The backend sweep (backend_sweep.ts) on the Node backends: SWEEP_COUNT (default 2000) valid random geometries
 * on wasm and tensorflow against cpu. A backend that cannot start here is declared skipped before its tests exist,
 * with the reason (in CI it runs and fails): test/support/availability.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src';
import {describeIfAvailable, IN_CI, nodeBackendProblem} from '../support/availability';
import {startBackend} from '../support/node_backends';
import {TOLERANCES} from '../support/tolerances';
import {caseKindOf, compareOutcomes, sweepCandidates, sweepCount} from './backend_sweep';
import {Call} from './arg_space';
import {CallOutcome, runCall} from './run_call';

const COUNT = sweepCount(process.env);
const calls: Call[] = [];
const cpu: CallOutcome[] = [];

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

for (const backend of ['wasm', 'tensorflow']) {
  describeIfAvailable(`${backend} against cpu`, nodeBackendProblem(backend), () => {
    it(`runs ${COUNT} random geometries as cpu does`, async () => {
      expect(calls.length).toBe(COUNT);
      const problem = await startBackend(backend);
      if (problem !== null) throw new Error(`backend ${backend} cannot start${IN_CI ? ' in CI' : ''}: ${problem}`);
      const failures: string[] = [];
      for (let i = 0; i < calls.length; i++) {
        const out = await runCall(tf, tt, calls[i]);
        const diff = compareOutcomes(cpu[i], out, TOLERANCES[backend][caseKindOf(calls[i], cpu[i])]);
        if (diff.length) failures.push(`${JSON.stringify(calls[i])}: ${diff.join('; ')}`);
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  });
}
