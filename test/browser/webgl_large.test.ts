/**
 * The webgl kernels on inputs longer than WEBGL_MAX_TEXTURE_SIZE in one dimension ([1,2,70000] and the like, whose
 * window tables are long too), on WebGL2 and on a forced WebGL1, against the cpu backend in the same page.
 * The fixtures stay small; this is where texture squarification, multi-pass means and packed inputs are checked.
 * A WebGL that cannot start here is declared skipped (in CI it runs and fails): test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import {BrowserSession, startBrowser} from './harness';
import type {LargeArgs, LargeResult} from './webgl_large_entry';

const TARGETS: Array<{label: string; probe: ProbeTarget; args: LargeArgs}> = [
  {label: 'WebGL2', probe: 'webgl2', args: {webglVersion: 2}},
  {label: 'WebGL1', probe: 'webgl1', args: {webglVersion: 1}},
];
/** Every case of webgl_large_entry.ts, so that a case missing from the page's answer fails. */
const CASE_COUNT = 16;

const problems = browserProblems();
let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, args} of TARGETS) {
  describeIfAvailable(`webgl (${label}) on inputs longer than the max texture size`, problems[probe], () => {
    let result: LargeResult = {};

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'webgl_large_entry.ts')});
      const page = await session.newPage();
      try {
        result = await page.evaluate<LargeResult>('runLarge', args, 300000);
      } finally {
        await page.close();
      }
      if (result.unavailable !== undefined) throw new Error(`webgl (${label}) cannot start: ${result.unavailable}`);
      if (process.env.BROWSER_TEST_VERBOSE === '1') {
        console.log(
          `${label} ms per case (forward + gradient on webgl): ${(result.cases ?? [])
            .map(c => `${c.name}: ${c.webglMs}`)
            .join('; ')}`,
        );
      }
    });

    it('agrees with cpu on every case', () => {
      // The point of the test: the inputs really are longer than one texture row.
      expect(result.maxTextureSize).toBeLessThan(70000);
      expect(result.cases).toHaveLength(CASE_COUNT);
      const failures = (result.cases ?? []).filter(c => c.failures.length > 0);
      expect(failures).toEqual([]);
    });
  });
}
