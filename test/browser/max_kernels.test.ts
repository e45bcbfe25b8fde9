/**
 * The webgl (WebGL2, forced WebGL1) and webgpu kernels of the max-pooling family in headless Chromium, against a
 * plain loop of PyTorch's rules computed in the page (max_kernels_entry.ts): random geometries (1d/2d/3d,
 * dilation, ceil mode, padding, adaptive bins, N=0, NaN/±inf/-0/ties/all-negative, int32), gradients, unpool with
 * duplicate indices, the gather, and windows long enough to need several bounded passes. All exact.
 * A target that cannot start here is declared skipped before its tests exist, with the reason (in CI it runs and
 * fails): test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import {BrowserSession, startBrowser} from './harness';
import type {CaseResult} from './max_kernels_entry';
import type {TargetArgs} from './start_target';

const TARGETS: Array<{label: string; probe: ProbeTarget; args: TargetArgs}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', args: {backend: 'webgl', webglVersion: 2}},
  {label: 'webgl (WebGL1)', probe: 'webgl1', args: {backend: 'webgl', webglVersion: 1}},
  {label: 'webgpu', probe: 'webgpu', args: {backend: 'webgpu'}},
];
const problems = browserProblems();
const RANDOM_CASES = 120;

let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, args} of TARGETS)
  describeIfAvailable(`max-pool family kernels on ${label}`, problems[probe], () => {
    let random: CaseResult[] = [];
    let fixed: CaseResult[] = [];
    // A shader that fails to compile shows only on the console (the dispatch then leaves its output unwritten).
    // Not counted: the driver's and tfjs's notes that the page reads results back synchronously (dataSync).
    const console_: string[] = [];
    const benign = /GL Driver Message \(OpenGL, Performance,.*ReadPixels|synchronously reading data from GPU/;

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'max_kernels_entry.ts')});
      const page = await session.newPage();
      try {
        page.page.on('console', m => {
          if ((m.type() === 'error' || m.type() === 'warning') && !benign.test(m.text())) {
            console_.push(`${m.type()}: ${m.text()}`);
          }
        });
        const problem = await page.evaluate<string | null>('startTarget', args);
        if (problem !== null) throw new Error(`${label} cannot start: ${problem}`);
        fixed = await page.evaluate<CaseResult[]>('runFixed', undefined, 600000);
        random = await page.evaluate<CaseResult[]>('runRandom', {seed: 20261129, count: RANDOM_CASES}, 600000);
      } finally {
        await page.close();
      }
    });

    const check = (results: () => CaseResult[]) => () => {
      const list = results();
      expect(list.length).toBeGreaterThan(0);
      expect(list.filter(r => r.failures.length > 0)).toEqual([]);
    };
    it(
      'agrees on the fixed cases (SEMANTICS.md §10.8, multi-pass windows, coverings and unpools)',
      check(() => fixed),
    );
    it(
      `agrees on ${RANDOM_CASES} random pools (with gradients) and their unpool/gather cases`,
      check(() => random),
    );
    it('logs no error or warning in the page (shader compilation, validation)', () => {
      expect(console_).toEqual([]);
    });
  });
