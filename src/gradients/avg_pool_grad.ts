import {GradConfig, NamedAttrMap, Tensor, zerosLike} from '@tensorflow/tfjs-core';
import {WindowSpec, spatialRank} from '../geometry';
import {TorchAvgPool, TorchAvgPoolGrad} from '../kernel_names';
import {runInLayout} from '../ops/data_format';

/** The pooled axes of a call with these attrs (the layout's channel axis is found from it). */
function rankOf(attrs: NamedAttrMap): number {
  return spatialRank(attrs.spec as unknown as WindowSpec);
}

/**
 * d(avg pool)/dx: the TorchAvgPoolGrad kernel, with the forward's attrs, so it reads the same windows and divisors
 * as the forward (tfjs's own avgPool gradient uses 1/(kh*kw) whatever its forward divided by). dy and x are in the
 * forward's layout (attrs.layout): the gradient kernel runs in it, natively or transposed around (ops/data_format.ts).
 */
export const avgPoolGradConfig: GradConfig = {
  kernelName: TorchAvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    x: () => runInLayout(TorchAvgPoolGrad, {dy: dy as Tensor, x: saved[0]}, attrs, rankOf(attrs)) as Tensor,
  }),
};

/**
 * The backward is linear in dy, and its own derivative with respect to dy is the forward pool with the same
 * parameters (PyTorch's derivatives.yaml avg_pool2d_backward), which gives double backward.
 */
export const avgPoolGradGradConfig: GradConfig = {
  kernelName: TorchAvgPoolGrad,
  inputsToSave: ['x'],
  gradFunc: (ddx: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    dy: () => runInLayout(TorchAvgPool, {x: ddx as Tensor}, attrs, rankOf(attrs)) as Tensor,
    x: () => zerosLike(saved[0]),
  }),
};
