/**
 * The webgl (WebGL2, forced WebGL1) and webgpu kernels' native channels-last paths in headless Chromium
 * (channels_last_entry.ts): each kernel called with `layout: 'channelsLast'` equals the channels-first kernel's
 * result transposed (exactly for the max family, unpool, gather and int32; float averages within the tolerance
 * table), runs no Transpose kernel, and leaks nothing. PyTorch's own channels-last results are the fixtures' job.
 * A target that cannot start here is declared skipped before its tests exist, with the reason (in CI it runs and
 * fails): test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import {BrowserSession, startBrowser} from './harness';
import type {CaseResult, TargetArgs} from './channels_last_entry';

const TARGETS: Array<{label: string; probe: ProbeTarget; args: TargetArgs}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', args: {backend: 'webgl', webglVersion: 2}},
  {label: 'webgl (WebGL1)', probe: 'webgl1', args: {backend: 'webgl', webglVersion: 1}},
  {label: 'webgpu', probe: 'webgpu', args: {backend: 'webgpu'}},
];
const problems = browserProblems();

let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, args} of TARGETS)
  describeIfAvailable(`channels-last kernels on ${label}`, problems[probe], () => {
    let results: CaseResult[] = [];
    const console_: string[] = [];
    const benign = /GL Driver Message \(OpenGL, Performance,.*ReadPixels|synchronously reading data from GPU/;

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'channels_last_entry.ts')});
      const page = await session.newPage();
      try {
        page.page.on('console', m => {
          if ((m.type() === 'error' || m.type() === 'warning') && !benign.test(m.text())) {
            console_.push(`${m.type()}: ${m.text()}`);
          }
        });
        const problem = await page.evaluate<string | null>('startTarget', args);
        if (problem !== null) throw new Error(`${label} cannot start: ${problem}`);
        results = await page.evaluate<CaseResult[]>('runAll', undefined, 300000);
      } finally {
        await page.close();
      }
    });

    it('agrees with the channels-first kernel transposed, runs no Transpose and leaks nothing', () => {
      expect(results.length).toBeGreaterThan(20);
      expect(results.filter(r => r.failures.length > 0)).toEqual([]);
    });
    it('logs no error or warning in the page (shader compilation, validation)', () => {
      expect(console_).toEqual([]);
    });
  });
