/**
 * Smoke test of the browser harness: WebGL2, forced WebGL1 and WebGPU backends
 * of TF.js start in headless chromium (SwiftShader) and compute an avgPool.
 *
 *   npx jest test/browser/smoke.test.ts
 *
 * A browser or backend that cannot start here is declared skipped before its tests
 * exist (with CI=true it runs, and fails): test/support/availability.ts.
 * Set BROWSER_SMOKE_REPORT=<file> to also write the collected info as JSON.
 */
import * as fs from 'fs';
import * as path from 'path';

import {browserProblems, describeIfAvailable} from '../support/availability';
import {BrowserPage, BrowserSession, startBrowser} from './harness';
import type {SmokeArgs, SmokeResult} from './smoke_entry';

const ENTRY = path.join(__dirname, 'smoke_entry.ts');

const problems = browserProblems();
let session: BrowserSession | undefined;
const report: Record<string, unknown> = {};

async function runSmoke(name: string, args: SmokeArgs, page?: BrowserPage): Promise<SmokeResult> {
  const target = page ?? session!;
  const t0 = Date.now();
  const r = await target.evaluate<SmokeResult>('smokeBackend', args);
  const wallMs = Date.now() - t0;
  report[name] = {...r, nodeWallMs: wallMs};
  console.log(`${name}: ${JSON.stringify({...r, nodeWallMs: wallMs})}`);
  if (!r.ok) throw new Error(`backend ${name} cannot start: ${r.error}`);
  expect(r.backend).toBe(args.backend);
  expect(r.shape).toEqual([1, 2, 2, 1]);
  expect(r.values).toEqual([1, 1, 1, 1]);
  return r;
}

describeIfAvailable('the browser harness', problems.browser, () => {
  beforeAll(async () => {
    const t0 = Date.now();
    session = await startBrowser({entry: ENTRY});
    report.browserVersion = session.browserVersion;
    report.executablePath = session.executablePath;
    report.args = session.args;
    report.harnessTimings = session.timings;
    report.startBrowserWallMs = Date.now() - t0;
    console.log(`chromium ${session.browserVersion} at ${session.origin}; timings ${JSON.stringify(session.timings)}`);
  });

  afterAll(async () => {
    if (session) await session.close();
    if (process.env.BROWSER_SMOKE_REPORT) {
      const out = path.resolve(process.env.BROWSER_SMOKE_REPORT);
      fs.mkdirSync(path.dirname(out), {recursive: true});
      fs.writeFileSync(out, JSON.stringify(report, null, 2));
    }
  });

  describeIfAvailable('webgl (WebGL2)', problems.webgl2, () => {
    test('backend starts and computes avgPool', async () => {
      const r = await runSmoke('webgl', {backend: 'webgl'});
      expect(r.webgl!.WEBGL_VERSION).toBe(2);
      expect(r.webgl!.contextIsWebGL2).toBe(true);
      expect(r.webgl!.WEBGL_MAX_TEXTURE_SIZE).toBeGreaterThanOrEqual(4096);
      expect(r.webgl!.WEBGL_RENDER_FLOAT32_CAPABLE).toBe(true);
    });
  });

  describeIfAvailable('webgpu', problems.webgpu, () => {
    test('backend starts and computes avgPool', async () => {
      const r = await runSmoke('webgpu', {backend: 'webgpu'});
      expect(r.webgpu!.adapterInfo).not.toBeNull();
    });
  });

  describeIfAvailable('webgl (WebGL1)', problems.webgl1, () => {
    test('WEBGL_VERSION forced to 1 (fresh page)', async () => {
      // A fresh page = fresh tf engine/flags; WEBGL_VERSION must be set before the webgl backend initialises.
      const page = await session!.newPage();
      try {
        const r = await runSmoke('webgl1', {backend: 'webgl', webglVersion: 1}, page);
        expect(r.webgl!.WEBGL_VERSION).toBe(1);
        expect(r.webgl!.contextIsWebGL2).toBe(false);
      } finally {
        await page.close();
      }
    });
  });

  describe('after the backends ran', () => {
    test('the pages produced no console errors', () => {
      expect(session!.consoleErrors).toEqual([]);
    });
  });
});
