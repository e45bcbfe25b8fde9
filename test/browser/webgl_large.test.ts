/**
 * The webgl kernels on inputs longer than WEBGL_MAX_TEXTURE_SIZE in one dimension ([1,2,70000] and the like, whose
 * window tables are long too), on WebGL2 and on a forced WebGL1, against the cpu backend in the same page.
 * The fixtures stay small; this is where texture squarification, multi-pass means and packed inputs are checked.
 * In CI a WebGL that cannot start fails; elsewhere it is skipped with the reason printed.
 */
import * as path from 'path';
import {BrowserSession, isCI, startBrowser} from './harness';
import type {LargeArgs, LargeResult} from './webgl_large_entry';

const TARGETS: Array<{label: string; args: LargeArgs}> = [
  {label: 'WebGL2', args: {webglVersion: 2}},
  {label: 'WebGL1', args: {webglVersion: 1}},
];
/** Every case of webgl_large_entry.ts, so that a case missing from the page's answer fails. */
const CASE_COUNT = 12;

let session: BrowserSession | undefined;
let browserError: string | undefined;

beforeAll(async () => {
  try {
    session = await startBrowser({entry: path.join(__dirname, 'webgl_large_entry.ts')});
  } catch (e) {
    browserError = String(e);
  }
});

afterAll(async () => {
  await session?.close();
});

describe.each(TARGETS)('webgl ($label) on inputs longer than the max texture size', ({label, args}) => {
  let result: LargeResult = {};
  let unavailable: string | undefined;

  beforeAll(async () => {
    unavailable = browserError;
    if (session !== undefined) {
      const page = await session.newPage();
      try {
        result = await page.evaluate<LargeResult>('runLarge', args, 300000);
      } finally {
        await page.close();
      }
      unavailable = result.unavailable;
      if (process.env.BROWSER_TEST_VERBOSE === '1') {
        console.log(`${label} ms per case (forward + gradient on webgl): ${
            (result.cases ?? []).map(c => `${c.name}: ${c.webglMs}`).join('; ')}`);
      }
    }
    if (unavailable !== undefined) {
      if (isCI()) throw new Error(`webgl (${label}) cannot start in CI: ${unavailable}`);
      console.warn(`SKIPPED webgl (${label}) (CI not set): ${unavailable}`);
    }
  });

  it('agrees with cpu on every case', () => {
    if (unavailable !== undefined) {
      if (isCI()) throw new Error(`webgl (${label}) unavailable: ${unavailable}`);
      return;
    }
    // The point of the test: the inputs really are longer than one texture row.
    expect(result.maxTextureSize).toBeLessThan(70000);
    expect(result.cases).toHaveLength(CASE_COUNT);
    const failures = (result.cases ?? []).filter(c => c.failures.length > 0);
    expect(failures).toEqual([]);
  });
});
