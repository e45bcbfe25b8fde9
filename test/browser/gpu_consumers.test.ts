/**
 * tfjs ops reading what this package's webgl and webgpu kernels leave on the GPU (gpu_consumers_entry.ts): each
 * output, read by tf.add and tf.transpose queued before any read back, equals its own `.data()`; the channels-last
 * ops (whose fallback transposes int32 inputs, outputs and indices around the channels-first kernels) equal the
 * channels-first ones rearranged; and the page logs no WGSL or validation error. Regression test of the webgpu
 * fallback's int32 transposes (src/ops/exact_permute.ts), whose invalid pipeline dropped whole command buffers.
 * A target that cannot start here is declared skipped before its tests exist, with the reason (in CI it runs and
 * fails): test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import {BrowserSession, startBrowser} from './harness';
import type {TargetArgs} from './gpu_consumers_entry';

const TARGETS: Array<{label: string; probe: ProbeTarget; args: TargetArgs}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', args: {backend: 'webgl'}},
  {label: 'webgpu', probe: 'webgpu', args: {backend: 'webgpu'}},
];
const problems = browserProblems();

let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, args} of TARGETS)
  describeIfAvailable(`tfjs ops reading this package's kernel outputs on ${label}`, problems[probe], () => {
    let consumers: string[] = [];
    let channelsLast: string[] = [];
    // Not counted: the driver's and tfjs's notes that the page reads results back synchronously (dataSync).
    const console_: string[] = [];
    const benign = /GL Driver Message \(OpenGL, Performance,.*ReadPixels|synchronously reading data from GPU/;

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'gpu_consumers_entry.ts')});
      const page = await session.newPage();
      try {
        page.page.on('console', m => {
          if ((m.type() === 'error' || m.type() === 'warning') && !benign.test(m.text())) {
            console_.push(`${m.type()}: ${m.text()}`);
          }
        });
        const problem = await page.evaluate<string | null>('startTarget', args);
        if (problem !== null) throw new Error(`${label} cannot start: ${problem}`);
        consumers = await page.evaluate<string[]>('runConsumers', args);
        channelsLast = await page.evaluate<string[]>('runChannelsLast');
      } finally {
        await page.close();
      }
    });

    it('tf.add and tf.transpose of every kernel output equal its .data()', () => {
      expect(consumers).toEqual([]);
    });
    it('channels-last pools (int32 and indices through the fallback) equal the channels-first ones', () => {
      expect(channelsLast).toEqual([]);
    });
    it('logs no error or warning in the page (shader compilation, validation)', () => {
      expect(console_).toEqual([]);
    });
  });
