/**
 * The divisor step's sign-of-zero rule through each Node backend's kernels: cpu with the SIMD modules
 * (AssemblyScript: lanes along rows, lanes across planes) and with the scalar loops (TypeScript), wasm, and
 * tensorflow (TensorFlow ops). Cases: test/support/divisor_step_cases.ts (also run on webgl and webgpu by
 * test/browser/parity_avg.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src/index';
import {BoxSimdMode, setBoxSimdMode} from '../../kernels/shared/box_simd';
import {describeIfAvailable, nodeBackendProblem} from '../support/availability';
import {divisorStepFailures} from '../support/divisor_step_cases';
import {startBackend} from '../support/node_backends';

async function use(backend: string): Promise<void> {
  const problem = await startBackend(backend);
  if (problem !== null) throw new Error(`backend ${backend} cannot start: ${problem}`);
}

afterEach(() => setBoxSimdMode('auto'));

describe('cpu', () => {
  beforeAll(() => use('cpu'));
  it.each(['rows', 'planes', 'off'] as BoxSimdMode[])('SIMD mode %s', async mode => {
    setBoxSimdMode(mode);
    expect(await divisorStepFailures(tf, tt, true)).toEqual([]);
  });
});

describe('wasm', () => {
  beforeAll(() => use('wasm'));
  it.each(['rows', 'planes', 'off'] as BoxSimdMode[])('SIMD mode %s', async mode => {
    setBoxSimdMode(mode);
    expect(await divisorStepFailures(tf, tt, true)).toEqual([]);
  });
});

describeIfAvailable('tensorflow', nodeBackendProblem('tensorflow'), () => {
  beforeAll(() => use('tensorflow'));
  it('TensorFlow ops (subnormals flushed: the sign rule only)', async () => {
    expect(await divisorStepFailures(tf, tt, false)).toEqual([]);
  });
});
