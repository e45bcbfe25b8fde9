/**
 * Bounded GPU loops (src/geometry/gpu_tiles.ts): avgPool2d with 255×255 windows, a 5000-wide 1-d window (whose
 * gradient gathers from 5000 outputs per input), adaptiveAvgPool2d 4096×4096 → (1, 2) and mean over 16M elements,
 * each with its gradient, on webgl (WebGL2 and a forced WebGL1) and webgpu, against the cpu backend in the same page.
 * A target that cannot start here is declared skipped (in CI it runs and fails): test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import type {BoundedArgs, BoundedResult} from './bounded_loops_entry';
import {BrowserSession, startBrowser} from './harness';

const TARGETS: Array<{label: string; probe: ProbeTarget; args: BoundedArgs}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', args: {backend: 'webgl', webglVersion: 2}},
  {label: 'webgl (WebGL1)', probe: 'webgl1', args: {backend: 'webgl', webglVersion: 1}},
  {label: 'webgpu', probe: 'webgpu', args: {backend: 'webgpu'}},
];
const CASE_COUNT = 5;

const problems = browserProblems();
let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, args} of TARGETS) {
  describeIfAvailable(`${label}: windows and reductions beyond MAX_WINDOW_ELEMENTS`, problems[probe], () => {
    let result: BoundedResult = {};

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'bounded_loops_entry.ts')});
      const page = await session.newPage();
      try {
        result = await page.evaluate<BoundedResult>('runBounded', args, 600000);
      } finally {
        await page.close();
      }
      if (result.unavailable !== undefined) throw new Error(`${label} cannot start: ${result.unavailable}`);
      console.log(
        `${label} ms per case (forward + gradient): ${(result.cases ?? []).map(c => `${c.name}: ${c.ms}`).join('; ')}`,
      );
    });

    it('agrees with cpu, forward and backward, on every case', () => {
      expect(result.cases).toHaveLength(CASE_COUNT);
      expect((result.cases ?? []).filter(c => c.failures.length > 0)).toEqual([]);
    });
  });
}
