/**
 * Parity with PyTorch in headless Chromium (Debian's chromium, SwiftShader): the fixture cases of one shard on webgl
 * (WebGL2), webgl with WebGL1 forced, and webgpu. The cases are split into shards by op (parity_avg.test.ts,
 * parity_adaptive_avg.test.ts, parity_max.test.ts, parity_lp.test.ts) so that jest's two workers share them; every
 * case belongs to exactly one shard (shardOf), whichever fixture file holds it.
 *
 * WebGL2 and webgpu run every case of the shard, each reported as its own jest test. WebGL1 runs the cases that
 * together cover every program path and input kind WebGL2 ran (program_paths.ts says why that is the same
 * coverage), chosen on each run from what WebGL2 just did, so new fixture cases are taken into account as they
 * come; PARITY_WEBGL1=all runs every case there too (`npm run fuzz` does). Cases run in the page in batches.
 * A target that cannot start here is declared skipped before its tests exist (in CI it runs and fails):
 * test/support/availability.ts.
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable, itSkipped} from '../support/availability';
import {FixtureCase, decodeTensor} from '../support/fixture_types';
import {loadFixtureCases} from '../support/load_fixtures';
import {BrowserSession, startBrowser} from './harness';
import type {CaseRun} from './parity_entry';
import {TEXTURE_CODECS, coveringCases, inputKind} from './program_paths';
import type {TargetArgs} from './start_target';

export type ParityShard = 'avg' | 'adaptive_avg' | 'max' | 'lp';

/**
 * The shard of a case's op: lp pools; the max family (max pools, adaptive max, unpool); adaptive average pools and
 * mean; average pools.
 */
export function shardOf(op: string): ParityShard {
  if (op.startsWith('lpPool')) return 'lp';
  if (op.startsWith('maxPool') || op.startsWith('adaptiveMax') || op.startsWith('maxUnpool')) return 'max';
  if (op.startsWith('adaptiveAvg') || op === 'mean') return 'adaptive_avg';
  return 'avg';
}

const BATCH = 50;
// tfjs's own programs (the cases' uploads and reads, the element-wise ops lp pools compose) with shapes as uniforms:
// compiled once per rank, not once per fixture shape, which was most of these suites' time on SwiftShader. This
// package's programs are the same either way (they always take shapes as uniforms); tfjs's default is what the other
// browser suites run (sweep, max_kernels, channels_last, kit, the torchvision ports, …).
const WEBGL2: TargetArgs = {backend: 'webgl', webglVersion: 2, shapeUniforms: true};
const WEBGL1: TargetArgs = {backend: 'webgl', webglVersion: 1, shapeUniforms: true};
const WEBGPU: TargetArgs = {backend: 'webgpu'};

/**
 * Why an int32 avg-pool case is beyond what webgl computes exactly, or null: tfjs stores int32 as float32 (exact to
 * ±2^24) and the shaders sum in 32-bit ints (a window sum, bounded here by max|x| times the input's size, must stay
 * within ±2^31). README, Limits.
 */
function beyondWebglIntegers(c: FixtureCase): string | null {
  // Only avg pools compute on int32 (mean casts to float32 as PyTorch does, adaptive pools refuse int64).
  if (c.input.dtype !== 'int32' || !c.op.startsWith('avgPool') || c.output === undefined) return null;
  const {values} = decodeTensor(c.input);
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  if (max > 2 ** 24) return `int32 input up to ${max}, beyond the ±2^24 webgl's float32 storage holds`;
  if (max * values.length >= 2 ** 31) return "int32 window sums may pass ±2^31, beyond the shader's 32-bit sums";
  return null;
}

/** What a case exercises on webgl (program_paths.ts): the programs it ran and its input's kind; an error, itself. */
function coverageKeys(c: FixtureCase, run: CaseRun): string[] {
  if (c.error) return [`error:${c.name}`];
  const {dtype, values} = decodeTensor(c.input);
  return [inputKind(c.op, dtype, values), ...(run.programs ?? [])];
}

/** Declares the parity suites of one shard on every browser target. */
export function defineParitySuites(shard: ParityShard): void {
  const cases = loadFixtureCases().filter(({c}) => shardOf(c.op) === shard);
  const problems = browserProblems();
  const webglLimit = cases.map(({c}) => beyondWebglIntegers(c));
  /** The cases webgl can compute exactly (the others are reported skipped, with why). */
  const webglCases = cases.flatMap((_, i) => (webglLimit[i] === null ? [i] : []));
  /** WebGL2's run of each case of webglCases, with the programs it ran (filled by the WebGL2 suite). */
  const webgl2Runs = new Map<number, CaseRun>();
  let session: BrowserSession | undefined;

  /** Runs cases[indices] on a fresh page of `target`. */
  async function run(label: string, target: TargetArgs, indices: number[], recordPrograms: boolean) {
    session ??= await startBrowser({entry: path.join(__dirname, 'parity_entry.ts')});
    const page = await session.newPage();
    try {
      const problem = await page.evaluate<string | null>('startTarget', target);
      if (problem !== null) throw new Error(`${label} cannot start: ${problem}`);
      const divisorStep = shard === 'avg' ? await page.evaluate<string[]>('runDivisorStep') : [];
      const t0 = Date.now();
      const runs: CaseRun[] = [];
      for (let i = 0; i < indices.length; i += BATCH) {
        const batch = indices.slice(i, i + BATCH).map(k => cases[k].c);
        runs.push(
          ...(await page.evaluate<CaseRun[]>(
            'runCases',
            {backend: target.backend, cases: batch, recordPrograms},
            600000,
          )),
        );
      }
      // The time per target, for README's table of where `npm test`'s minutes go.
      console.log(`${label}, ${shard} shard: ${indices.length} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return {divisorStep, runs};
    } finally {
      await page.close();
    }
  }

  afterAll(async () => {
    await session?.close();
  });

  it('has fixture cases', () => {
    // the committed fixtures; a directory of FIXTURE_CASES_DIR's (the fuzz sweep) may hold none of this shard
    expect(cases.length).toBeGreaterThanOrEqual(process.env.FIXTURE_CASES_DIR ? 0 : 100);
  });

  /** Every case as its own test, from the runs of a target over `indices` (webglCases or all). */
  function perCaseTests(results: () => Map<number, CaseRun>, webgl: boolean): void {
    cases.forEach(({group, c}, i) => {
      // A case the backend cannot compute exactly is reported as skipped, with why (README, Limits).
      if (webgl && webglLimit[i] !== null) {
        itSkipped(`${group}: ${c.name}`, webglLimit[i]!);
        return;
      }
      it(`${group}: ${c.name}`, () => {
        expect(results().get(i)?.failures).toEqual([]);
      });
    });
  }

  function divisorStepTest(result: () => string[]): void {
    if (shard !== 'avg') return;
    it("applies the divisor step's sign-of-zero rule (src/geometry/divisor_step.ts)", () => {
      expect(result()).toEqual([]);
    });
  }

  describeIfAvailable(`parity with PyTorch on webgl (WebGL2), ${shard} shard`, problems.webgl2, () => {
    let divisorStep: string[] = [];
    beforeAll(async () => {
      const r = await run('webgl (WebGL2)', WEBGL2, webglCases, true);
      divisorStep = r.divisorStep;
      r.runs.forEach((res, j) => webgl2Runs.set(webglCases[j], res));
    });
    divisorStepTest(() => divisorStep);
    perCaseTests(() => webgl2Runs, true);
  });

  describeIfAvailable(`parity with PyTorch on webgl (WebGL1), ${shard} shard`, problems.webgl1, () => {
    let divisorStep: string[] = [];
    let chosen: number[] = [];
    const runs = new Map<number, CaseRun>();
    beforeAll(async () => {
      // Without WebGL2's runs (it could not start, outside CI) or when asked, every case.
      const all = process.env.PARITY_WEBGL1 === 'all' || webgl2Runs.size < webglCases.length;
      const keys = webglCases.map(k => coverageKeys(cases[k].c, webgl2Runs.get(k) ?? {failures: []}));
      chosen = all ? webglCases : coveringCases(keys).map(j => webglCases[j]);
      console.log(
        `webgl (WebGL1), ${shard} shard: ${chosen.length} of ${webglCases.length} cases ` +
          `(${all ? 'all' : `covering the ${new Set(keys.flat()).size} program paths and input kinds of WebGL2`})`,
      );
      const r = await run('webgl (WebGL1)', WEBGL1, chosen, true);
      divisorStep = r.divisorStep;
      r.runs.forEach((res, j) => runs.set(chosen[j], res));
    });
    divisorStepTest(() => divisorStep);
    it('agrees with PyTorch on every case it runs (those covering what WebGL2 ran, or all)', () => {
      expect(chosen.length).toBeGreaterThan(0);
      const failures = chosen.flatMap(k =>
        runs.get(k)?.failures.length ? [`${cases[k].group}: ${cases[k].c.name}: ${runs.get(k)!.failures}`] : [],
      );
      expect(failures).toEqual([]);
    });
    it('runs the programs WebGL2 ran for those cases (the generators do not branch on the WebGL version)', () => {
      const ours = (programs: string[] | undefined) => programs?.filter(p => !TEXTURE_CODECS.test(p));
      const differ = chosen.flatMap(k => {
        const [one, two] = [ours(runs.get(k)?.programs) ?? [], ours(webgl2Runs.get(k)?.programs)];
        return two === undefined || JSON.stringify(one) === JSON.stringify(two)
          ? []
          : [`${cases[k].c.name}: WebGL1 ${one.join(' ')}; WebGL2 ${two.join(' ')}`];
      });
      expect(differ).toEqual([]);
    });
  });

  describeIfAvailable(`parity with PyTorch on webgpu, ${shard} shard`, problems.webgpu, () => {
    let divisorStep: string[] = [];
    const runs = new Map<number, CaseRun>();
    beforeAll(async () => {
      const all = cases.map((_, i) => i);
      const r = await run('webgpu', WEBGPU, all, false);
      divisorStep = r.divisorStep;
      r.runs.forEach((res, j) => runs.set(all[j], res));
    });
    divisorStepTest(() => divisorStep);
    perCaseTests(() => runs, false);
  });
}
