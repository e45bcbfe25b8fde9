/**
 * Parity with PyTorch in headless Chromium (Debian's chromium, SwiftShader): every fixture case on webgl
 * (WebGL2), webgl with WebGL1 forced, and webgpu. Cases run in the page in batches; each is reported as its own
 * jest test. A target that cannot start here is declared skipped before its tests exist (in CI it runs and fails):
 * test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import type {FixtureCase} from '../support/fixture_types';
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
          results.push(...await page.evaluate<string[][]>('runCases', {backend: args.backend, cases: batch}, 600000));
        }
      } finally {
        await page.close();
      }
    });

    it('has fixture cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(400);
    });

    it('applies the divisor step\'s sign-of-zero rule (src/geometry/divisor_step.ts)', () => {
      expect(divisorStep).toEqual([]);
    });

    it.each(cases.map(({group, c}, i) => [`${group}: ${c.name}`, i]))('%s', (_, i) => {
      expect(results[i as number]).toEqual([]);
    });
  });
}
