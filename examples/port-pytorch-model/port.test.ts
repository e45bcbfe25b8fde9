/**
 * Keeps the porting example honest: run.mjs must reproduce PyTorch's logits (max |Δ| <= 1e-4) on every Node backend,
 * cpu, wasm and tensorflow (tfjs-node). A backend that cannot start here is declared skipped with the reason (in CI,
 * CI=true, it runs and fails): test/support/availability.ts. run.mjs imports the built package (dist/), as quickstart.mjs does: `npm test` builds first.
 */
import {execFile} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {promisify} from 'util';
import {describeIfAvailable, nodeBackendProblem} from '../../test/support/availability';

const RUN = path.join(__dirname, 'run.mjs');
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'model.json'), 'utf8'));

interface RunResult {
  backend: string;
  unavailable?: string;
  shape: number[];
  logits: number[];
  pytorch: number[];
  maxAbsDiff: number;
  medianMs: number;
  ok: boolean;
}

async function run(backend: string): Promise<RunResult> {
  try {
    const {stdout} = await promisify(execFile)(process.execPath, [RUN, '--backend', backend, '--json', '--runs', '3'], {
      encoding: 'utf8',
    });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } catch (e) {
    // Exit 1 (mismatch) and 2 (backend unavailable) still print their JSON line.
    const stdout = String((e as {stdout?: string}).stdout ?? '');
    const last = stdout.trim().split('\n').pop();
    if (last && last.startsWith('{')) return JSON.parse(last);
    throw e;
  }
}

it("the exported model is PyTorch 2.15.0's, small, and complete", () => {
  expect(manifest.versions.torch).toMatch(/^2\.15\.0\b/);
  expect(manifest.versions.torchvision).toMatch(/^0\.29\.2\b/);
  const bin = fs.statSync(path.join(__dirname, manifest.bin)).size;
  const json = fs.statSync(path.join(__dirname, 'model.json')).size;
  expect(bin + json).toBeLessThan(1 << 20);
  const last = manifest.logits;
  expect(bin).toBe(last.offset + 4 * last.shape.reduce((a: number, b: number) => a * b, 1));
  expect(manifest.input.shape).toEqual([2, 3, 32, 32]);
  expect(last.shape).toEqual([2, 10]);
  // The logits move by far more than the tolerance when a pool follows tfjs's rules instead of PyTorch's.
  for (const delta of Object.values(manifest.sensitivity) as number[]) expect(delta).toBeGreaterThan(1e-2);
});

for (const backend of ['cpu', 'wasm', 'tensorflow']) {
  describeIfAvailable(`TinyPortNet on ${backend}`, nodeBackendProblem(backend), () => {
    it("reproduces PyTorch's logits to within 1e-4", async () => {
      const r = await run(backend);
      if (r.unavailable !== undefined) throw new Error(`backend ${backend} cannot start: ${r.unavailable}`);
      expect(r.backend).toBe(backend);
      expect(r.shape).toEqual([2, 10]);
      expect(r.logits).toHaveLength(20);
      expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-4);
      expect(r.ok).toBe(true);
      console.log(`${backend}: max |Δ| ${r.maxAbsDiff.toExponential(2)}, median run ${r.medianMs.toFixed(1)} ms`);
    });
  });
}

it('run.mjs reports an unknown backend as unavailable (exit 2)', async () => {
  const r = await run('no-such-backend');
  expect(r.unavailable).toMatch(/unknown backend/);
});
