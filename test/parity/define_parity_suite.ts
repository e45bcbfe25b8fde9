/**
 * The parity suite for one Node backend: every PyTorch fixture case through the public API (see run_case.ts for
 * what is checked). One jest test per case, named after its fixture group and case.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src/index';
import {loadFixtureCases} from '../support/load_fixtures';
import {IN_CI, startBackend} from '../support/node_backends';
import {runCase} from '../support/run_case';

export function defineParitySuite(backend: string): void {
  const cases = loadFixtureCases();
  describe(`parity with PyTorch on ${backend}`, () => {
    let unavailable: string | null = null;
    beforeAll(async () => {
      unavailable = await startBackend(backend);
      if (unavailable !== null && IN_CI) throw new Error(`backend ${backend} cannot start in CI: ${unavailable}`);
      if (unavailable !== null) console.warn(`SKIPPED ${backend} (CI not set): ${unavailable}`);
    });

    it('has fixture cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(400);
    });

    it.each(cases.map(({group, c}) => [`${group}: ${c.name}`, c]))('%s', async (_, c) => {
      if (unavailable !== null) {
        if (IN_CI) throw new Error(`backend ${backend} unavailable: ${unavailable}`);
        return;
      }
      expect(tf.getBackend()).toBe(backend);
      expect(await runCase(tf, tt, backend, c)).toEqual([]);
    });
  });
}
