/**
 * Parity with PyTorch in headless Chromium (Debian's chromium, SwiftShader): every fixture case on webgl
 * (WebGL2), webgl with WebGL1 forced, and webgpu. Cases run in the page in batches; each is reported as its own
 * jest test. In CI a target that cannot start fails; elsewhere it is skipped with the reason printed.
 */
import * as path from 'path';
import {FixtureCase, decodeTensor} from '../support/fixture_types';
import {loadFixtureCases} from '../support/load_fixtures';
import {BrowserSession, isCI, startBrowser} from './harness';
import type {TargetArgs} from './parity_entry';

const TARGETS: Array<{label: string; args: TargetArgs}> = [
  {label: 'webgl (WebGL2)', args: {backend: 'webgl', webglVersion: 2}},
  {label: 'webgl (WebGL1)', args: {backend: 'webgl', webglVersion: 1}},
  {label: 'webgpu', args: {backend: 'webgpu'}},
];
const BATCH = 50;

const cases = loadFixtureCases();

/**
 * Why an int32 avg-pool case is beyond what webgl computes exactly, or null: tfjs stores int32 as float32 (exact to ±2^24)
 * and the shaders sum in 32-bit ints (a window sum, bounded here by max|x| times the input's size, must stay within
 * ±2^31). README, Limits.
 */
function beyondWebglIntegers(c: FixtureCase): string | null {
  // Only avg pools compute on int32 (mean casts to float32 as PyTorch does, adaptive pools refuse int64).
  if (c.input.dtype !== 'int32' || !c.op.startsWith('avgPool') || c.output === undefined) return null;
  const {values} = decodeTensor(c.input);
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  if (max > 2 ** 24) return `int32 input up to ${max}, beyond the ±2^24 webgl's float32 storage holds`;
  if (max * values.length >= 2 ** 31) return 'int32 window sums may pass ±2^31, beyond the shader\'s 32-bit sums';
  return null;
}
let session: BrowserSession | undefined;
let browserError: string | undefined;

beforeAll(async () => {
  try {
    session = await startBrowser({entry: path.join(__dirname, 'parity_entry.ts')});
  } catch (e) {
    browserError = String(e);
  }
});

afterAll(async () => {
  await session?.close();
});

describe.each(TARGETS)('parity with PyTorch on $label', ({label, args}) => {
  let unavailable: string | undefined;
  let results: string[][] = [];

  beforeAll(async () => {
    unavailable = browserError;
    if (session !== undefined) {
      const page = await session.newPage();
      unavailable = (await page.evaluate<string | null>('startTarget', args)) ?? undefined;
      for (let i = 0; unavailable === undefined && i < cases.length; i += BATCH) {
        const batch: FixtureCase[] = cases.slice(i, i + BATCH).map(({c}) => c);
        results.push(...await page.evaluate<string[][]>('runCases', {backend: args.backend, cases: batch}, 600000));
      }
      await page.close();
    }
    if (unavailable !== undefined) {
      if (isCI()) throw new Error(`${label} cannot start in CI: ${unavailable}`);
      console.warn(`SKIPPED ${label} (CI not set): ${unavailable}`);
    }
  });

  it('has fixture cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
  });

  cases.forEach(({group, c}, i) => {
    const limit = args.backend === 'webgl' ? beyondWebglIntegers(c) : null;
    // A case the backend cannot compute exactly is reported as skipped, with why (README, Limits).
    if (limit !== null) {
      it.skip(`${group}: ${c.name} (skipped: ${limit})`, () => undefined);
      return;
    }
    it(`${group}: ${c.name}`, () => {
      if (unavailable !== undefined) {
        if (isCI()) throw new Error(`${label} unavailable: ${unavailable}`);
        return;
      }
      expect(results[i]).toEqual([]);
    });
  });
});
