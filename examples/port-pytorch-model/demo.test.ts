/**
 * Opens the browser demo (serve-demo.mjs, demo.html) in headless Chromium (Debian's chromium, SwiftShader WebGL and
 * WebGPU, the flags of test/browser/harness.ts) and checks what the page shows: both backends ran, each shows
 * max |Δ| <= 1e-4 and its timing, and the logits table holds PyTorch's logits beside each backend's.
 * A browser or backend that cannot start here is declared skipped before its tests exist, with the reason (in CI,
 * CI=true, it runs and fails): test/support/availability.ts.
 */
import {ChildProcess, spawn} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {chromium} from 'playwright-core';
import type {Browser} from 'playwright-core';
import {CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH} from '../../test/browser/harness';
import {browserProblems, describeIfAvailable} from '../../test/support/availability';

const BACKENDS = ['webgl', 'webgpu'];
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'model.json'), 'utf8'));
const bin = fs.readFileSync(path.join(__dirname, manifest.bin));
const pytorch = Array.from(new Float32Array(bin.buffer, bin.byteOffset + manifest.logits.offset, 20));

interface Shown {
  state: string;
  message: string;
  backends: Array<{backend: string; status: string; cells: string[]}>;
  logitsHead: string[];
  logits: string[][];
}

const problems = browserProblems();
/** Why each backend of the demo cannot run here (webgl runs on WebGL2 or, failing that, WebGL1). */
const BACKEND_PROBLEMS: Record<string, string | null> = {
  webgl: problems.webgl2 !== null && problems.webgl1 !== null ? problems.webgl2 : null,
  webgpu: problems.webgpu,
};
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let shown: Shown | undefined;

function startServer(): Promise<string> {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [path.join(__dirname, 'serve-demo.mjs'), '--port', '0'],
                   {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    server.stdout!.on('data', chunk => {
      out += chunk;
      const m = /demo: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.stderr!.on('data', chunk => {
      out += chunk;
    });
    server.on('exit', code => reject(new Error(`serve-demo.mjs exited with ${code}:\n${out}`)));
  });
}

async function openDemo(url: string): Promise<Shown> {
  const page = await browser!.newPage();
  page.on('pageerror', e => console.error(`[demo] ${e.message}`));
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, {timeout: 300000});
  const result = await page.evaluate(() => {
    const rows = (id: string) => Array.from((document.getElementById(id) as HTMLTableElement).tBodies[0].rows);
    const texts = (row: HTMLTableRowElement) => Array.from(row.cells, c => c.textContent ?? '');
    return {
      state: document.body.dataset.state ?? '',
      message: document.getElementById('message')!.textContent ?? '',
      backends: rows('backends').map(r => ({backend: r.dataset.backend ?? '', status: r.dataset.status ?? '',
                                            cells: texts(r)})),
      logitsHead: Array.from((document.getElementById('logits') as HTMLTableElement).tHead!.rows[0].cells,
                             c => c.textContent ?? ''),
      logits: rows('logits').map(texts),
    };
  });
  console.log(`demo page done in ${Date.now() - t0} ms:\n` +
              result.backends.map(b => b.cells.join(' | ')).join('\n'));
  return result;
}

describeIfAvailable('the browser demo', problems.browser, () => {
  beforeAll(async () => {
    const url = await startServer();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH, args: [...CHROMIUM_ARGS], timeout: 60000,
    });
    shown = await openDemo(url);
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  it('the page loads and finishes', () => {
    expect(shown!.message).not.toMatch(/^error/);
    expect(shown!.state).toBe('done');
    expect(shown!.backends.map(b => b.backend)).toEqual(BACKENDS);
  });

  for (const backend of BACKENDS) describeIfAvailable(`the demo on ${backend}`, BACKEND_PROBLEMS[backend], () => {
    it('shows max |Δ| <= 1e-4 and its timing', () => {
      const row = shown!.backends.find(b => b.backend === backend)!;
      const [, status, maxDiff, firstMs, medianMs] = row.cells;
      expect(status).toBe('ok');
      expect(row.status).toBe('ok');
      expect(Number(maxDiff)).toBeLessThanOrEqual(1e-4);
      expect(Number(firstMs)).toBeGreaterThan(0);
      expect(Number(medianMs)).toBeGreaterThan(0);
    });

    it('shows its logits beside PyTorch\'s', () => {
      const column = shown!.logitsHead.indexOf(backend);
      expect(column).toBeGreaterThanOrEqual(0);
      expect(shown!.logitsHead.slice(0, 3)).toEqual(['sample', 'class', 'PyTorch']);
      expect(shown!.logits).toHaveLength(20);
      shown!.logits.forEach((cells, i) => {
        expect(Number(cells[2])).toBeCloseTo(pytorch[i], 6);            // the page shows PyTorch's logits ...
        expect(Math.abs(Number(cells[column]) - pytorch[i])).toBeLessThanOrEqual(1e-4 + 5e-7);  // ... and ours (6 d.p.)
      });
    });
  });
});
