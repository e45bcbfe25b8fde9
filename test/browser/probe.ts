/**
 * Prints, as one JSON line, whether each browser target (WebGL2, WebGL1, WebGPU) can start in this machine's
 * chromium, launched exactly as the browser suites launch it (harness.ts). Run synchronously by
 * test/support/availability.ts before any browser suite declares its tests, so that a target that cannot start is
 * declared skipped (describe.skip), not run and passed.
 */
import * as path from 'path';
import {startBrowser} from './harness';
import type {ProbeResult} from './probe_entry';

async function main(): Promise<void> {
  let result: ProbeResult;
  try {
    const session = await startBrowser({entry: path.join(__dirname, 'probe_entry.ts')});
    try {
      result = await session.evaluate<ProbeResult>('probeTargets');
    } finally {
      await session.close();
    }
  } catch (e) {
    const reason = `chromium cannot start: ${String((e as Error).message ?? e).split('\n')[0]}`;
    result = {browser: reason, webgl2: reason, webgl1: reason, webgpu: reason};
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
