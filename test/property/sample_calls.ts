/**
 * `npm run fixtures:sample [count]`: draws calls from the property test's argument space (arg_space.ts; seeded, so
 * the sample is reproducible), keeps those PyTorch has a counterpart for, and writes them to
 * test/fixtures/argspace_calls.json. `npm run fixtures` then records what PyTorch does with each (the argspace
 * group), which every backend's parity suite replays: the error texts of random calls are PyTorch's own.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src';
import {startBackend} from '../support/node_backends';
import {encodeJs, encodeOptions} from '../support/js_values';
import {Call, auxValues, callArb, inputValues, jsOnly} from './arg_space';
import {runCall} from './run_call';
import {parseCli, usageError} from '../../scripts/cli.mjs';

const SEED = 16;
const cli = {
  usage: 'npm run fixtures:sample [-- COUNT]',
  summary:
    "Draws COUNT calls (seeded) from the property test's argument space, keeps those PyTorch has a\n" +
    'counterpart for, and writes them to test/fixtures/argspace_calls.json (then: npm run fixtures).',
  positionals: [{name: 'COUNT', description: 'how many calls to draw (default: 400)'}],
};
const {positionals} = parseCli(cli);
const count = Number(positionals[0] ?? 400);
if (!Number.isInteger(count) || count < 1) usageError(cli, `COUNT takes a positive integer, got '${positionals[0]}'`);

/**
 * Whether PyTorch's outcome depends on this machine's memory: we refuse outputs past 2^31-1 elements (tfjs's
 * int32 indexing) with PyTorch's allocation error, which PyTorch raises only where the machine cannot hold them;
 * below 2^40 bytes some machines can (and the generator would spend them), so such calls are not sampled.
 */
async function machineDependent(c: Call): Promise<boolean> {
  const out = await runCall(tf, tt, c);
  const bytes = /can't allocate memory: you tried to allocate (\d+) bytes/.exec(out.error?.message ?? '');
  return bytes !== null && Number(bytes[1]) < 2 ** 40;
}

async function main(): Promise<Call[]> {
  const problem = await startBackend('cpu');
  if (problem !== null) throw new Error(problem);
  const calls: Call[] = [];
  for (const c of fc.sample(callArb(), {seed: SEED, numRuns: count * 3})) {
    if (calls.length < count && !jsOnly(c) && !(await machineDependent(c))) calls.push(c);
  }
  return calls;
}

main().then(write, e => {
  console.error(e);
  process.exit(1);
});

function write(calls: Call[]): void {
  const encoded = calls.map(c => {
    const values = inputValues(c.input).map(v => encodeJs(c.input.dtype === 'float32' ? Math.fround(v) : v));
    const out: Record<string, unknown> = {
      op: c.op,
      input: {shape: c.input.shape, dtype: c.input.dtype, values},
      args: c.args.map(encodeJs),
    };
    // max_unpool's indices: the values the property test passes (plain numbers; int32 is torch.int64)
    if (c.aux !== undefined) out.aux = {shape: c.aux.shape, dtype: c.aux.dtype, values: auxValues(c)};
    // an option whose value is undefined is not passed (JavaScript's convention, which the ops follow), not None
    if (c.options !== undefined) {
      out.options = encodeOptions(
        Object.fromEntries(Object.entries(c.options as Record<string, unknown>).filter(([, v]) => v !== undefined)),
      );
    }
    return out;
  });
  const file = 'test/fixtures/argspace_calls.json';
  fs.writeFileSync(
    file,
    JSON.stringify({
      generator: 'test/property/sample_calls.ts',
      seed: SEED,
      count: encoded.length,
      calls: encoded,
    }) + '\n',
  );
  console.log(`${file}: ${encoded.length} calls`);
}
