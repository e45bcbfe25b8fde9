/**
 * The porting kit against PyTorch in headless Chromium (SwiftShader): every module case of
 * test/fixtures/kit/kit.json (output, input and parameter gradients, BatchNorm's running update, repr, state_dict
 * keys, no tensor left behind) on webgl (WebGL2) and webgpu, within the kit's GPU bound (KIT_ERROR_FACTOR). A
 * target that cannot start here is declared skipped before its tests exist (in CI it runs and fails).
 */
import * as path from 'path';
import {browserProblems, describeIfAvailable, reportSkip} from '../support/availability';
import type {ProbeTarget} from '../support/availability';
import type {KitCaseResult} from '../nn/kit_cases';
import {KIT} from '../nn/kit_parity';
import {BrowserSession, startBrowser} from './harness';

const TARGETS: Array<{label: string; probe: ProbeTarget; backend: 'webgl' | 'webgpu'}> = [
  {label: 'webgl (WebGL2)', probe: 'webgl2', backend: 'webgl'},
  {label: 'webgpu', probe: 'webgpu', backend: 'webgpu'},
];

const cases = KIT.modules as any[];
const problems = browserProblems();

/**
 * Gaps of tfjs's own kernels, not of the kit (each checked with the tfjs op alone, no kit code): skipped here and in
 * CI alike, with the reason printed.
 */
const TFJS_GAPS: Record<string, Record<string, string>> = {
  webgpu: {
    Conv3d:
      "tfjs-backend-webgpu 4.22's Conv3D returns zeros at stride 1 under SwiftShader (tf.conv3d alone " +
      'gives all zeros where cpu does not)',
  },
};
let session: BrowserSession | undefined;

afterAll(async () => {
  await session?.close();
});

for (const {label, probe, backend} of TARGETS) {
  describeIfAvailable(`nn kit parity with PyTorch on ${label}`, problems[probe], () => {
    let results: KitCaseResult[] = [];

    beforeAll(async () => {
      session ??= await startBrowser({entry: path.join(__dirname, 'kit_entry.ts')});
      const page = await session.newPage();
      try {
        const problem = await page.evaluate<string | null>('startKitBackend', backend);
        if (problem !== null) throw new Error(`${label} cannot start: ${problem}`);
        results = await page.evaluate<KitCaseResult[]>('runKitCases', {backend, cases}, 600000);
      } finally {
        await page.close();
      }
    });

    cases.forEach((c, i) => {
      const gap = TFJS_GAPS[backend]?.[c.name];
      if (gap !== undefined) {
        reportSkip(`${label}: ${c.name}`, gap);
        describe.skip(`[SKIPPED: ${gap}]`, () => {
          it(c.name, () => expect(results[i].failures).toEqual([]));
        });
        return;
      }
      it(c.name, () => {
        const r = results[i];
        expect(r.failures).toEqual([]);
        expect(r.repr).toBe(c.repr);
        expect(r.stateDictKeys).toEqual(Object.keys(c.state_dict_after));
        expect(r.leaked).toBe(0);
      });
    });
  });
}
