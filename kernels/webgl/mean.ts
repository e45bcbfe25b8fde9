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
import {disposeViews, emptyOutput, flatView, runPasses, withShape} from './webgl_program';

export class TorchMeanSumProgram implements GPGPUProgram {
  variableNames = ['x'];
  outputShape: number[];
  enableShapeUniforms = false;
  customUniforms = [{name: 'count', type: 'float' as const}];
  userCode: string;

  /**
   * Output [outer, chunks, inner]: each chunk sums `window` consecutive elements of the reduced axis. Sizes are
   * constants of the text (what the shader divides by: see webgl_program.ts); N is a uniform.
   */
  constructor(size: number, reduceSize: number, innerSize: number, chunks: number, window: number, divide: boolean) {
    this.outputShape = [size];
    this.userCode = `
      const int reduceSize = ${reduceSize};
      const int innerSize = ${innerSize};
      const int chunks = ${chunks};
      const int window = ${window};

      void main() {
        int idx = getOutputCoords();
        int i = imod(idx, innerSize);
        int q = idx / innerSize;
        int j = imod(q, chunks);
        int o = q / chunks;
        int r0 = j * window;
        int at = (o * reduceSize + r0) * innerSize + i;
        float acc = 0.0;
        for (int k = 0; k < ${window}; k++) {
          if (r0 + k >= reduceSize) break;
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
      const program = new TorchMeanSumProgram(outer * chunks * inner, reduce, inner, chunks, window, divide);
      return backend.runWebGLProgram(program, [prev ?? xv.view], 'float32', [[plan.reduceSize]]);
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
