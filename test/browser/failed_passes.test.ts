/**
 * A failing program run leaks nothing: the multi-pass webgl and webgpu kernels (tiled windows, mean's passes, the max
 * pool's chunked scans and gradient, max_unpool's sort) made to throw at each of their program runs in turn, after
 * which tf.memory().numTensors and the backend's data ids must be as before (failed_passes_entry.ts says how).
 * A target that cannot start here is declared skipped (in CI it runs and fails): test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import type {FailedPassesArgs, FailedPassesResult} from './failed_passes_entry';
import {BrowserSession, startBrowser} from './harness';

const TARGETS: Array<{label: string; probe: ProbeTarget; args: FailedPassesArgs}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', args: {backend: 'webgl'}},
  {label: 'webgpu', probe: 'webgpu', args: {backend: 'webgpu'}},
];
/** FAIL_CASES in failed_passes_entry.ts */
const CASE_COUNT = 9;

const problems = browserProblems();
let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, args} of TARGETS) {
  describeIfAvailable(`${label}: a program that throws mid-kernel`, problems[probe], () => {
    let result: FailedPassesResult = {};

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'failed_passes_entry.ts')});
      const page = await session.newPage();
      try {
        result = await page.evaluate<FailedPassesResult>('runFailedPasses', args, 600000);
      } finally {
        await page.close();
      }
      if (result.unavailable !== undefined) throw new Error(`${label} cannot start: ${result.unavailable}`);
      console.log(
        `${label} program runs per case: ${(result.cases ?? []).map(c => `${c.name}: ${c.programs.length}`).join('; ')}`,
      );
    });

    it('takes the multi-pass path under test in every case', () => {
      expect(result.cases).toHaveLength(CASE_COUNT);
      expect((result.cases ?? []).filter(c => c.path.length > 0)).toEqual([]);
    });

    it('leaks no tensor and no backend data when any one program run throws', () => {
      expect((result.cases ?? []).filter(c => c.failures.length > 0)).toEqual([]);
    });
  });
}
