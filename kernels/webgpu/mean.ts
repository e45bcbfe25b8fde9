/**
 * TorchMean on webgpu: a float32 sum over the reduced axes, then ONE division by N (ATen's `sum / N`; N = 0
 * gives NaN, written directly since an empty input cannot be bound).
 *
 * Summation order, chosen for PyTorch's numerics and for bounded work per invocation:
 * - N <= 1024: one invocation per output sums in input order, as PyTorch does short rows in float32
 *   (so mean([1e8, 1, -1e8, 1]) is 0.25 as in PyTorch, where a pairwise tree gives 0.5 or 0);
 * - longer: each invocation of the first pass sums ~sqrt(N) consecutive elements of one output's reduction; the
 *   next sums each output's partial sums in order and divides (two passes up to 16M elements, more beyond: no
 *   invocation adds more than MAX_WINDOW_ELEMENTS, src/geometry/gpu_tiles.ts). There are no barriers (a workgroup
 *   tree was far slower: docs/performance.md, "How the GPU programs were shaped"), and a two-level float32 cascade
 *   keeps the rounding error far inside tolerance.
 * Any set of axes works without a transpose: the input is described as (size, stride) groups of kept and of
 * reduced axes (adjacent axes of one kind merged, size-1 axes dropped), uploaded as a small int32 table; the
 * second pass reads its partial sums through the same code with a two-entry table.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import {WEBGPU_MEAN, meanGroups, planMean, reductionPasses} from '../../src/geometry';
import {TorchMean, TorchMeanAttrs, TorchMeanInputs} from '../../src/kernel_names';
import {FlatProgram, fill, runFlat, runPasses, uploadTable} from './program';
import type {ProgramUniforms, WebGPUBackend} from './program';

/**
 * Sums, in order, `chunk` consecutive elements of one output's reduction per invocation: invocation j works on
 * output j / chunks, chunk j % chunks. The last pass (`final`) divides by N.
 */
class TorchMeanProgram extends FlatProgram {
  constructor(
    invocations: number,
    private final: boolean,
  ) {
    super({
      size: invocations,
      shaderKey: `torchMean_${final ? 'final' : 'partial'}`,
      variableNames: ['x', 'tbl'],
      uniforms: 'numKept : i32, numReduced : i32, reduceSize : i32, chunk : i32, chunks : i32, count : i32,',
    });
  }

  getUserCode(): string {
    // tbl: (size, stride) of each kept group, outer to inner, then of each reduced group.
    return `
      fn keptOffset(outIndex : i32) -> i32 {
        var rest = outIndex;
        var offset = 0;
        for (var k = uniforms.numKept - 1; k >= 0; k--) {
          let size = tbl[2 * k];
          offset = offset + (rest % size) * tbl[2 * k + 1];
          rest = rest / size;
        }
        return offset;
      }

      fn reducedOffset(r : i32) -> i32 {
        let base = 2 * uniforms.numKept;
        if (uniforms.numReduced == 1) {
          return r * tbl[base + 1];
        }
        var rest = r;
        var offset = 0;
        for (var k = uniforms.numReduced - 1; k >= 0; k--) {
          let size = tbl[base + 2 * k];
          offset = offset + (rest % size) * tbl[base + 2 * k + 1];
          rest = rest / size;
        }
        return offset;
      }

      fn main(index : i32) {
        if (index < uniforms.size) {
          let base = keptOffset(index / uniforms.chunks);
          let begin = (index % uniforms.chunks) * uniforms.chunk;
          let end = min(begin + uniforms.chunk, uniforms.reduceSize);
          var acc = 0.0;
          for (var r = begin; r < end; r++) {
            acc = acc + f32(x[base + reducedOffset(r)]);
          }
          setOutputAtIndex(index, ${this.final ? 'acc / f32(uniforms.count)' : 'acc'});
        }
      }`;
  }
}

/** One pass over `x`, described by (size, stride) groups; `chunk` elements per invocation. */
function runPass(
  backend: WebGPUBackend,
  x: TensorInfo,
  kept: number[][],
  reduced: number[][],
  reduceSize: number,
  chunk: number,
  count: number | null,
  shape: number[],
): TensorInfo {
  const chunks = Math.ceil(reduceSize / chunk);
  const outputs = kept.reduce((n, g) => n * g[0], 1);
  const uniforms: ProgramUniforms = [kept.length, reduced.length, reduceSize, chunk, chunks, count ?? 1].map(v => ({
    type: 'int32',
    data: [v],
  }));
  return runFlat(
    backend,
    new TorchMeanProgram(outputs * chunks, count !== null),
    [x],
    'float32',
    uniforms,
    shape,
    uploadTable(backend, Int32Array.from([...kept, ...reduced].flat())),
  );
}

function mean(args: {inputs: TorchMeanInputs; backend: WebGPUBackend; attrs: TorchMeanAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {axes, keepDims},
  } = args;
  const plan = planMean(x.shape, axes);
  const shape = keepDims ? plan.keepShape : plan.outShape;
  const n = plan.reduceSize;
  if (n === 0) return fill(backend, shape, NaN);
  const {kept, reduced} = meanGroups(plan);
  // The passes (src/geometry/gpu_tiles.ts WEBGPU_MEAN): one sequential pass up to 1024 elements; beyond, about √N
  // additions per invocation, then each output's partial sums in order, never more than MAX_WINDOW_ELEMENTS at once.
  const passes = reductionPasses(n, WEBGPU_MEAN);
  const outputs = util.sizeFromShape(shape);
  // left[k]: the elements of one output's reduction that pass k reads (x's for pass 0, partial sums after)
  const left = [n];
  for (const chunk of passes) left.push(Math.ceil(left[left.length - 1] / chunk));
  return runPasses(backend, passes.length, (k, prev) => {
    const last = k === passes.length - 1;
    const outShape = last ? shape : [outputs * left[k + 1]];
    return prev === null
      ? runPass(backend, x, kept, reduced, n, passes[k], last ? n : null, outShape)
      : runPass(backend, prev, [[outputs, left[k]]], [[left[k], 1]], left[k], passes[k], last ? n : null, outShape);
  });
}

export const meanConfig: KernelConfig = {
  kernelName: TorchMean,
  backendName: 'webgpu',
  kernelFunc: mean as unknown as KernelFunc,
};
