/**
 * Browser side of failed_passes.test.ts: the multi-pass webgl and webgpu kernels must leak nothing when one of their
 * program runs throws (a shader that does not compile, a texture or buffer larger than the device allows). Each case
 * runs once to count its program runs, then once per run k with the backend's runWebGLProgram / runWebGPUProgram
 * made to throw at its k-th call, wrapped around the backend instance from this page (nothing in the package knows
 * about it); every call must then end in that error, with tf.memory().numTensors and the backend's data ids as before.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../../src/index';
import {values} from './webgl_large_entry';

export interface FailedPassesArgs {
  backend: 'webgl' | 'webgpu';
}

export interface FailedPassesResult {
  unavailable?: string;
  /** per case: the programs of a normal run (webgl: class names, webgpu: shader keys) and every leak or miss */
  cases?: Array<{name: string; programs: string[]; failures: string[]}>;
}

const INJECTED = 'injected program failure';

interface FailCase {
  name: string;
  /** a program whose run shows that the multi-pass path under test was taken, per backend */
  expect: {webgl: string; webgpu: string};
  /** makes the inputs (not counted: created before the snapshot) */
  setup: () => tf.Tensor[];
  /** the call under test; its outputs are disposed */
  run: (inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
}

const input = (shape: number[]) =>
  tf.tensor(
    values(
      shape.reduce((a, b) => a * b, 1),
      'float32',
    ),
    shape,
  );
const grad = (f: (x: tf.Tensor) => tf.Tensor) => (inputs: tf.Tensor[]) => tf.grad(f)(inputs[0]);

export const FAIL_CASES: FailCase[] = [
  {
    name: 'avgPool1d k5000 s1 (tiled windows: tile sums, partial sums, divisor step)',
    expect: {webgl: 'TileSumProgram', webgpu: 'torchBoxTileSum_forward'},
    setup: () => [input([1, 1, 10000])],
    run: ([x]) => tt.avgPool1d(x, 5000, {stride: 1}),
  },
  {
    name: 'avgPool1d k5000 s1 gradient (tiled covering ranges)',
    expect: {webgl: 'TileSumProgram', webgpu: 'torchBoxTileSum_backward'},
    setup: () => [input([1, 1, 10000])],
    run: grad(x => tt.avgPool1d(x, 5000, {stride: 1})),
  },
  {
    name: 'adaptiveAvgPool2d on a packed input (unpacked copy, table)',
    expect: {webgl: 'TorchAvgPoolProgram', webgpu: 'torchAvgPool_successive_f32'},
    // a binary op's output is a packed texture on webgl (WEBGL_PACK_BINARY_OPERATIONS)
    setup: () => {
      const raw = input([1, 3, 20, 30]);
      const packed = tf.mul(raw, tf.scalar(1));
      raw.dispose();
      return [packed];
    },
    run: ([x]) => tt.adaptiveAvgPool2d(x, [3, 7]),
  },
  {
    name: 'mean of [2, 70000] over axis 1 (partial sums in passes)',
    expect: {webgl: 'TorchMeanSumProgram', webgpu: 'torchMean_partial'},
    setup: () => [input([2, 70000])],
    run: ([x]) => tt.mean(x, 1),
  },
  {
    name: 'mean of [40, 3, 300] over axes 0 and 2 (two runs of passes on webgl)',
    expect: {webgl: 'TorchMeanSumProgram', webgpu: 'torchMean_final'},
    setup: () => [input([40, 3, 300])],
    run: ([x]) => tt.mean(x, [0, 2]),
  },
  {
    name: 'maxPool1d k5000 s1 with indices (index scan in chunks, then values)',
    expect: {webgl: 'MaxValuesProgram', webgpu: 'torchMaxValues_f32'},
    setup: () => [input([1, 1, 10000])],
    run: ([x]) => tt.maxPool1d(x, 5000, {stride: 1, returnIndices: true}) as tf.Tensor[],
  },
  {
    name: 'maxPool1d k5000 s1 gradient (coverings in chunks)',
    expect: {webgl: 'MaxPoolGradProgram', webgpu: 'torchMaxPoolGrad_true_false'},
    setup: () => [input([1, 1, 10000])],
    run: grad(x => tt.maxPool1d(x, 5000, {stride: 1}) as tf.Tensor),
  },
  {
    name: 'maxPool2d gradient with padding-only windows (routed gradients pass)',
    expect: {webgl: 'StrayGradProgram', webgpu: 'torchMaxPoolStrayGrad_1'},
    setup: () => [input([1, 2, 2, 2])],
    run: grad(x => tt.maxPool2d(x, [1, 2], {stride: 1, padding: [0, 1], dilation: [1, 3]}) as tf.Tensor),
  },
  {
    name: 'maxUnpool1d of 200-value planes (webgl: bitonic sort, sorted search, gather)',
    expect: {webgl: 'BitonicStepProgram', webgpu: 'torchMaxUnpoolWinners'},
    setup: () => {
      const ind = Array.from({length: 400}, (_, j) => (j * 37) % 400);
      return [input([1, 2, 200]), tf.tensor(ind, [1, 2, 200], 'int32')];
    },
    run: ([x, ind]) => tt.maxUnpool1d(x, ind, 2),
  },
];

type Patched = Record<string, (...a: unknown[]) => unknown>;

/** Runs `f` with the backend's program runner wrapped: records each program, throws at call `failAt` (0: never). */
function withRunner<T>(backend: string, failAt: number, f: () => T): {value?: T; error?: unknown; programs: string[]} {
  const b = tf.backend() as unknown as Patched;
  const name = backend === 'webgl' ? 'runWebGLProgram' : 'runWebGPUProgram';
  const original = b[name];
  const programs: string[] = [];
  b[name] = function (this: unknown, ...args: unknown[]) {
    const program = args[0] as {constructor: {name: string}; shaderKey?: string};
    programs.push(backend === 'webgl' ? program.constructor.name : String(program.shaderKey));
    if (programs.length === failAt) throw new Error(INJECTED);
    return original.apply(this, args);
  };
  try {
    return {value: f(), programs};
  } catch (error) {
    return {error, programs};
  } finally {
    b[name] = original;
  }
}

const dataIds = () => (tf.backend() as unknown as {numDataIds(): number}).numDataIds();

function runCase(backend: 'webgl' | 'webgpu', c: FailCase): {programs: string[]; failures: string[]} {
  const failures: string[] = [];
  const inputs = c.setup();
  const normal = withRunner(backend, 0, () => c.run(inputs));
  if (normal.error !== undefined) {
    tf.dispose(inputs);
    return {programs: normal.programs, failures: [`the normal run threw: ${String(normal.error)}`]};
  }
  tf.dispose(normal.value as tf.Tensor | tf.Tensor[]);
  if (!normal.programs.includes(c.expect[backend])) failures.push(`${c.expect[backend]} did not run`);
  for (let k = 1; k <= normal.programs.length; k++) {
    const before = [tf.memory().numTensors, dataIds()];
    const r = withRunner(backend, k, () => c.run(inputs));
    if (r.error === undefined) {
      tf.dispose(r.value as tf.Tensor | tf.Tensor[]);
      failures.push(`failing run ${k} (${normal.programs[k - 1]}): no error`);
    } else if (!(r.error instanceof Error) || r.error.message !== INJECTED) {
      failures.push(`failing run ${k} (${normal.programs[k - 1]}): another error, ${String(r.error)}`);
    }
    const after = [tf.memory().numTensors, dataIds()];
    if (after[0] !== before[0] || after[1] !== before[1]) {
      failures.push(`failing run ${k} (${normal.programs[k - 1]}): tensors/data ids ${before} before, ${after} after`);
    }
  }
  tf.dispose(inputs);
  return {programs: normal.programs, failures};
}

async function runFailedPasses({backend}: FailedPassesArgs): Promise<FailedPassesResult> {
  try {
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
      return {unavailable: `tf.setBackend('${backend}') failed (backend is ${tf.getBackend()})`};
    }
  } catch (e) {
    return {unavailable: String(e)};
  }
  const cases = FAIL_CASES.map(c => ({name: c.name, ...runCase(backend, c)}));
  return {cases};
}

Object.assign(window, {runFailedPasses});
