/**
 * The porting kit (kit/module.mjs, kit/layers.mjs) on its own, on tfjs's cpu backend: loading a state_dict by name
 * gives the same model as the formula weights, a missing or unexpected entry throws with its name, and building,
 * running and disposing a model leaves no tensor behind. The kit is ESM (shared with the browser), so the checks
 * run in a child process and report as JSON.
 */
import {execFileSync} from 'child_process';
import * as path from 'path';

const kit = (file: string) => JSON.stringify(path.join(__dirname, file));
const SCRIPT = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {formulaValues} from ${kit('kit/weights.mjs')};
import {MODELS} from ${kit('models/index.mjs')};
tf.env().set('PROD', true);  // no "running TensorFlow.js in Node.js" banner in the test log (tfjs 4.x: advice only)
await tf.setBackend('cpu');
const out = {};
const before = tf.memory().numTensors;
const named = new Map(MODELS.squeezenet1_1.build().stateDictShapes().map(([n, s], k) => [n, formulaValues(k, n, s)]));
named.set('features.0.num_batches_tracked', new Float32Array(1));  // integer entries may be left over
const x = tf.randomUniform([1, 3, 64, 64], -1, 1, 'float32', 7);
const a = MODELS.squeezenet1_1.build().loadFormulaWeights();
const b = MODELS.squeezenet1_1.build().loadStateDict(named);
const ya = tf.tidy(() => a.forward(x)), yb = tf.tidy(() => b.forward(x));
out.sameLogits = tf.tidy(() => tf.max(tf.abs(tf.sub(ya, yb))).dataSync()[0]) === 0;
out.shape = ya.shape;
tf.dispose([ya, yb]);
a.dispose();
b.dispose();
const err = f => { try { f(); return null; } catch (e) { return e.message; } };
const missing = new Map(named);
missing.delete('features.3.expand3x3.bias');
out.missing = err(() => MODELS.squeezenet1_1.build().loadStateDict(missing));
const extra = new Map(named);
extra.set('classifier.9.weight', new Float32Array(4));
out.unexpected = err(() => MODELS.squeezenet1_1.build().loadStateDict(extra));
const wrong = new Map(named);
wrong.set('classifier.1.bias', new Float32Array(999));
out.wrongSize = err(() => MODELS.squeezenet1_1.build().loadStateDict(wrong));
x.dispose();
out.leaked = tf.memory().numTensors - before;
console.log(JSON.stringify(out));
`;

let out: Record<string, unknown>;
beforeAll(() => {
  out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT],
                                {encoding: 'utf8', cwd: path.join(__dirname, '..', '..')}).trim().split('\n').pop()!);
});

it('loadStateDict(named tensors) gives the model loadFormulaWeights() gives', () => {
  expect(out.shape).toEqual([1, 1000]);
  expect(out.sameLogits).toBe(true);
});

it('a missing, unexpected or mis-sized entry throws with its name', () => {
  expect(out.missing).toBe('missing state_dict entry features.3.expand3x3.bias');
  expect(out.unexpected).toBe('unexpected state_dict entries: classifier.9.weight');
  expect(out.wrongSize).toBe('classifier.1.bias: expected 1000 float32 values of shape [1000]');
});

it('build, load, forward and dispose leave no tensor behind (thrown loads included)', () => {
  expect(out.leaked).toBe(0);
});
