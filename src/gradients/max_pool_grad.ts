/**
 * Gradients of the max-pooling family (docs/max-pooling.md §3, §5): the upstream gradient goes to the argmax
 * (TorchMaxPoolGrad, a gather by index over the covering outputs), max_unpool's gradient gathers at the indices,
 * and each backward's own derivative with respect to its upstream gradient is the matching gather (PyTorch's
 * max_pool_double_backward), which gives double backward. Indices are integers: their gradient is zero.
 */
import {GradConfig, NamedAttrMap, Tensor, engine, zerosLike} from '@tensorflow/tfjs-core';
import {maxSpatialRank} from '../geometry';
import type {MaxWindowSpec} from '../geometry';
import {TorchGatherPlanes, TorchMaxPool, TorchMaxPoolGrad, TorchMaxPoolValues, TorchMaxUnpool} from '../kernel_names';

function gatherPlanes(x: Tensor, indices: Tensor, rank: number): Tensor {
  return engine().runKernel(TorchGatherPlanes, {x, indices}, {rank} as unknown as NamedAttrMap) as Tensor;
}

/** d(max pool values)/dx; the indices output has no gradient. Saved: [x, indices]. */
export const maxPoolGradConfig: GradConfig = {
  kernelName: TorchMaxPool,
  inputsToSave: ['x'],
  outputsToSave: [false, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    x: () =>
      engine().runKernel(TorchMaxPoolGrad, {dy: (dy as Tensor[])[0], indices: saved[1], x: saved[0]}, attrs) as Tensor,
  }),
};

/**
 * d(values-only max pool)/dx: the indices are recomputed from the saved input by TorchMaxPool (the same scan, so
 * the same argmax as the values came from), then routed as above. A forward that needs no gradient does no index
 * work; a backward pays one forward scan more.
 */
export const maxPoolValuesGradConfig: GradConfig = {
  kernelName: TorchMaxPoolValues,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    x: () => {
      const [values, indices] = engine().runKernel(TorchMaxPool, {x: saved[0]}, attrs) as Tensor[];
      values.dispose();
      const dx = engine().runKernel(TorchMaxPoolGrad, {dy: dy as Tensor, indices, x: saved[0]}, attrs) as Tensor;
      indices.dispose();
      return dx;
    },
  }),
};

/** The max-pool backward is linear in dy: its derivative gathers the incoming gradient at the argmax. */
export const maxPoolGradGradConfig: GradConfig = {
  kernelName: TorchMaxPoolGrad,
  inputsToSave: ['indices', 'x'],
  gradFunc: (ddx: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    dy: () => gatherPlanes(ddx as Tensor, saved[0], maxSpatialRank(attrs.spec as unknown as MaxWindowSpec)),
    indices: () => zerosLike(saved[0]),
    x: () => zerosLike(saved[1]),
  }),
};

/** max_unpool's gradient: dy gathered at the indices (duplicates that were overwritten still get it). */
export const maxUnpoolGradConfig: GradConfig = {
  kernelName: TorchMaxUnpool,
  inputsToSave: ['indices'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    x: () => gatherPlanes(dy as Tensor, saved[0], (attrs.outputSize as unknown as number[]).length),
    indices: () => zerosLike(saved[0]),
  }),
};
