/**
 * The parity suite for one Node backend: every PyTorch fixture case through the public API (see run_case.ts for
 * what is checked). One jest test per case, named after its fixture group and case. A backend that cannot start
 * here is declared skipped (in CI: run, and failing); see test/support/availability.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src/index';
import {describeIfAvailable, IN_CI, nodeBackendProblem} from '../support/availability';
import {loadFixtureCases} from '../support/load_fixtures';
import {startBackend} from '../support/node_backends';
import {runCase} from '../support/run_case';

export function defineParitySuite(backend: string): void {
  const cases = loadFixtureCases();
  describeIfAvailable(`parity with PyTorch on ${backend}`, nodeBackendProblem(backend), () => {
    beforeAll(async () => {
      const problem = await startBackend(backend);
      if (problem !== null) throw new Error(`backend ${backend} cannot start${IN_CI ? ' in CI' : ''}: ${problem}`);
    });

    it('has fixture cases', () => {
      // the committed fixtures; a directory of FIXTURE_CASES_DIR's (the fuzz sweep) holds what it holds
      expect(cases.length).toBeGreaterThanOrEqual(process.env.FIXTURE_CASES_DIR ? 1 : 400);
    });

    it.each(cases.map(({group, c}) => [`${group}: ${c.name}`, c]))('%s', async (_, c) => {
      expect(tf.getBackend()).toBe(backend);
      expect(await runCase(tf, tt, backend, c)).toEqual([]);
    });
  });
}
