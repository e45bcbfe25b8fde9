/**
 * Gradients of the max-pooling family (docs/max-pooling.md §3, §5): the upstream gradient goes to the argmax
 * (TorchMaxPoolGrad, a gather by index over the covering outputs), max_unpool's gradient gathers at the indices,
 * and each backward's own derivative with respect to its upstream gradient is the matching gather (PyTorch's
 * max_pool_double_backward), which gives double backward. Indices are integers: their gradient is zero.
 */
import {GradConfig, NamedAttrMap, Tensor, zerosLike} from '@tensorflow/tfjs-core';
import {layoutOf, maxSpatialRank} from '../geometry';
import type {MaxWindowSpec} from '../geometry';
import {TorchGatherPlanes, TorchMaxPool, TorchMaxPoolGrad, TorchMaxPoolValues, TorchMaxUnpool} from '../kernel_names';
import {layoutAttrs, runInLayout} from '../ops/data_format';
import {maxStrayReach} from '../ops/max_pool';

/**
 * Every tensor here is in the forward's layout (attrs.layout, absent: channels-first); each kernel runs in it,
 * natively or transposed around (ops/data_format.ts), the max-pool gradient routing a padding-only window's
 * gradient as PyTorch's backward of that layout does (geometry/stray_gradients.ts).
 */
function gatherPlanes(x: Tensor, indices: Tensor, rank: number, attrs: NamedAttrMap): Tensor {
  const gatherAttrs = layoutAttrs({rank}, layoutOf(attrs.layout));
  return runInLayout(TorchGatherPlanes, {x, indices}, gatherAttrs, rank) as Tensor;
}

/** The TorchMaxPoolGrad kernel in the forward's layout. */
function maxPoolGrad(dy: Tensor, indices: Tensor, x: Tensor, attrs: NamedAttrMap): Tensor {
  const spec = attrs.spec as unknown as MaxWindowSpec;
  const reach = maxStrayReach(x.shape, spec, layoutOf(attrs.layout));
  return runInLayout(TorchMaxPoolGrad, {dy, indices, x}, attrs, maxSpatialRank(spec), reach) as Tensor;
}

/** d(max pool values)/dx; the indices output has no gradient. Saved: [x, indices]. */
export const maxPoolGradConfig: GradConfig = {
  kernelName: TorchMaxPool,
  inputsToSave: ['x'],
  outputsToSave: [false, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    x: () => maxPoolGrad((dy as Tensor[])[0], saved[1], saved[0], attrs),
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
      const spec = attrs.spec as unknown as MaxWindowSpec;
      const reach = maxStrayReach(saved[0].shape, spec, layoutOf(attrs.layout));
      const [values, indices] = runInLayout(
        TorchMaxPool,
        {x: saved[0]},
        attrs,
        maxSpatialRank(spec),
        reach,
      ) as Tensor[];
      values.dispose();
      const dx = maxPoolGrad(dy as Tensor, indices, saved[0], attrs);
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
    dy: () => gatherPlanes(ddx as Tensor, saved[0], maxSpatialRank(attrs.spec as unknown as MaxWindowSpec), attrs),
    indices: () => zerosLike(saved[0]),
    x: () => zerosLike(saved[1]),
  }),
};

/** max_unpool's gradient: dy gathered at the indices (duplicates that were overwritten still get it). */
export const maxUnpoolGradConfig: GradConfig = {
  kernelName: TorchMaxUnpool,
  inputsToSave: ['indices'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    x: () => gatherPlanes(dy as Tensor, saved[0], (attrs.outputSize as unknown as number[]).length, attrs),
    indices: () => zerosLike(saved[0]),
  }),
};
