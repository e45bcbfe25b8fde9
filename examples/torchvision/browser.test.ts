/**
 * The five torchvision ports reproduce PyTorch's logits on webgl and webgpu in headless Chromium (Debian's chromium,
 * SwiftShader; test/browser/harness.ts): max |Δ| <= MODEL_LOGITS[backend] · max(1, max |logit|), the same top-5
 * order, no tensor left behind. Every model runs once per backend at its real input size. Then the browser demo
 * (demo.mjs, served by serve-demo.mjs) runs squeezenet1_1 on both backends in a fresh page: what it shows is checked.
 *
 * The runs happen while this file loads (browser.mjs, a child process), so that a backend that cannot start is
 * known before the tests are defined: outside CI its tests show as skipped, with the reason in their title; in CI
 * (CI=true) it fails.
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {reportSkip, skipTitle} from '../../test/support/availability';
import {MODEL_LOGITS} from '../../test/support/tolerances';

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const BACKENDS = ['webgl', 'webgpu'];
const MODELS = ['resnet18', 'googlenet', 'squeezenet1_1', 'densenet121', 'inception_v3'];

interface Run {
  model: string;
  backend: string;
  logits: number[];
  firstMs: number;
  wallMs: number;
  leakedTensors: number;
}
type BackendResult = {unavailable: string} | {results: Run[]};
interface DemoShown {
  state: string;
  message: string;
  backends: Array<{backend: string; status: string; cells: string[]}>;
  logitsHead: string[];
  logits: string[][];
}
const DEMO_MODEL = 'squeezenet1_1';

function runAll(): Record<string, BackendResult> & {demo?: DemoShown} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchvision-browser-'));
  const out = path.join(dir, 'out.json');
  try {
    execFileSync(
      process.execPath,
      [path.join(__dirname, 'browser.mjs'), '--out', out, '--backends', BACKENDS.join(','), '--demo', DEMO_MODEL],
      {stdio: ['ignore', 'ignore', 'inherit']},
    );
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch (e) {
    const reason = `browser.mjs failed: ${String((e as Error).message).split('\n')[0]}`;
    return Object.fromEntries(BACKENDS.map(b => [b, {unavailable: reason}]));
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const byBackend: Record<string, BackendResult> & {demo?: DemoShown} = fs.existsSync(chromium)
  ? runAll()
  : Object.fromEntries(
      BACKENDS.map(b => [b, {unavailable: `no chromium at ${chromium} (scripts/browser/ensure-chromium.sh)`}]),
    );

const fixture = (model: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${model}.json`), 'utf8'));

function topK(values: ArrayLike<number>, k = 5): number[] {
  return Array.from({length: values.length}, (_, i) => i)
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, k);
}

const timings: string[] = [];
afterAll(() => {
  if (timings.length)
    console.log(`torchvision ports in Chromium (weights + first forward, per page):\n${timings.join('\n')}`);
});

for (const backend of BACKENDS) {
  const result = byBackend[backend];
  if ('unavailable' in result) {
    if (IN_CI) {
      it(`${backend} starts in Chromium (CI=true)`, () => {
        throw new Error(`${backend} cannot start in CI: ${result.unavailable}`);
      });
      continue;
    }
    reportSkip(`torchvision ports on ${backend}`, result.unavailable);
    describe.skip(skipTitle(`torchvision ports on ${backend}`, result.unavailable), () => {
      it.each(MODELS)('%s', () => undefined);
    });
    continue;
  }
  describe(`torchvision ports on ${backend}`, () => {
    it.each(MODELS)("%s: PyTorch's logits and top-5, no tensor leaked", model => {
      const expected = fixture(model);
      const run = result.results.find(r => r.model === model);
      expect(run).toBeDefined();
      expect(run!.backend).toBe(backend);
      expect(run!.logits).toHaveLength(1000);
      let delta = 0;
      for (let i = 0; i < 1000; i++) delta = Math.max(delta, Math.abs(run!.logits[i] - expected.logits[i]));
      timings.push(
        `  ${backend.padEnd(7)} ${model.padEnd(13)} ${String(Math.round(run!.wallMs)).padStart(6)} ms, ` +
          `max |Δ| ${delta.toExponential(2)}`,
      );
      expect(delta).toBeLessThanOrEqual(MODEL_LOGITS[backend] * Math.max(1, expected.max_abs_logit));
      expect(topK(run!.logits)).toEqual(expected.top5);
      expect(run!.leakedTensors).toBe(0);
    });
  });
}

describe(`the demo page (${DEMO_MODEL})`, () => {
  const shown = byBackend.demo;
  const started = BACKENDS.filter(b => !('unavailable' in byBackend[b]));
  const expected = fixture(DEMO_MODEL);
  const bound = MODEL_LOGITS.webgl * Math.max(1, expected.max_abs_logit);
  const finishes = 'finishes and shows a row per backend';
  (started.length ? it : it.skip)(started.length ? finishes : skipTitle(finishes, 'no backend started'), () => {
    expect(shown).toBeDefined();
    expect(shown!.state).toBe('done');
    expect(shown!.backends.map(b => b.backend)).toEqual(BACKENDS);
  });
  for (const backend of started) {
    it(`shows ${backend}: ok, max |Δ| within the bound, the time, and its logits beside PyTorch's`, () => {
      const row = shown!.backends.find(b => b.backend === backend)!;
      const [, status, delta, , top5, firstMs] = row.cells;
      expect(row.status).toBe('ok');
      expect(status).toBe('ok');
      expect(Number(delta)).toBeLessThanOrEqual(bound);
      expect(top5).toBe('yes');
      expect(Number(firstMs)).toBeGreaterThan(0);
      const column = shown!.logitsHead.indexOf(backend);
      expect(shown!.logitsHead.slice(0, 2)).toEqual(['class', 'PyTorch']);
      expect(column).toBeGreaterThan(1);
      expect(shown!.logits).toHaveLength(10);
      const classes = topK(expected.logits, 10);
      shown!.logits.forEach((cells, i) => {
        expect(Number(cells[0])).toBe(classes[i]);
        expect(Number(cells[1])).toBeCloseTo(expected.logits[classes[i]], 6); // PyTorch's, printed to 6 places
        expect(Math.abs(Number(cells[column]) - expected.logits[classes[i]])).toBeLessThanOrEqual(bound + 5e-7);
      });
    });
  }
});
