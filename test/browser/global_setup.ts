/**
 * jest globalSetup of the browser project (jest.config.js): one chromium for every browser suite of the run, where
 * each test file used to launch its own (and a second one to probe the targets). Launched with the harness's
 * defaults (Debian's chromium, CHROMIUM_ARGS, headless) as a Playwright browser server; its endpoint goes to the
 * workers in $TORCH_OPS_CHROMIUM_WS (jest starts them after this hook, with this process's environment), and each
 * test file's startBrowser connects with a browser context of its own (fresh storage; pages are fresh JS realms).
 * The targets are probed once, here, and the answer passed on in $TORCH_OPS_BROWSER_PROBE
 * (test/support/availability.ts).
 *
 * A chromium that is missing or cannot start is not an error here: the variables stay unset, and each suite then
 * probes for itself and reports its targets skipped with the reason (failed, with CI=true).
 */
import * as fs from 'fs';
import {chromium} from 'playwright-core';
import type {BrowserServer} from 'playwright-core';
import {CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH} from './harness';
import {probeBrowser} from './probe';

declare global {
  // Read by global_teardown.ts (jest runs both hooks in the same context).

  var torchOpsChromium: BrowserServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Already set by an outer run (e.g. a script that started its own): use that one.
  if (process.env.TORCH_OPS_CHROMIUM_WS) return;
  const executablePath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  if (!fs.existsSync(executablePath) || process.env.BROWSER_TEST_HEADED === '1') return;
  try {
    globalThis.torchOpsChromium = await chromium.launchServer({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: 60_000,
    });
  } catch (e) {
    console.warn(
      `\n[browser] the shared chromium did not start (${String((e as Error).message).split('\n')[0]}); ` +
        'each browser suite launches and probes its own',
    );
    return;
  }
  process.env.TORCH_OPS_CHROMIUM_WS = globalThis.torchOpsChromium.wsEndpoint();
  process.env.TORCH_OPS_BROWSER_PROBE = JSON.stringify(await probeBrowser());
}
