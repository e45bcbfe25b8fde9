/**
 * Opens the browser demo (serve-demo.mjs, demo.html) in headless Chromium (Debian's chromium, SwiftShader WebGL and
 * WebGPU, the flags of test/browser/harness.ts) and checks what the page shows: both backends ran, each shows
 * max |Δ| <= 1e-4 and its timing, and the logits table holds PyTorch's logits beside each backend's.
 * In CI (CI=true) a backend or a browser that cannot start fails; elsewhere it is skipped with the reason.
 */
import {ChildProcess, spawn} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {chromium} from 'playwright-core';
import type {Browser} from 'playwright-core';
import {CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, isCI} from '../../test/browser/harness';

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

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let shown: Shown | undefined;
/** Chromium could not start: a failure in CI, a reasoned skip elsewhere. */
let browserError: string | undefined;
/** The demo itself failed (bundle, server, page): always a failure. */
let demoError: string | undefined;

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

beforeAll(async () => {
  let url: string;
  try {
    url = await startServer();
  } catch (e) {
    demoError = String((e as Error).message ?? e);
    return;
  }
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH, args: [...CHROMIUM_ARGS], timeout: 60000,
    });
  } catch (e) {
    browserError = String((e as Error).message ?? e);
    return;
  }
  try {
    shown = await openDemo(url);
  } catch (e) {
    demoError = String((e as Error).message ?? e);
  }
});

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

function skipped(what: string, reason: string | undefined): boolean {
  if (reason === undefined) return false;
  if (isCI()) throw new Error(`${what} cannot run in CI: ${reason}`);
  console.warn(`SKIPPED ${what} (CI not set): ${reason}`);
  return true;
}

/** False when the browser is missing outside CI; throws when the demo failed. */
function pageShown(): boolean {
  if (demoError !== undefined) throw new Error(`the demo failed: ${demoError}`);
  return !skipped('chromium', browserError);
}

it('the page loads and finishes', () => {
  if (!pageShown()) return;
  expect(shown!.message).not.toMatch(/^error/);
  expect(shown!.state).toBe('done');
  expect(shown!.backends.map(b => b.backend)).toEqual(BACKENDS);
});

describe.each(BACKENDS)('the demo on %s', backend => {
  it('shows max |Δ| <= 1e-4 and its timing', () => {
    if (!pageShown()) return;
    const row = shown!.backends.find(b => b.backend === backend)!;
    if (skipped(`${backend} in the demo`, row.status === 'unavailable' ? row.cells[1] : undefined)) return;
    const [, status, maxDiff, firstMs, medianMs] = row.cells;
    expect(status).toBe('ok');
    expect(row.status).toBe('ok');
    expect(Number(maxDiff)).toBeLessThanOrEqual(1e-4);
    expect(Number(firstMs)).toBeGreaterThan(0);
    expect(Number(medianMs)).toBeGreaterThan(0);
  });

  it('shows its logits beside PyTorch\'s', () => {
    if (!pageShown()) return;
    const column = shown!.logitsHead.indexOf(backend);
    if (skipped(`${backend} in the demo`, column < 0 ? 'its column is missing (backend did not run)' : undefined)) {
      return;
    }
    expect(shown!.logitsHead.slice(0, 3)).toEqual(['sample', 'class', 'PyTorch']);
    expect(shown!.logits).toHaveLength(20);
    shown!.logits.forEach((cells, i) => {
      expect(Number(cells[2])).toBeCloseTo(pytorch[i], 6);            // the page shows PyTorch's logits ...
      expect(Math.abs(Number(cells[column]) - pytorch[i])).toBeLessThanOrEqual(1e-4 + 5e-7);  // ... and ours (6 d.p.)
    });
  });
});
