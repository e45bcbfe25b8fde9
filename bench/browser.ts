/**
 * Node side of the browser benchmark: starts Debian's chromium through test/browser/harness.ts (WebGL2 and WebGPU on
 * SwiftShader, a CPU software rasterizer: these ratios are SwiftShader's, not a GPU's), opens one fresh page per
 * backend (fresh tf engine) and runs bench/browser_entry.mjs there, one configuration per call.
 *
 * TypeScript because the harness is: scripts/bench.mjs bundles this file with esbuild into
 * bench/results/<pid>-browser.cjs (two levels below the repository root, where the harness's REPO_ROOT =
 * __dirname/../.. still holds; not under .cache, which may be a symlink to another checkout's) and runs
 *   node bench/results/browser.cjs [--backends=webgl,webgpu] [--quick] [--shape=8,64,56,56] [--only=REGEX]
 *                                 [--json=FILE]
 * A backend that does not start is reported as skipped with the reason.
 */
import * as fs from 'fs';
import {parseCli} from '../scripts/cli.mjs';
import {startBrowser} from '../test/browser/harness';

interface Row {
  id: string;
  name: string;
  [key: string]: unknown;
}

async function main(): Promise<void> {
  const {values} = parseCli({
    usage: 'node bench/results/<pid>-browser.cjs [OPTIONS]   (the bundle of bench/browser.ts; npm run bench runs it)',
    summary: 'Times the pools on webgl and webgpu in headless Chromium (SwiftShader).',
    options: {
      backends: {type: 'string', default: 'webgl,webgpu', valueName: 'LIST', description: 'webgl, webgpu or both'},
      quick: {type: 'boolean', description: 'fewer rounds'},
      shape: {type: 'string', default: '8,64,56,56', valueName: 'N,C,H,W', description: 'the 2-d input shape'},
      only: {type: 'string', valueName: 'REGEX', description: 'only the configurations whose name matches'},
      json: {type: 'string', valueName: 'FILE', description: 'write the results as JSON to FILE'},
    },
  });
  const args = values as {backends: string; shape: string; quick?: boolean; only?: string; json?: string};
  const backends = args.backends.split(',');
  const shape = args.shape.split(',').map(Number);
  const result: Record<string, unknown> = {};
  let session;
  try {
    session = await startBrowser({entry: 'bench/browser_entry.mjs', evaluateTimeoutMs: 600_000});
  } catch (e) {
    const reason = `chromium did not start: ${String((e as Error).message).split('\n')[0]}`;
    for (const b of backends) result[b] = {backend: b, skipped: reason};
  }
  if (session) {
    try {
      const list = await session.evaluate<Row[]>('benchList', {shape});
      const ids = list.filter(c => !args.only || new RegExp(args.only).test(c.name)).map(c => c.id);
      for (const backend of backends) {
        const page = await session.newPage();
        const t0 = Date.now();
        try {
          const info = await page.evaluate<Record<string, unknown>>('benchInit', {backend, shape});
          if (!info.ok) {
            result[backend] = {backend, skipped: info.reason};
            console.log(`${backend}: skipped: ${info.reason}`);
            continue;
          }
          const rows: Row[] = [];
          for (const id of ids) {
            const row = await page.evaluate<Row>('benchConfig', {id, quick: args.quick === true});
            rows.push(row);
            console.error(`${backend}: ${row.name}: ${JSON.stringify(row.ms)}`);
          }
          result[backend] = {
            backend,
            shape,
            browser: `chromium ${session.browserVersion}`,
            ...info,
            rows,
            seconds: (Date.now() - t0) / 1000,
            native: `tfjs-${backend}'s own kernel on NHWC input ('valid'; AvgPoolGrad 'same'; tf.mean)`,
            emulated: `transpose → (pad) → tfjs-${backend} kernel → transpose`,
          };
        } catch (e) {
          result[backend] = {backend, skipped: String((e as Error).message).split('\n')[0]};
          console.log(`${backend}: skipped: ${(result[backend] as {skipped: string}).skipped}`);
        } finally {
          await page.close();
        }
      }
    } finally {
      await session.close();
    }
  }
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(result, null, 1));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
