/**
 * Browser side of the backend sweep (test/property/backend_sweep.ts): runs a batch of calls on webgl (WebGL2 or
 * a forced WebGL1) or webgpu and returns each outcome. Bundled by harness.ts; sweep.test.ts drives it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../../src/index';
import type {Call} from '../property/arg_space';
import {CallOutcome, runCall} from '../property/run_call';
import {TargetArgs, startTarget} from './start_target';

/** Outcomes without the input values (the node side has them), to keep the page's answer small. */
async function runCalls(calls: Call[]): Promise<Array<Omit<CallOutcome, 'input'>>> {
  const out: Array<Omit<CallOutcome, 'input'>> = [];
  for (const c of calls) {
    try {
      const {failures, result, indices, error} = await runCall(tf, tt, c);
      out.push({failures, result, indices, error});
    } catch (e) {
      out.push({failures: [`runner threw: ${(e as Error).stack ?? e}`]});
    }
  }
  return out;
}

Object.assign(window, {startTarget: (args: TargetArgs) => startTarget(tf, args), runCalls});
