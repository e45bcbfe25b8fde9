/**
 * The ports on the package's public kit (tfjs-torch-ops's `nn`), loading a real state_dict file: the formula
 * weights written in JS with nn.saveSafetensors and read back by run.mjs --weights give the formula run's logits
 * bit for bit; a truncated file or a state_dict missing an entry fails with the reader's / load_state_dict's words;
 * building, loading, running and disposing leaves no tensor behind. The examples are ESM (shared with the browser),
 * so the in-process checks run in a child process and report as JSON.
 */
import {execFileSync, spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const HERE = __dirname;
const RUN = path.join(HERE, 'run.mjs');
const at = (file: string) => JSON.stringify(path.join(HERE, file));
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-kit-'));
const FILES = {
  good: path.join(DIR, 'squeezenet1_1.safetensors'),
  truncated: path.join(DIR, 'truncated.safetensors'),
  missing: path.join(DIR, 'missing.safetensors'),
};

const SCRIPT = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {writeFileSync} from 'node:fs';
import {nn} from 'tfjs-torch-ops';
import {formulaStateDict, loadFormulaWeights} from ${at('weights.mjs')};
import {MODELS} from ${at('models/index.mjs')};
tf.env().set('PROD', true);  // no "running TensorFlow.js in Node.js" banner in the test log (tfjs 4.x: advice only)
await tf.setBackend('cpu');
const files = ${JSON.stringify(FILES)};
const out = {};
const before = tf.memory().numTensors;
const model = MODELS.squeezenet1_1.build().eval();
const named = formulaStateDict(model);
const bytes = await nn.saveSafetensors(named, {format: 'pt'});
writeFileSync(files.good, bytes);
writeFileSync(files.truncated, bytes.subarray(0, bytes.length - 100));
const fewer = new Map(named);
fewer.delete('features.3.expand3x3.bias');
writeFileSync(files.missing, await nn.saveSafetensors(fewer));
named.forEach(t => t.dispose());
out.keys = [...model.stateDict().keys()].slice(0, 4);
loadFormulaWeights(model);
const x = tf.randomUniform([1, 3, 64, 64], -1, 1, 'float32', 7);
const y = tf.tidy(() => model.forward(x));
out.shape = y.shape;
tf.dispose([x, y]);
model.dispose();
out.leaked = tf.memory().numTensors - before;
console.log(JSON.stringify(out));
`;

function run(args: string[]): {status: number | null; json: Record<string, unknown>} {
  const r = spawnSync(process.execPath, [RUN, '--model', 'squeezenet1_1', '--backend', 'cpu', '--json', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return {status: r.status, json: JSON.parse(r.stdout.trim().split('\n').pop()!)};
}

let out: Record<string, unknown>;
beforeAll(() => {
  out = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      cwd: path.join(HERE, '..', '..'),
    })
      .trim()
      .split('\n')
      .pop()!,
  );
});
afterAll(() => fs.rmSync(DIR, {recursive: true, force: true}));

it("the port is an nn.Module with PyTorch's state_dict names", () => {
  expect(out.keys).toEqual([
    'features.0.weight',
    'features.0.bias',
    'features.3.squeeze.weight',
    'features.3.squeeze.bias',
  ]);
  expect(out.shape).toEqual([1, 1000]);
});

it("run.mjs --weights FILE.safetensors gives the formula run's logits bit for bit", () => {
  const formula = run([]);
  const file = run(['--weights', FILES.good, '--runs', '2']);
  expect([formula.status, file.status]).toEqual([0, 0]);
  expect(file.json.logits).toEqual(formula.json.logits);
  expect(Object.keys(file.json)).toEqual(['model', 'backend', 'memoryFormat', 'logits', 'msPerForward']);
  expect(file.json.msPerForward).toBeGreaterThan(0);
});

it("a truncated file or a missing entry fails with the reader's and load_state_dict's words", () => {
  const truncated = run(['--weights', FILES.truncated]);
  expect(truncated.status).toBe(2);
  expect(truncated.json.unavailable).toMatch(/MetadataIncompleteBuffer/);
  const missing = run(['--weights', FILES.missing]);
  expect(missing.status).toBe(2);
  expect(missing.json.unavailable).toContain(
    'Error(s) in loading state_dict for SqueezeNet:\n\tMissing key(s) in ' +
      'state_dict: "features.3.expand3x3.bias". ',
  );
});

it('build, load, forward and dispose leave no tensor behind', () => {
  expect(out.leaked).toBe(0);
});
