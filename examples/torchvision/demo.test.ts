/**
 * The torchvision demo server and page (serve-demo.mjs, demo.html, demo.mjs) in a plain headless Chromium, as a user
 * opens it (Debian's chromium through playwright-core, none of the GPU flags of test/browser/harness.ts):
 *   - the idle page says to press Run, its status line sits above the tables;
 *   - run on webgpu alone (?backends=webgpu), which plain Chromium on Linux does not offer: the row says why and how
 *     to enable it (--enable-unsafe-webgpu), the status line says it ended. No model runs, so this is quick.
 * And both demo servers at once: the second one started on the default port (taken) serves on a free port and says
 * so; a port named with --port that is taken is refused with a message naming --port, not an EADDRINUSE stack.
 * A browser that cannot start here is declared skipped before its tests exist, with the reason (in CI, CI=true, it
 * runs and fails): test/support/availability.ts.
 */
import {ChildProcess, spawn} from 'child_process';
import * as net from 'net';
import * as path from 'path';
import {chromium} from 'playwright-core';
import type {Browser} from 'playwright-core';
import {DEFAULT_CHROMIUM_PATH} from '../../test/browser/harness';
import {browserProblems, describeIfAvailable} from '../../test/support/availability';

const TORCHVISION_SERVER = path.join(__dirname, 'serve-demo.mjs');
const PORT_SERVER = path.join(__dirname, '..', 'port-pytorch-model', 'serve-demo.mjs');
/** Only what running as root in a container needs, none of the GPU flags. */
const PLAIN_CHROMIUM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage'];
const servers: ChildProcess[] = [];

/** Starts a demo server; resolves with what it printed once it listens, or rejects with its output if it exits. */
function startServer(script: string, args: string[]): Promise<{url: string; out: string; code?: number | null}> {
  return new Promise(resolve => {
    const server = spawn(process.execPath, [script, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
    servers.push(server);
    let out = '';
    const read = (chunk: Buffer) => {
      out += chunk;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve({url: m[1], out});
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.on('exit', code => resolve({url: '', out, code}));
  });
}

/** A TCP server holding 127.0.0.1:`port` (0: any); null when the port is already held by someone else. */
function hold(port: number): Promise<net.Server | null> {
  return new Promise(resolve => {
    const s = net.createServer();
    s.once('error', () => resolve(null));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

afterAll(() => {
  for (const s of servers) s.kill();
});

describe('two demo servers at once', () => {
  let held: net.Server | null;
  beforeAll(async () => {
    held = await hold(8080); // the default port: taken by this test, or already by something else
  });
  afterAll(() => held?.close());

  it('the default port taken: serves on a free port and says so', async () => {
    const {url, out} = await startServer(PORT_SERVER, []);
    expect(out).toMatch(/^demo: port 8080 is in use, serving on a free one instead \(--port N chooses it\): http/);
    expect(url).not.toContain(':8080/');
  });

  it('a port named with --port that is taken: exit 1 with a message naming --port, no stack', async () => {
    const taken = (await hold(0))!;
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = await startServer(TORCHVISION_SERVER, ['--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.out).toBe(
        `demo:torchvision: cannot listen on 127.0.0.1:${port} (EADDRINUSE); choose another port ` +
          'with --port N (0: any free port)\n',
      );
    } finally {
      taken.close();
    }
  });
});

interface Shown {
  state: string;
  message: string;
  /** The status line comes before the backends table in the page. */
  messageAboveTables: boolean;
  backends: Array<{backend: string; status: string; cells: string[]}>;
}

describeIfAvailable('the torchvision demo in a plain headless Chromium', browserProblems().browser, () => {
  let browser: Browser | undefined;
  let idle: Shown;
  let webgpuOnly: Shown;

  async function open(url: string, until: string[]): Promise<Shown> {
    const page = await browser!.newPage({viewport: {width: 1280, height: 720}});
    try {
      await page.goto(url);
      await page.waitForFunction(
        states => states.includes(document.getElementById('app')?.dataset.state ?? ''),
        until,
        {timeout: 120000},
      );
      return await page.evaluate(() => {
        const message = document.getElementById('message')!;
        const table = document.getElementById('backends') as HTMLTableElement;
        return {
          state: document.getElementById('app')!.dataset.state ?? '',
          message: message.textContent ?? '',
          messageAboveTables: Boolean(message.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING),
          backends: Array.from(table.tBodies[0].rows, r => ({
            backend: r.dataset.backend ?? '',
            status: r.dataset.status ?? '',
            cells: Array.from(r.cells, c => c.textContent ?? ''),
          })),
        };
      });
    } finally {
      await page.close();
    }
  }

  beforeAll(async () => {
    const {url, out} = await startServer(TORCHVISION_SERVER, ['--port', '0']);
    if (!url) throw new Error(`serve-demo.mjs did not start:\n${out}`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH,
      args: PLAIN_CHROMIUM_ARGS,
      timeout: 60000,
    });
    idle = await open(url, ['idle']);
    webgpuOnly = await open(`${url}?model=squeezenet1_1&run=1&backends=webgpu`, ['done', 'error']);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the idle page says to press Run, in the status line above the tables', () => {
    expect(idle.message).toMatch(/^Choose a model and press Run: it runs on webgl and webgpu in this page/);
    expect(idle.messageAboveTables).toBe(true);
    expect(idle.backends).toEqual([]);
  });

  it('webgpu unavailable: the row says why and how to enable it; the status line says the run ended', () => {
    expect(webgpuOnly.state).toBe('done');
    expect(webgpuOnly.messageAboveTables).toBe(true);
    expect(webgpuOnly.backends).toHaveLength(1);
    const [row] = webgpuOnly.backends;
    expect([row.backend, row.status]).toEqual(['webgpu', 'unavailable']);
    expect(row.cells[1]).toMatch(/^unavailable: .{10,}\. To enable: .*--enable-unsafe-webgpu/);
    expect(webgpuOnly.message).toMatch(
      new RegExp(
        '^squeezenet1_1: torchvision\\.models\\.squeezenet1_1\\(\\), PyTorch \\S+: done on 0 of 1 backends; ' +
          'unavailable here: webgpu \\(its row says why and how to enable it\\)\\.$',
      ),
    );
  });
});
