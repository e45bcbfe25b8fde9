/**
 * Node-side harness for running TF.js code in a real (headless) Chromium.
 *
 *   const session = await startBrowser({entry: 'test/browser/entry.ts'});
 *   const out = await session.evaluate('runCase', {backend: 'webgl', ...});
 *   await session.close();
 *
 * What it does:
 *  1. bundles `entry` with esbuild (JS API, iife, platform browser, in memory);
 *     the entry must put the functions it exposes on `window`
 *     (e.g. `Object.assign(window, {runCase})`);
 *  2. serves index.html + bundle.js from node's http module on
 *     http://127.0.0.1:<free port> (a secure context, needed for WebGPU; COOP/COEP
 *     headers are set so the page is also crossOriginIsolated);
 *  3. launches Debian's chromium (/usr/bin/chromium, see
 *     scripts/browser/ensure-chromium.sh) through playwright-core with
 *     SwiftShader for both WebGL (ANGLE) and WebGPU (Dawn/Vulkan); Playwright
 *     gives every launch a fresh temporary user-data-dir and deletes it on close.
 *     Under jest the browser suites share one chromium instead (one launch and
 *     one GPU process for the whole run, not one per test file):
 *     test/browser/global_setup.ts starts it and sets $TORCH_OPS_CHROMIUM_WS,
 *     and a session with the default executable, flags and headless mode
 *     connects to it with a fresh browser context of its own;
 *  4. `evaluate(fnName, arg)` calls `window[fnName](arg)` (awaiting a returned
 *     promise) and returns the result as serialised by Playwright (a JSON
 *     superset: NaN, +-Infinity, -0 and undefined survive);
 *  5. page console errors / uncaught exceptions are forwarded to the node console
 *     (and collected in `consoleErrors`);
 *  6. `close()` shuts the browser and the server.
 *
 * Environment variables:
 *   TORCH_OPS_CHROMIUM_WS  a running chromium's Playwright endpoint to connect to
 *                          instead of launching one (global_setup.ts sets it)
 *   CHROMIUM_PATH          executable (default /usr/bin/chromium)
 *   BROWSER_TEST_VERBOSE=1 forward every console message, not only errors
 *   BROWSER_TEST_HEADED=1  headless: false (needs a display)
 */
import * as fs from 'fs';
import * as http from 'http';
import type {AddressInfo} from 'net';
import * as path from 'path';

import * as esbuild from 'esbuild';
import {chromium} from 'playwright-core';
import type {Browser, BrowserContext, ConsoleMessage, Page} from 'playwright-core';

/** Repository root (this file lives in <root>/test/browser). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags verified on Debian 12 chromium 156 (headless, no GPU, running as root).
 * Only `--enable-unsafe-webgpu` is strictly required for WebGPU (navigator.gpu
 * returns no adapter without it) and `--no-sandbox` for running as root; the
 * rest pin WebGL and WebGPU to SwiftShader so results do not depend on a GPU
 * that may or may not exist on the machine, and keep chromium off the network.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

export type ConsoleLevel = 'error' | 'warning' | 'log' | 'info' | 'debug';

export interface StartBrowserOptions {
  /** Browser entry file (absolute, or relative to the repo root). */
  entry: string;
  /** Chromium executable; default $CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string;
  /** Extra chromium flags appended to CHROMIUM_ARGS. */
  extraArgs?: string[];
  /** Replace CHROMIUM_ARGS entirely (extraArgs still appended). */
  args?: string[];
  headless?: boolean;
  /** esbuild `define`s, e.g. {'process.env.NODE_ENV': '"production"'}. */
  define?: Record<string, string>;
  /** Also write the bundle here (debugging). Default: in memory only. */
  writeBundleTo?: string;
  /** Console message types forwarded to the node console. Default ['error']. */
  forwardConsole?: ConsoleLevel[];
  /** Query string for the first page, readable from `location.search`. */
  query?: Record<string, string | number | boolean>;
  /** Default timeout (ms) of one `evaluate` call. Default 60 000. */
  evaluateTimeoutMs?: number;
  /** Timeout (ms) for launching chromium. Default 60 000. */
  launchTimeoutMs?: number;
}

export interface HarnessTimings {
  bundleMs: number;
  serverMs: number;
  launchMs: number;
  pageLoadMs: number;
  totalMs: number;
}

export interface BrowserPage {
  readonly page: Page;
  readonly url: string;
  /**
   * Calls `window[fnName](arg)` in the page and returns its (awaited) result.
   * Exceptions thrown in the page are re-thrown in node with the page stack.
   */
  evaluate<T = unknown>(fnName: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface BrowserSession extends BrowserPage {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly browserVersion: string;
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly origin: string;
  readonly timings: HarnessTimings;
  /** Console errors and uncaught page exceptions seen so far (all pages). */
  readonly consoleErrors: string[];
  /**
   * Opens another page (fresh JS realm: fresh tf engine, flags, backends) on the
   * same bundle. Needed e.g. to force WEBGL_VERSION=1 before the WebGL backend
   * initialises when another page already initialised it.
   */
  newPage(query?: Record<string, string | number | boolean>): Promise<BrowserPage>;
  /** Closes all pages, the browser and the http server. Idempotent. */
  close(): Promise<void>;
}

const INDEX_HTML = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>tfjs-torch-ops browser tests</title></head>
<body>
<script src="/bundle.js"></script>
</body>
</html>
`;

async function bundle(
  entry: string,
  define: Record<string, string> | undefined,
  writeTo: string | undefined,
): Promise<Uint8Array> {
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    write: false,
    outfile: 'bundle.js', // required by esbuild to name outputs; not written
    sourcemap: false,
    minify: false,
    logLevel: 'silent',
    define: {'process.env.NODE_ENV': '"production"', ...define},
  });
  for (const w of result.warnings) {
    console.warn('[harness] esbuild warning:', w.text, w.location ? `(${w.location.file}:${w.location.line})` : '');
  }
  const js = result.outputFiles.find(f => f.path.endsWith('.js'));
  if (!js) throw new Error(`[harness] esbuild produced no JS for ${entry}`);
  if (writeTo) {
    fs.mkdirSync(path.dirname(writeTo), {recursive: true});
    fs.writeFileSync(writeTo, js.contents);
  }
  return js.contents;
}

function serve(js: Uint8Array): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const common = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, {...common, 'Content-Type': 'text/html; charset=utf-8'});
      res.end(INDEX_HTML);
    } else if (url.pathname === '/bundle.js') {
      res.writeHead(200, {...common, 'Content-Type': 'text/javascript; charset=utf-8'});
      res.end(js);
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204, common); // avoids a 404 console error
      res.end();
    } else {
      res.writeHead(404, {...common, 'Content-Type': 'text/plain'});
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Port 0: the OS picks a free port; bound to loopback only.
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`[harness] ${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function queryString(q?: Record<string, string | number | boolean>): string {
  if (!q || Object.keys(q).length === 0) return '';
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) s.set(k, String(v));
  return `?${s.toString()}`;
}

/**
 * Starts server + browser and loads the bundled entry. Accepts the entry path
 * directly or an options object.
 */
export async function startBrowser(entryOrOptions: string | StartBrowserOptions): Promise<BrowserSession> {
  const opts: StartBrowserOptions = typeof entryOrOptions === 'string' ? {entry: entryOrOptions} : entryOrOptions;
  const t0 = Date.now();
  const entry = path.resolve(REPO_ROOT, opts.entry);
  if (!fs.existsSync(entry)) {
    throw new Error(`[harness] entry file not found: ${entry}`);
  }
  const executablePath = opts.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `[harness] chromium not found at ${executablePath}; ` +
        `run scripts/browser/ensure-chromium.sh (or set CHROMIUM_PATH)`,
    );
  }
  const args = [...(opts.args ?? CHROMIUM_ARGS), ...(opts.extraArgs ?? [])];
  const forward = new Set<string>(
    process.env.BROWSER_TEST_VERBOSE === '1'
      ? ['error', 'warning', 'log', 'info', 'debug']
      : (opts.forwardConsole ?? ['error']),
  );
  const evaluateTimeoutMs = opts.evaluateTimeoutMs ?? 60_000;

  const js = await bundle(entry, opts.define, opts.writeBundleTo);
  const t1 = Date.now();

  const server = await serve(js);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const t2 = Date.now();

  let browser: Browser | undefined;
  const consoleErrors: string[] = [];
  const pages = new Set<BrowserPage>();
  let closed = false;

  const closeServer = () =>
    new Promise<void>(resolve => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    try {
      // On a shared browser, close() drops this session's context and disconnects; the browser keeps running.
      if (browser) await browser.close();
    } catch (e) {
      console.warn('[harness] browser.close failed:', e);
    }
    await closeServer();
  }

  const headless = opts.headless ?? process.env.BROWSER_TEST_HEADED !== '1';
  const shared = process.env.TORCH_OPS_CHROMIUM_WS;
  // The shared browser was launched with the defaults; a session that asks for another executable, other flags or
  // a headed window launches its own.
  const useShared =
    shared !== undefined &&
    shared !== '' &&
    opts.executablePath === undefined &&
    opts.args === undefined &&
    (opts.extraArgs ?? []).length === 0 &&
    opts.headless === undefined &&
    process.env.BROWSER_TEST_HEADED !== '1';
  try {
    browser = useShared
      ? await chromium.connect(shared, {timeout: opts.launchTimeoutMs ?? 60_000})
      : await chromium.launch({
          executablePath,
          headless,
          args,
          timeout: opts.launchTimeoutMs ?? 60_000,
          // No proxy, no downloads; the chromium wrapper's env is inherited.
        });
  } catch (e) {
    await closeServer();
    throw e;
  }
  const t3 = Date.now();

  let context: BrowserContext;
  try {
    context = await browser.newContext();
  } catch (e) {
    await close();
    throw e;
  }

  async function openPage(query?: Record<string, string | number | boolean>): Promise<BrowserPage> {
    const page = await context.newPage();
    const url = `${origin}/${queryString(query)}`;
    const tag = `[browser${pages.size ? ` page ${pages.size}` : ''}]`;
    page.on('console', (msg: ConsoleMessage) => {
      const type = msg.type();
      const text = msg.text();
      if (type === 'error') consoleErrors.push(text);
      if (!forward.has(type)) return;
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url.replace(origin, '')}:${loc.lineNumber})` : '';
      const line = `${tag} console.${type}: ${text}${where}`;
      if (type === 'error') {
        console.error(line);
      } else if (type === 'warning') {
        console.warn(line);
      } else {
        console.log(line);
      }
    });
    page.on('pageerror', (err: Error) => {
      consoleErrors.push(`uncaught: ${err.message}`);
      console.error(`${tag} uncaught exception: ${err.stack ?? err.message}`);
    });
    page.on('crash', () => {
      consoleErrors.push('page crashed');
      console.error(`${tag} page crashed`);
    });
    await page.goto(url, {waitUntil: 'load', timeout: 60_000});

    const handle: BrowserPage = {
      page,
      url,
      async evaluate<T = unknown>(fnName: string, arg?: unknown, timeoutMs?: number): Promise<T> {
        const ms = timeoutMs ?? evaluateTimeoutMs;
        await page
          .waitForFunction((n: string) => typeof (window as any)[n] === 'function', fnName, {
            timeout: Math.min(ms, 10_000),
          })
          .catch(() => {
            throw new Error(
              `[harness] window.${fnName} is not a function ` +
                `(did the entry assign it to window? page errors: ${JSON.stringify(consoleErrors)})`,
            );
          });
        // Errors are caught in the page and returned as data so that the
        // page-side stack survives (Playwright rethrows with a node stack).
        const res = await withTimeout(
          page.evaluate(
            async ([n, a]: [string, unknown]) => {
              try {
                const value = await (window as any)[n](a);
                return {ok: true as const, value};
              } catch (e: any) {
                return {
                  ok: false as const,
                  message: String(e && e.message !== undefined ? e.message : e),
                  stack: e && e.stack ? String(e.stack) : '',
                };
              }
            },
            [fnName, arg] as [string, unknown],
          ),
          ms,
          `evaluate('${fnName}')`,
        );
        if (!res.ok) {
          const err = new Error(`[browser] ${fnName} threw: ${res.message}`);
          err.stack = `${err.message}\n--- page stack ---\n${res.stack}`;
          throw err;
        }
        return res.value as T;
      },
      async close() {
        pages.delete(handle);
        if (!page.isClosed()) await page.close();
      },
    };
    pages.add(handle);
    return handle;
  }

  let first: BrowserPage;
  try {
    first = await openPage(opts.query);
  } catch (e) {
    await close();
    throw e;
  }
  const t4 = Date.now();

  const session: BrowserSession = {
    browser,
    context,
    browserVersion: browser.version(),
    executablePath,
    args,
    origin,
    timings: {
      bundleMs: t1 - t0,
      serverMs: t2 - t1,
      launchMs: t3 - t2,
      pageLoadMs: t4 - t3,
      totalMs: t4 - t0,
    },
    consoleErrors,
    page: first.page,
    url: first.url,
    evaluate: first.evaluate,
    newPage: openPage,
    close,
  };
  return session;
}

/** True when running in CI (GitHub Actions and most CI systems set CI=true). */
export function isCI(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}
