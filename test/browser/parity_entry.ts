/**
 * Browser side of the Chromium parity suites: the same fixture runner as the Node suites, on webgl (WebGL2 or a
 * forced WebGL1) and webgpu. Bundled by harness.ts; parity.test.ts drives it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../../src/index';
import type {FixtureCase} from '../support/fixture_types';
import {divisorStepFailures} from '../support/divisor_step_cases';
import {runCase} from '../support/run_case';

export interface TargetArgs {
  backend: 'webgl' | 'webgpu';
  webglVersion?: 1 | 2;
}

/** Starts the backend in this page; returns null, or why it could not start. */
async function startTarget({backend, webglVersion}: TargetArgs): Promise<string | null> {
  try {
    if (webglVersion !== undefined) tf.env().set('WEBGL_VERSION', webglVersion);
    // SwiftShader is a software renderer; tfjs refuses it unless told otherwise.
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    const info = backend === 'webgl' ? `WebGL ${tf.env().getNumber('WEBGL_VERSION')}` : 'WebGPU';
    return tf.getBackend() === backend ? null : `backend is ${tf.getBackend()} (${info})`;
  } catch (e) {
    return String(e);
  }
}

async function runCases({backend, cases}: {backend: string; cases: FixtureCase[]}): Promise<string[][]> {
  const results: string[][] = [];
  for (const c of cases) {
    try {
      results.push(await runCase(tf, tt, backend, c));
    } catch (e) {
      results.push([`runner threw: ${(e as Error).stack ?? e}`]);
    }
  }
  return results;
}

/** The divisor step's sign-of-zero rule on this page's backend (GPUs may flush subnormals: the sign rule only). */
function runDivisorStep(): Promise<string[]> {
  return divisorStepFailures(tf, tt, false);
}

Object.assign(window, {startTarget, runCases, runDivisorStep, webglVersion: () => tf.env().getNumber('WEBGL_VERSION')});
