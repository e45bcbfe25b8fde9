/**
 * Browser side of the Chromium parity suites (parity_suite.ts): the same fixture runner as the Node suites, on webgl
 * (WebGL2 or a forced WebGL1) and webgpu. Bundled by harness.ts. On webgl it can also report, per case, which
 * programs the case ran (program_paths.ts), from which the suite picks the cases WebGL1 runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../../src/index';
import type {FixtureCase} from '../support/fixture_types';
import {divisorStepFailures} from '../support/divisor_step_cases';
import {runCase} from '../support/run_case';
import {programPath} from './program_paths';
import {TargetArgs, startTarget} from './start_target';

export interface CaseRun {
  failures: string[];
  /** with `recordPrograms`: programPath of every webgl program the case ran (forward, gradient, tfjs's own) */
  programs?: string[];
}

/** Runs `f`, collecting the programPath of each program the webgl backend runs meanwhile. */
async function withProgramsRecorded<T>(f: () => Promise<T>): Promise<{value: T; programs: string[]}> {
  const backend = tf.backend() as unknown as {runWebGLProgram: (...a: unknown[]) => unknown};
  const original = backend.runWebGLProgram;
  const programs = new Set<string>();
  backend.runWebGLProgram = function (this: unknown, ...args: unknown[]) {
    programs.add(programPath(args[0] as Parameters<typeof programPath>[0]));
    return original.apply(this, args);
  };
  try {
    return {value: await f(), programs: [...programs].sort()};
  } finally {
    backend.runWebGLProgram = original;
  }
}

async function runCases({
  backend,
  cases,
  recordPrograms,
}: {
  backend: string;
  cases: FixtureCase[];
  recordPrograms?: boolean;
}): Promise<CaseRun[]> {
  const results: CaseRun[] = [];
  for (const c of cases) {
    try {
      if (recordPrograms) {
        const {value, programs} = await withProgramsRecorded(() => runCase(tf, tt, backend, c));
        results.push({failures: value, programs});
      } else {
        results.push({failures: await runCase(tf, tt, backend, c)});
      }
    } catch (e) {
      results.push({failures: [`runner threw: ${(e as Error).stack ?? e}`]});
    }
  }
  return results;
}

/** The divisor step's sign-of-zero rule on this page's backend (GPUs may flush subnormals: the sign rule only). */
function runDivisorStep(): Promise<string[]> {
  return divisorStepFailures(tf, tt, false);
}

Object.assign(window, {startTarget: (args: TargetArgs) => startTarget(tf, args), runCases, runDivisorStep});
