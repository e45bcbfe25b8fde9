/**
 * Parity with PyTorch in headless Chromium (Debian's chromium, SwiftShader): every fixture case on webgl
 * (WebGL2), webgl with WebGL1 forced, and webgpu. Cases run in the page in batches; each is reported as its own
 * jest test. In CI a target that cannot start fails; elsewhere it is skipped with the reason printed.
 */
import * as path from 'path';
import type {FixtureCase} from '../support/fixture_types';
import {missingKernelReason} from '../support/kernel_coverage';
import {loadFixtureCases} from '../support/load_fixtures';
import {BrowserSession, isCI, startBrowser} from './harness';
import type {TargetArgs} from './parity_entry';

const TARGETS: Array<{label: string; args: TargetArgs}> = [
  {label: 'webgl (WebGL2)', args: {backend: 'webgl', webglVersion: 2}},
  {label: 'webgl (WebGL1)', args: {backend: 'webgl', webglVersion: 1}},
  {label: 'webgpu', args: {backend: 'webgpu'}},
];
const BATCH = 50;

const allCases = loadFixtureCases();
let session: BrowserSession | undefined;
let browserError: string | undefined;

beforeAll(async () => {
  try {
    session = await startBrowser({entry: path.join(__dirname, 'parity_entry.ts')});
  } catch (e) {
    browserError = String(e);
  }
});

afterAll(async () => {
  await session?.close();
});

describe.each(TARGETS)('parity with PyTorch on $label', ({label, args}) => {
  // Cases whose kernels this backend does not have yet are not listed; their number is one visible skip.
  const cases = allCases.filter(({c}) => missingKernelReason(args.backend, c) === null);
  const missing = new Map<string, number>();
  for (const {c} of allCases) {
    const reason = missingKernelReason(args.backend, c);
    if (reason !== null) missing.set(reason, (missing.get(reason) ?? 0) + 1);
  }
  let unavailable: string | undefined;
  let results: string[][] = [];

  beforeAll(async () => {
    unavailable = browserError;
    if (session !== undefined) {
      const page = await session.newPage();
      unavailable = (await page.evaluate<string | null>('startTarget', args)) ?? undefined;
      for (let i = 0; unavailable === undefined && i < cases.length; i += BATCH) {
        const batch: FixtureCase[] = cases.slice(i, i + BATCH).map(({c}) => c);
        results.push(...await page.evaluate<string[][]>('runCases', {backend: args.backend, cases: batch}, 600000));
      }
      await page.close();
    }
    if (unavailable !== undefined) {
      if (isCI()) throw new Error(`${label} cannot start in CI: ${unavailable}`);
      console.warn(`SKIPPED ${label} (CI not set): ${unavailable}`);
    }
  });

  it('has fixture cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
  });

  for (const [reason, n] of missing) it.skip(`${n} fixture cases not run: ${reason}`, () => undefined);

  it.each(cases.map(({group, c}, i) => [`${group}: ${c.name}`, i]))('%s', (_, i) => {
    if (unavailable !== undefined) {
      if (isCI()) throw new Error(`${label} unavailable: ${unavailable}`);
      return;
    }
    expect(results[i as number]).toEqual([]);
  });
});
