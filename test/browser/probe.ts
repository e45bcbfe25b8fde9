/**
 * Whether each browser target (WebGL2, WebGL1, WebGPU) can start in this machine's chromium, launched exactly as the
 * browser suites launch it (harness.ts). Asked once per jest run by global_setup.ts (of the shared chromium); run as
 * a script (by test/support/availability.ts, when no run-wide answer exists) it prints the answer as one JSON line.
 * Either way the answer is known before any browser suite declares its tests, so that a target that cannot start is
 * declared skipped (describe.skip), not run and passed.
 */
import * as path from 'path';
import {startBrowser} from './harness';
import type {ProbeResult} from './probe_entry';

export async function probeBrowser(): Promise<ProbeResult> {
  try {
    const session = await startBrowser({entry: path.join(__dirname, 'probe_entry.ts')});
    try {
      return await session.evaluate<ProbeResult>('probeTargets');
    } finally {
      await session.close();
    }
  } catch (e) {
    const reason = `chromium cannot start: ${String((e as Error).message ?? e).split('\n')[0]}`;
    return {browser: reason, webgl2: reason, webgl1: reason, webgpu: reason};
  }
}

if (require.main === module) {
  void probeBrowser().then(result => process.stdout.write(`${JSON.stringify(result)}\n`));
}
