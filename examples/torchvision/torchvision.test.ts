/**
 * The five torchvision ports reproduce PyTorch's logits on the Node backends (cpu, wasm, tensorflow): run.mjs --json
 * per model, max |Δ| <= MODEL_LOGITS_FACTOR[backend] · float32_error (PyTorch's own float32 error on the model,
 * recorded by export.py) and the same top-5 order; the same bound fails a port with tfjs's built-in pools. Every model runs once
 * per backend at its real input size (224, 299 for inception_v3). A backend that cannot start is skipped with its
 * reason outside CI (the probe runs when this file loads) and fails in CI. webgl and webgpu: browser.test.ts.
 */
import {execFile, spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {promisify} from 'util';
import {reportSkip, skipTitle} from '../../test/support/availability';
import {MODEL_LOGITS_FACTOR} from '../../test/support/tolerances';

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const RUN = path.join(__dirname, 'run.mjs');
const MODELS = ['resnet18', 'googlenet', 'squeezenet1_1', 'densenet121', 'inception_v3'];
const FORMATS = ['contiguous', 'channelsLast'] as const;
const fixture = (model: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${model}.json`), 'utf8'));

/** Why `backend` cannot start here, or undefined. */
function probe(backend: string): string | undefined {
  const r = spawnSync(process.execPath, [RUN, '--backend', backend, '--probe', '--json'], {encoding: 'utf8'});
  if (r.status === 0) return undefined;
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last).unavailable ?? `exit ${r.status}`;
  } catch {
    return `exit ${r.status}: ${(r.stderr ?? '').slice(-300)}`;
  }
}

async function run(
  args: string[],
): Promise<{logits: number[]; model: string; backend: string; memoryFormat: string; ms: number}> {
  const t0 = Date.now();
  const {stdout} = await promisify(execFile)(process.execPath, [RUN, ...args, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1); // --json: one line on stdout and nothing else
  return {...JSON.parse(lines[0]), ms: Date.now() - t0};
}

function topK(values: ArrayLike<number>, k = 5): number[] {
  return Array.from({length: values.length}, (_, i) => i)
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, k);
}

const timings: string[] = [];
afterAll(() => {
  if (timings.length)
    console.log(`torchvision ports, one process per model (start + weights + forward):\n${timings.join('\n')}`);
});

const CPU_CHANNELS_LAST = ['resnet18', 'squeezenet1_1'];

for (const backend of ['cpu', 'wasm', 'tensorflow']) {
  const unavailable = probe(backend);
  if (unavailable !== undefined && IN_CI) {
    it(`${backend} starts (CI=true)`, () => {
      throw new Error(`backend ${backend} cannot start in CI: ${unavailable}`);
    });
    continue;
  }
  if (unavailable !== undefined) reportSkip(`torchvision ports on ${backend}`, unavailable);
  const suite = unavailable === undefined ? describe : describe.skip;
  const name = `torchvision ports on ${backend}`;
  suite(unavailable ? skipTitle(name, unavailable) : name, () => {
    // both memory formats: the default NCHW, and model.to({memoryFormat: 'channelsLast'}) (NHWC inside, same values).
    // The channels-last mode is the kit's own logic over each backend's channels-last kernels (which the fixtures
    // check on every backend): every port runs it on wasm and tensorflow; the cpu backend, whose pure-JS convolutions
    // take most of this file's time, runs it on the two ports that cover its pools (ResNet's stem, SqueezeNet's ceil).
    // The recommended form, channels-last with the port's fuseModel() (BatchNorm folded into the convolutions,
    // (conv, ReLU) modules fused: other weights, same logits), runs every port on wasm and tensorflow; on cpu the
    // fused modules' numerics are checked against PyTorch by test/nn/fusion.test.ts, which costs seconds where a
    // pure-JS port forward costs tens of them.
    const cases = MODELS.flatMap(model =>
      FORMATS.filter(f => backend !== 'cpu' || f === 'contiguous' || CPU_CHANNELS_LAST.includes(model)).flatMap(
        format => [
          [model, format, ''] as const,
          ...(format === 'channelsLast' && backend !== 'cpu' ? [[model, format, ', fused'] as const] : []),
        ],
      ),
    );
    it.each(cases)("%s, memory format %s%s: PyTorch's logits and top-5", async (model, memoryFormat, fused) => {
      const expected = fixture(model);
      const r = await run([
        '--model',
        model,
        '--backend',
        backend,
        '--memory-format',
        memoryFormat,
        ...(fused ? ['--fuse'] : []),
      ]);
      expect(r.model).toBe(model);
      expect(r.backend).toBe(backend);
      expect(r.memoryFormat).toBe(memoryFormat);
      expect(r.logits).toHaveLength(1000);
      let delta = 0;
      for (let i = 0; i < 1000; i++) delta = Math.max(delta, Math.abs(r.logits[i] - expected.logits[i]));
      const bound = MODEL_LOGITS_FACTOR[backend] * expected.float32_error;
      timings.push(
        `  ${backend.padEnd(10)} ${model.padEnd(13)} ${(memoryFormat + fused).padEnd(19)} ` +
          `${String(r.ms).padStart(6)} ms, ` +
          `max |Δ| ${delta.toExponential(2)}`,
      );
      expect(delta).toBeLessThanOrEqual(bound);
      expect(topK(r.logits)).toEqual(expected.top5);
    });
  });
}

describe('the tolerance tells a wrong pool apart', () => {
  it("squeezenet1_1 with tfjs's built-in pools (ceil_mode written as 'same') is outside the bound; ours inside", () => {
    const r = spawnSync(
      process.execPath,
      [path.join(__dirname, 'contrast.mjs'), '--backend', 'cpu', '--models', 'squeezenet1_1', '--json'],
      {encoding: 'utf8', maxBuffer: 1 << 24},
    );
    expect(r.status).toBe(0);
    const {squeezenet1_1: c} = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const bound = MODEL_LOGITS_FACTOR.cpu * fixture('squeezenet1_1').float32_error;
    expect(c.ours).toBeLessThanOrEqual(bound);
    expect(c.builtin).toBeGreaterThan(bound);
  });
});

describe('run.mjs', () => {
  it('--input-raw reads little-endian float32 NCHW: the deterministic input written out gives the same logits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchvision-'));
    try {
      const file = path.join(dir, 'input.raw');
      // The deterministic input, written by the same formula the CLI uses by default (weights.mjs).
      const {status, stderr} = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `
        import {writeFileSync} from 'node:fs';
        import {inputValues} from ${JSON.stringify(path.join(__dirname, 'weights.mjs'))};
        const v = inputValues(224), b = Buffer.alloc(4 * v.length);
        v.forEach((x, i) => b.writeFloatLE(x, 4 * i));
        writeFileSync(${JSON.stringify(file)}, b);`,
        ],
        {encoding: 'utf8'},
      );
      expect(stderr).toBe('');
      expect(status).toBe(0);
      const [fromFile, fromFormula] = await Promise.all([
        run(['--model', 'squeezenet1_1', '--backend', 'cpu', '--input-raw', file]),
        run(['--model', 'squeezenet1_1', '--backend', 'cpu']),
      ]);
      expect(fromFile.logits).toEqual(fromFormula.logits);
      // And a different input gives different logits: the file is read, not ignored.
      const bytes = fs.readFileSync(file);
      bytes.writeFloatLE(5, 0);
      bytes.writeFloatLE(-5, 4 * 1000);
      fs.writeFileSync(file, bytes);
      const changed = await run(['--model', 'squeezenet1_1', '--backend', 'cpu', '--input-raw', file]);
      expect(changed.logits).not.toEqual(fromFormula.logits);
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  });

  it('rejects an input file of the wrong size and an unknown model (exit 2, the reason as JSON)', () => {
    for (const args of [
      ['--model', 'vgg11'],
      ['--model', 'resnet18', '--input-raw', __filename],
    ]) {
      const r = spawnSync(process.execPath, [RUN, ...args, '--json'], {encoding: 'utf8'});
      expect(r.status).toBe(2);
      expect(JSON.parse(r.stdout.trim()).unavailable).toMatch(/unknown model|bytes/);
    }
  });
});
