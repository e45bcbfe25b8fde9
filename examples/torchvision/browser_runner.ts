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
import {parseCli} from '../../scripts/cli.mjs';
import {startBrowser} from '../../test/browser/harness';

const ENTRY = path.join(__dirname, '..', '..', 'examples', 'torchvision', 'browser_entry.mjs');

async function main(): Promise<void> {
  const cli = {
    usage: 'node <bundle of browser_runner.ts> --out FILE [OPTIONS]   (run by examples/torchvision/browser.mjs)',
    options: {
      out: {type: 'string' as const, valueName: 'FILE', description: 'where the JSON result goes (required)'},
      backends: {type: 'string' as const, default: 'webgl,webgpu', valueName: 'LIST', description: 'backends'},
      models: {
        type: 'string' as const,
        default: 'resnet18,googlenet,squeezenet1_1,densenet121,inception_v3',
        valueName: 'LIST',
        description: 'models',
      },
      runs: {type: 'string' as const, default: '1', valueName: 'N', description: 'forward passes per model'},
      'input-raw': {type: 'string' as const, valueName: 'FILE', description: 'input as little-endian float32'},
      profile: {type: 'boolean' as const, description: 'profile the share of kernel time in this package'},
      demo: {type: 'string' as const, valueName: 'MODEL', description: 'record what the demo page shows for MODEL'},
    },
  };
  const {values: a} = parseCli(cli);
  const out = a.out as string | undefined;
  if (!out) throw new Error('--out FILE is required');
  const backends = (a.backends as string).split(',');
  const models = (a.models as string).split(',').filter(Boolean);
  const runs = Number(a.runs);
  const raw = a['input-raw'] as string | undefined;
  const profile = a.profile === true;
  const demo = a.demo as string | undefined;
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
