/**
 * TorchMean on webgl: a tree of float32 partial sums, then one division by N, as PyTorch divides its sum.
 *
 * Why passes: a fragment that looped over a whole reduction (a million elements for a 1000x1000 image) would stall
 * the GPU and lose precision; each pass sums at most 256 consecutive elements per fragment (the passes:
 * src/geometry/gpu_tiles.ts reductionPasses, WEBGL_MEAN), and the partial sums
 * are summed again until one remains (a cascade, like ATen's, so the error grows with log N, not N).
 * Why runs: reduced axes that are not adjacent (e.g. dims 0 and 2) are summed one adjacent run at a time, each run
 * seen as [outer, reduce, inner], so no shader needs a transpose or rank-specific index arithmetic.
 * N = 0 gives NaN (0/0) without running anything; sum first, divide after: [3e38, 3e38] averages to inf.
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {WEBGL_MEAN, meanRuns, planMean, reductionPasses} from '../../src/geometry';
import {TorchMean, TorchMeanAttrs, TorchMeanInputs} from '../../src/kernel_names';
import {
  CustomUniforms,
  disposeViews,
  emptyOutput,
  flatView,
  loopBound,
  runPasses,
  uniformValues,
  withShape,
} from './webgl_program';

/** N, and the pass's sizes: the reduced axis, the inner size, chunks per reduced axis, elements per chunk. */
const MEAN_SUM_UNIFORMS: CustomUniforms = [
  {name: 'count', type: 'float'},
  {name: 'reduceSize', type: 'int'},
  {name: 'innerSize', type: 'int'},
  {name: 'chunks', type: 'int'},
  {name: 'window', type: 'int'},
];

/** The values of TorchMeanSumProgram's uniforms. */
export function meanSumValues(count: number, reduceSize: number, innerSize: number, chunks: number, window: number) {
  return uniformValues(MEAN_SUM_UNIFORMS, {
    count: [count],
    reduceSize: [reduceSize],
    innerSize: [innerSize],
    chunks: [chunks],
    window: [window],
  });
}

export class TorchMeanSumProgram implements GPGPUProgram {
  variableNames = ['x'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = MEAN_SUM_UNIFORMS;
  userCode: string;

  /**
   * Output [outer, chunks, inner]: each chunk sums `window` consecutive elements of the reduced axis. Sizes and N
   * are uniforms (meanSumValues: see webgl_program.ts); the loop's constant bound is `window` rounded up to a power
   * of two.
   */
  constructor(size: number, window: number, divide: boolean) {
    this.outputShape = [size];
    this.userCode = `
      void main() {
        int idx = getOutputCoords();
        int i = imod(idx, innerSize);
        int q = idx / innerSize;
        int j = imod(q, chunks);
        int o = q / chunks;
        int r0 = j * window;
        int at = (o * reduceSize + r0) * innerSize + i;
        float acc = 0.0;
        for (int k = 0; k < ${loopBound(window)}; k++) {
          if (k >= window || r0 + k >= reduceSize) break;
          acc += getX(at);
          at += innerSize;
        }
        setOutput(${divide ? 'acc / count' : 'acc'});
      }
    `;
  }
}

function mean(args: {inputs: TorchMeanInputs; backend: MathBackendWebGL; attrs: TorchMeanAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {axes, keepDims},
  } = args;
  const plan = planMean(x.shape, axes);
  const shape = keepDims ? plan.keepShape : plan.outShape;
  const size = util.sizeFromShape(shape);
  if (size === 0) return emptyOutput(backend, shape, 'float32');
  if (plan.reduceSize === 0) return backend.makeTensorInfo(shape, 'float32', new Float32Array(size).fill(NaN));

  const runs = meanRuns(plan);
  // Nothing to add up (every reduced axis has size 1): one pass still divides by N = 1 into a new tensor.
  if (runs.length === 0) runs.push({outer: size, reduce: 1, inner: 1});
  // Every pass of every run, in order: each run's passes shrink its reduced axis to 1 before the next run starts.
  // The one that divides: the last run's pass that leaves one sum per output.
  const passes: Array<{outer: number; inner: number; reduce: number; window: number; chunks: number; divide: boolean}> =
    [];
  runs.forEach(({outer, inner, reduce}, r) => {
    let left = reduce;
    for (const window of reductionPasses(reduce, WEBGL_MEAN)) {
      const chunks = Math.ceil(left / window);
      passes.push({outer, inner, reduce: left, window, chunks, divide: r === runs.length - 1 && chunks === 1});
      left = chunks;
    }
  });
  const xv = flatView(backend, x);
  try {
    const out = runPasses(backend, passes.length, (k, prev) => {
      const {outer, inner, reduce, window, chunks, divide} = passes[k];
      const program = new TorchMeanSumProgram(outer * chunks * inner, window, divide);
      const values = meanSumValues(plan.reduceSize, reduce, inner, chunks, window);
      return backend.runWebGLProgram(program, [prev ?? xv.view], 'float32', values);
    });
    return withShape(out, shape);
  } finally {
    disposeViews(backend, [xv]);
  }
}

export const meanConfig: KernelConfig = {
  kernelName: TorchMean,
  backendName: 'webgl',
  kernelFunc: mean as unknown as KernelFunc,
};
