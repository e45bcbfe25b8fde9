/**
 * `npm run fixtures:sample [count]`: draws calls from the property test's argument space (arg_space.ts; seeded, so
 * the sample is reproducible), keeps those PyTorch has a counterpart for, and writes them to
 * test/fixtures/argspace_calls.json. `npm run fixtures` then records what PyTorch does with each (the argspace
 * group), which every backend's parity suite replays: the error texts of random calls are PyTorch's own.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import {encodeJs, encodeOptions} from '../support/js_values';
import {Call, callArb, inputValues, jsOnly} from './arg_space';

const SEED = 16;
const count = Number(process.argv.slice(2).find(a => /^\d+$/.test(a)) ?? 300);

const calls: Call[] = [];
for (const c of fc.sample(callArb(), {seed: SEED, numRuns: count * 3})) {
  if (!jsOnly(c) && calls.length < count) calls.push(c);
}
const encoded = calls.map(c => {
  const values = inputValues(c.input).map(v => encodeJs(c.input.dtype === 'float32' ? Math.fround(v) : v));
  const out: Record<string, unknown> = {
    op: c.op, input: {shape: c.input.shape, dtype: c.input.dtype, values}, args: c.args.map(encodeJs),
  };
  if (c.options !== undefined) out.options = encodeOptions(c.options as Record<string, unknown>);
  return out;
});
const file = 'test/fixtures/argspace_calls.json';
fs.writeFileSync(file, JSON.stringify({
  generator: 'test/property/sample_calls.ts', seed: SEED, count: encoded.length, calls: encoded,
}) + '\n');
console.log(`${file}: ${encoded.length} calls`);
