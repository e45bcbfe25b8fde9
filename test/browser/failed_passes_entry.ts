/**
 * Browser side of failed_passes.test.ts: the multi-pass webgl and webgpu kernels must leak nothing when one of their
 * program runs throws (a shader that does not compile, a texture or buffer larger than the device allows). Each case
 * runs once to warm up (uploads, compiles) and once to count its program runs, then once per run k with the backend's
 * runWebGLProgram / runWebGPUProgram made to throw at the k-th run of one of this package's programs, wrapped around
 * the backend instance from this page (nothing in the package knows about it); every call must then end in that
 * error, with tf.memory().numTensors and the backend's data ids as before.
 *
 * Only this package's programs (and the unpacking of a packed input, which its kernels ask for) are made to fail:
 * tfjs's own upload programs are not ours to make leak-free. The gradients are called as kernels, not through
 * tf.grad: tfjs's engine.gradients keeps the forward's result outside its tidy and leaks it when the backward throws.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../../src/index';
import {TorchAvgPoolGrad, TorchMaxPool, TorchMaxPoolGrad} from '../../src/kernel_names';
import type {MaxPoolSpec, WindowSpec} from '../../src/geometry';
import {values} from './webgl_large_entry';

export interface FailedPassesArgs {
  backend: 'webgl' | 'webgpu';
}

export interface FailedPassesResult {
  unavailable?: string;
  /**
   * per case: the programs of a normal run (webgl: class names, webgpu: shader keys), why that run did not take the
   * path under test (empty: it did), and every failing run that leaked or did not throw
   */
  cases?: Array<{name: string; programs: string[]; path: string[]; failures: string[]}>;
}

const INJECTED = 'injected program failure';

interface FailCase {
  name: string;
  /** a program whose run shows that the multi-pass path under test was taken, per backend */
  expect: {webgl: string; webgpu: string};
  /** the fewest program runs of that path (default 2; one program plus its table on webgpu: 1) */
  minRuns?: {webgl: number; webgpu: number};
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
const kernel = (name: string, inputs: tf.NamedTensorMap, attrs: object) =>
  tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;

/** A window of 5000 cells moving by 1 over 10000: windows and coverings both longer than one pass allows. */
const LONG_POOL: WindowSpec = {
  kind: 'pool',
  kernelSize: [5000],
  stride: [1],
  padding: [0],
  ceilMode: false,
  countIncludePad: true,
  divisorOverride: null,
};
const LONG_MAX: MaxPoolSpec = {
  kind: 'max',
  kernelSize: [5000],
  stride: [1],
  padding: [0],
  dilation: [1],
  ceilMode: false,
};
/** Both windows of each row cover padding only (test/geometry/stray_gradients.test.ts's example). */
const STRAY_MAX: MaxPoolSpec = {
  kind: 'max',
  kernelSize: [1, 2],
  stride: [1, 1],
  padding: [0, 1],
  dilation: [1, 3],
  ceilMode: false,
};

/** x, the max pool's indices and a dy for TorchMaxPoolGrad. */
function maxGradInputs(shape: number[], spec: MaxPoolSpec): tf.Tensor[] {
  const x = input(shape);
  const [v, indices] = tf.engine().runKernel(TorchMaxPool, {x}, {spec} as unknown as tf.NamedAttrMap) as tf.Tensor[];
  const dy = input(v.shape);
  v.dispose();
  return [x, indices, dy];
}

export const FAIL_CASES: FailCase[] = [
  {
    name: 'avgPool1d k5000 s1 (tiled windows: tile sums, partial sums, divisor step)',
    expect: {webgl: 'TileSumProgram', webgpu: 'torchBoxTileSum_forward'},
    setup: () => [input([1, 1, 10000])],
    run: ([x]) => tt.avgPool1d(x, 5000, {stride: 1}),
  },
  {
    name: 'TorchAvgPoolGrad k5000 s1 (tiled covering ranges)',
    expect: {webgl: 'TileSumProgram', webgpu: 'torchBoxTileSum_backward'},
    setup: () => [input([1, 1, 10000]), input([1, 1, 5001])],
    run: ([x, dy]) => kernel(TorchAvgPoolGrad, {dy, x}, {spec: LONG_POOL}),
  },
  {
    name: 'adaptiveAvgPool2d on a packed input (unpacked copy, table)',
    expect: {webgl: 'TorchAvgPoolProgram', webgpu: 'torchAvgPool_successive_f32'},
    minRuns: {webgl: 2, webgpu: 1},
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
    name: 'TorchMaxPoolGrad k5000 s1 (coverings in chunks)',
    expect: {webgl: 'MaxPoolGradProgram', webgpu: 'torchMaxPoolGrad_true_false'},
    setup: () => maxGradInputs([1, 1, 10000], LONG_MAX),
    run: ([x, indices, dy]) => kernel(TorchMaxPoolGrad, {dy, indices, x}, {spec: LONG_MAX}),
  },
  {
    name: 'TorchMaxPoolGrad with padding-only windows (routed gradients pass)',
    expect: {webgl: 'StrayGradProgram', webgpu: 'torchMaxPoolStrayGrad_1'},
    setup: () => maxGradInputs([1, 2, 2, 2], STRAY_MAX),
    run: ([x, indices, dy]) => kernel(TorchMaxPoolGrad, {dy, indices, x}, {spec: STRAY_MAX}),
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

/** This package's webgl programs, and the unpacking its kernels ask for (kernels/webgl/webgl_program.ts flatView). */
const OUR_WEBGL_PROGRAMS = new Set([
  'TorchAvgPoolProgram',
  'TorchAvgPoolGradProgram',
  'TorchMeanSumProgram',
  'TileSumProgram',
  'DivideProgram',
  'MaxIndexProgram',
  'MaxValuesProgram',
  'MaxPoolGradProgram',
  'StrayGradProgram',
  'LinearSearchProgram',
  'BitonicStepProgram',
  'SortedSearchProgram',
  'GatherPlanesProgram',
  'UnpackProgram',
]);

/**
 * Runs `f` with the backend's program runner wrapped: records the runs of this package's programs (webgpu: every
 * shader key starts with `torch`), and throws at the `failAt`-th of them (0: never).
 */
function withRunner<T>(backend: string, failAt: number, f: () => T): {value?: T; error?: unknown; programs: string[]} {
  const b = tf.backend() as unknown as Patched;
  const name = backend === 'webgl' ? 'runWebGLProgram' : 'runWebGPUProgram';
  const original = b[name];
  const programs: string[] = [];
  b[name] = function (this: unknown, ...args: unknown[]) {
    const program = args[0] as {constructor: {name: string}; shaderKey?: string};
    const id = backend === 'webgl' ? program.constructor.name : String(program.shaderKey);
    if (backend === 'webgl' ? OUR_WEBGL_PROGRAMS.has(id) : id.startsWith('torch')) {
      programs.push(id);
      if (programs.length === failAt) throw new Error(INJECTED);
    }
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

function runCase(backend: 'webgl' | 'webgpu', c: FailCase): {programs: string[]; path: string[]; failures: string[]} {
  const inputs = c.setup();
  try {
    tf.dispose(c.run(inputs)); // the uploads and compiles of a first run
    const normal = withRunner(backend, 0, () => c.run(inputs));
    if (normal.error !== undefined) {
      return {programs: normal.programs, path: [`the normal run threw: ${String(normal.error)}`], failures: []};
    }
    tf.dispose(normal.value as tf.Tensor | tf.Tensor[]);
    const path: string[] = [];
    if (!normal.programs.includes(c.expect[backend])) path.push(`${c.expect[backend]} did not run`);
    const minRuns = c.minRuns?.[backend] ?? 2;
    if (normal.programs.length < minRuns) path.push(`${normal.programs.length} program runs, expected ${minRuns}+`);
    const failures: string[] = [];
    for (let k = 1; k <= normal.programs.length; k++) {
      const at = `failing run ${k} (${normal.programs[k - 1]})`;
      const before = [tf.memory().numTensors, dataIds()];
      const r = withRunner(backend, k, () => c.run(inputs));
      if (r.error === undefined) {
        tf.dispose(r.value as tf.Tensor | tf.Tensor[]);
        failures.push(`${at}: no error`);
      } else if (!(r.error instanceof Error) || r.error.message !== INJECTED) {
        failures.push(`${at}: another error, ${String(r.error)}`);
      }
      const after = [tf.memory().numTensors, dataIds()];
      if (after[0] !== before[0] || after[1] !== before[1]) {
        failures.push(`${at}: tensors/data ids ${before} before, ${after} after`);
      }
    }
    return {programs: normal.programs, path, failures};
  } finally {
    tf.dispose(inputs);
  }
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
