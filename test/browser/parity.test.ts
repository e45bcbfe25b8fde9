/**
 * Parity with PyTorch in headless Chromium (Debian's chromium, SwiftShader): every fixture case on webgl
 * (WebGL2), webgl with WebGL1 forced, and webgpu. Cases run in the page in batches; each is reported as its own
 * jest test. A target that cannot start here is declared skipped before its tests exist (in CI it runs and fails):
 * test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable, itSkipped} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import {FixtureCase, decodeTensor} from '../support/fixture_types';
import {loadFixtureCases} from '../support/load_fixtures';
import {BrowserSession, startBrowser} from './harness';
import type {TargetArgs} from './parity_entry';

const TARGETS: Array<{label: string; probe: ProbeTarget; args: TargetArgs}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', args: {backend: 'webgl', webglVersion: 2}},
  {label: 'webgl (WebGL1)', probe: 'webgl1', args: {backend: 'webgl', webglVersion: 1}},
  {label: 'webgpu', probe: 'webgpu', args: {backend: 'webgpu'}},
];
const BATCH = 50;

const cases = loadFixtureCases();
const problems = browserProblems();

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
  if (max * values.length >= 2 ** 31) return "int32 window sums may pass ±2^31, beyond the shader's 32-bit sums";
  return null;
}
let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, args} of TARGETS) {
  describeIfAvailable(`parity with PyTorch on ${label}`, problems[probe], () => {
    const results: string[][] = [];
    let divisorStep: string[] = [];

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'parity_entry.ts')});
      const page = await session.newPage();
      try {
        const problem = await page.evaluate<string | null>('startTarget', args);
        if (problem !== null) throw new Error(`${label} cannot start: ${problem}`);
        divisorStep = await page.evaluate<string[]>('runDivisorStep');
        for (let i = 0; i < cases.length; i += BATCH) {
          const batch: FixtureCase[] = cases.slice(i, i + BATCH).map(({c}) => c);
          results.push(...(await page.evaluate<string[][]>('runCases', {backend: args.backend, cases: batch}, 600000)));
        }
      } finally {
        await page.close();
      }
    });

    it('has fixture cases', () => {
      // the committed fixtures; a directory of FIXTURE_CASES_DIR's (the fuzz sweep) holds what it holds
      expect(cases.length).toBeGreaterThanOrEqual(process.env.FIXTURE_CASES_DIR ? 1 : 400);
    });

    it("applies the divisor step's sign-of-zero rule (src/geometry/divisor_step.ts)", () => {
      expect(divisorStep).toEqual([]);
    });

    cases.forEach(({group, c}, i) => {
      const limit = args.backend === 'webgl' ? beyondWebglIntegers(c) : null;
      // A case the backend cannot compute exactly is reported as skipped, with why (README, Limits).
      if (limit !== null) {
        itSkipped(`${group}: ${c.name}`, limit);
        return;
      }
      it(`${group}: ${c.name}`, () => {
        expect(results[i]).toEqual([]);
      });
    });
  });
}
