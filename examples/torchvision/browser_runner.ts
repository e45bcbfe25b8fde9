/**
 * Node side of the Chromium runs: starts Debian's chromium through test/browser/harness.ts (WebGL2 and WebGPU on
 * SwiftShader), opens one fresh page (fresh tf engine) per backend and runs browser_entry.mjs's runTorchvision for
 * each model. TypeScript because the harness is; browser.mjs bundles it with esbuild and runs it:
 *   node <bundle> --out FILE [--backends webgl,webgpu] [--models a,b] [--runs N] [--input-raw FILE] [--profile]
 *                     [--demo MODEL]
 * FILE receives {[backend]: {unavailable} | {results: [{model, logits, buildMs, firstMs, medianMs, wallMs}]}}, and
 * with --demo, `demo`: what the demo page (demo.mjs) shows after running MODEL on both backends in a fresh page.
 */
import * as fs from 'fs';
import * as path from 'path';
import {startBrowser} from '../../test/browser/harness';

const ENTRY = path.join(__dirname, '..', '..', 'examples', 'torchvision', 'browser_entry.mjs');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const out = flag('--out');
  if (!out) throw new Error('--out FILE is required');
  const backends = (flag('--backends') ?? 'webgl,webgpu').split(',');
  const models = (flag('--models') ?? 'resnet18,googlenet,squeezenet1_1,densenet121,inception_v3').split(',')
      .filter(Boolean);
  const runs = Number(flag('--runs') ?? 1);
  const raw = flag('--input-raw');
  const profile = argv.includes('--profile');
  const demo = flag('--demo');
  let input: number[] | undefined;
  if (raw) {
    const bytes = fs.readFileSync(raw);
    input = Array.from({length: bytes.length / 4}, (_, i) => bytes.readFloatLE(4 * i));
  }
  const result: Record<string, unknown> = {};
  let session;
  try {
    session = await startBrowser({entry: ENTRY, evaluateTimeoutMs: 900_000});
  } catch (e) {
    const reason = `chromium did not start: ${String((e as Error).message).split('\n')[0]}`;
    for (const b of backends) result[b] = {unavailable: reason};
  }
  if (session) {
    try {
      for (const backend of backends) {
        const page = await session.newPage();
        try {
          const reason = await page.evaluate<string | null>('startBackend', backend);
          if (reason !== null) {
            result[backend] = {unavailable: reason};
            continue;
          }
          const results = [];
          for (const model of models) {
            const t0 = Date.now();
            const r = await page.evaluate<Record<string, unknown>>('runTorchvision', {model, runs, input, profile});
            results.push({...r, wallMs: Date.now() - t0});
            console.error(`[torchvision] ${backend} ${model}: ${Date.now() - t0} ms`);
          }
          result[backend] = {results};
        } finally {
          await page.close();
        }
      }
      if (demo) {
        const page = await session.newPage();
        try {
          result.demo = await page.evaluate('runDemo', {model: demo});
        } finally {
          await page.close();
        }
      }
    } finally {
      await session.close();
    }
  }
  fs.writeFileSync(out, JSON.stringify(result));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
