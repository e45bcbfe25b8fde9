/**
 * Opens the browser demo (serve-demo.mjs, demo.html) in headless Chromium (Debian's chromium, SwiftShader WebGL and
 * WebGPU, the flags of test/browser/harness.ts) and checks what the page shows: both backends ran, each shows
 * max |Δ| <= 1e-4 and its timing, and the logits table holds PyTorch's logits beside each backend's.
 * Then opens it in a plain headless Chromium, as a user would (none of those flags): the page must still show its
 * progress, end in its final state with the summary in view, and say of each backend it could not run why and how
 * to enable it.
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
const problems = browserProblems();
/** Why each backend of the demo cannot run here (webgl runs on WebGL2 or, failing that, WebGL1). */
const BACKEND_PROBLEMS: Record<string, string | null> = {
  webgl: problems.webgl2 !== null && problems.webgl1 !== null ? problems.webgl2 : null,
  webgpu: problems.webgpu,
};
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'model.json'), 'utf8'));
const bin = fs.readFileSync(path.join(__dirname, manifest.bin));
const pytorch = Array.from(new Float32Array(bin.buffer, bin.byteOffset + manifest.logits.offset, 20));

interface Shown {
  state: string;
  /** Every value <body data-state> took, in order. */
  states: string[];
  message: string;
  /** The summary line lies inside the first screen (no scrolling). */
  messageInView: boolean;
  backends: Array<{backend: string; status: string; cells: string[]}>;
  logitsHead: string[];
  logits: string[][];
}

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let shown: Shown | undefined;
/** The same page in Chromium without the WebGPU and SwiftShader flags. */
let plainShown: Shown | undefined;
/** Only what running as root in a container needs, none of the GPU flags. */
const PLAIN_CHROMIUM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage'];

function startServer(): Promise<string> {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [path.join(__dirname, 'serve-demo.mjs'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

async function openDemo(url: string, label: string): Promise<Shown> {
  const page = await browser!.newPage({viewport: {width: 1280, height: 720}});
  page.on('pageerror', e => console.error(`[demo] ${e.message}`));
  // Record every data-state the page goes through (the progress a screenshot taken early would show).
  await page.addInitScript(() => {
    const states: string[] = [];
    (window as unknown as {demoStates: string[]}).demoStates = states;
    new MutationObserver(() => {
      const state = document.body?.dataset.state;
      if (state !== undefined && states[states.length - 1] !== state) states.push(state);
    }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
  });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, {
    timeout: 300000,
  });
  const result = await page.evaluate(() => {
    const rows = (id: string) => Array.from((document.getElementById(id) as HTMLTableElement).tBodies[0].rows);
    const texts = (row: HTMLTableRowElement) => Array.from(row.cells, c => c.textContent ?? '');
    const box = document.getElementById('message')!.getBoundingClientRect();
    return {
      state: document.body.dataset.state ?? '',
      states: (window as unknown as {demoStates: string[]}).demoStates,
      message: document.getElementById('message')!.textContent ?? '',
      messageInView: box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight,
      backends: rows('backends').map(r => ({
        backend: r.dataset.backend ?? '',
        status: r.dataset.status ?? '',
        cells: texts(r),
      })),
      logitsHead: Array.from(
        (document.getElementById('logits') as HTMLTableElement).tHead!.rows[0].cells,
        c => c.textContent ?? '',
      ),
      logits: rows('logits').map(texts),
    };
  });
  console.log(
    `demo page (${label}) ${result.state} in ${Date.now() - t0} ms: ${result.message}\n` +
      result.backends.map(b => b.cells.join(' | ')).join('\n'),
  );
  await page.close();
  return result;
}

describeIfAvailable('the browser demo', problems.browser, () => {
  beforeAll(async () => {
    const url = await startServer();
    for (const [label, args] of [
      ['SwiftShader flags', CHROMIUM_ARGS],
      ['plain', PLAIN_CHROMIUM_ARGS],
    ] as const) {
      // With the SwiftShader flags, the browser suites' shared chromium where jest started one
      // (test/browser/global_setup.ts; close() then only disconnects); the plain flags need a chromium of their own.
      const shared = label === 'SwiftShader flags' ? process.env.TORCH_OPS_CHROMIUM_WS : undefined;
      browser = shared
        ? await chromium.connect(shared, {timeout: 60000})
        : await chromium.launch({
            executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH,
            args: [...args],
            timeout: 60000,
          });
      try {
        const result = await openDemo(url, label);
        if (label === 'plain') plainShown = result;
        else shown = result;
      } finally {
        await browser.close();
        browser = undefined;
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  it('the page shows its progress, then finishes with its summary in view', () => {
    expect(shown!.message).not.toMatch(/^error/);
    expect(shown!.states).toEqual(['loading', 'running', 'done']);
    expect(shown!.state).toBe('done');
    expect(shown!.messageInView).toBe(true);
    expect(shown!.backends.map(b => b.backend)).toEqual(BACKENDS);
    const ran = shown!.backends.filter(b => b.status === 'ok').length;
    if (ran === BACKENDS.length) expect(shown!.message).toBe('All 2 backends ran and match PyTorch to within 0.0001.');
  });

  describe('in a plain headless Chromium (no WebGPU or SwiftShader flags)', () => {
    it('shows its progress and reaches its final state with the summary in view', () => {
      expect(plainShown!.states).toEqual(['loading', 'running', 'done']);
      expect(plainShown!.messageInView).toBe(true);
      expect(plainShown!.message).toMatch(/^(All 2 backends ran|\d of 2 backends ran)/);
      expect(plainShown!.backends.map(b => b.backend)).toEqual(BACKENDS);
    });

    it('runs each backend it can and says why the others are unavailable, and how to enable them', () => {
      for (const row of plainShown!.backends) {
        expect([row.backend, row.status]).toEqual([row.backend, expect.stringMatching(/^(ok|unavailable)$/)]);
        if (row.status === 'unavailable') {
          expect(row.cells[1]).toMatch(/^unavailable: .{10,}\. To enable: .{20,}/);
          expect(plainShown!.message).toContain(row.backend);
        }
      }
      // Chromium on Linux offers no WebGPU adapter without --enable-unsafe-webgpu: the page must name that flag.
      const webgpu = plainShown!.backends.find(b => b.backend === 'webgpu')!;
      if (webgpu.status === 'unavailable') expect(webgpu.cells[1]).toContain('--enable-unsafe-webgpu');
    });
  });

  for (const backend of BACKENDS)
    describeIfAvailable(`the demo on ${backend}`, BACKEND_PROBLEMS[backend], () => {
      it('shows max |Δ| <= 1e-4 and its timing', () => {
        const row = shown!.backends.find(b => b.backend === backend)!;
        const [, status, maxDiff, firstMs, medianMs] = row.cells;
        expect(status).toBe('ok');
        expect(row.status).toBe('ok');
        expect(Number(maxDiff)).toBeLessThanOrEqual(1e-4);
        expect(Number(firstMs)).toBeGreaterThan(0);
        expect(Number(medianMs)).toBeGreaterThan(0);
      });

      it("shows its logits beside PyTorch's", () => {
        const column = shown!.logitsHead.indexOf(backend);
        expect(column).toBeGreaterThanOrEqual(0);
        expect(shown!.logitsHead.slice(0, 3)).toEqual(['sample', 'class', 'PyTorch']);
        expect(shown!.logits).toHaveLength(20);
        shown!.logits.forEach((cells, i) => {
          expect(Number(cells[2])).toBeCloseTo(pytorch[i], 6); // the page shows PyTorch's logits ...
          expect(Math.abs(Number(cells[column]) - pytorch[i])).toBeLessThanOrEqual(1e-4 + 5e-7); // ... and ours (6 d.p.)
        });
      });
    });
});
