/**
 * The deterministic weights (kit/weights.mjs) are export.py's bit for bit, in the same state_dict order: for every
 * model, every floating-point entry's name, shape and the sha256 of its float32 values, the digest of all of them
 * (some 52 million values over the five models) and of the deterministic input. No backend is involved.
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const MODELS = ['resnet18', 'googlenet', 'squeezenet1_1', 'densenet121', 'inception_v3'];
type Entry = [string, number[], string];
interface Digest {
  state_dict: Entry[];
  weights_sha256: string;
  input_sha256: string;
}

let digests: Record<string, Digest>;
beforeAll(() => {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'weights_digest.mjs')], {encoding: 'utf8'});
  digests = JSON.parse(out);
});

describe.each(MODELS)('%s', model => {
  const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${model}.json`), 'utf8'));

  it('was exported by the pinned PyTorch with no weights in the fixture', () => {
    expect(fixture.versions.torch).toMatch(/^2\.15\.0\b/);
    expect(fixture.versions.torchvision).toMatch(/^0\.29\.2\b/);
    expect(fixture.logits).toHaveLength(1000);
    expect(fixture.logits.every(Number.isFinite)).toBe(true);
    expect(fs.statSync(path.join(__dirname, 'fixtures', `${model}.json`)).size).toBeLessThan(100 * 1024);
    // The integer entries the formula skips are BatchNorm's counters only.
    for (const name of fixture.skipped) expect(name).toMatch(/num_batches_tracked$/);
  });

  it("walks the state_dict in PyTorch's order, with the same shapes", () => {
    const ours = digests[model].state_dict.map(([name, shape]) => [name, shape]);
    expect(ours).toEqual(fixture.state_dict.map(([name, shape]: Entry) => [name, shape]));
  });

  it('computes every entry bit for bit as numpy does', () => {
    const mismatched = digests[model].state_dict.filter(([name, , sha], i) => {
      const [theirName, , theirSha] = fixture.state_dict[i] as Entry;
      return name !== theirName || sha !== theirSha;
    });
    expect(mismatched.map(([name]) => name)).toEqual([]);
    expect(digests[model].weights_sha256).toBe(fixture.weights_sha256);
  });

  it('computes the deterministic input bit for bit', () => {
    expect(digests[model].input_sha256).toBe(fixture.input.sha256);
  });
});
