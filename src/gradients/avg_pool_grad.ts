import {GradConfig, NamedAttrMap, Tensor, engine, zerosLike} from '@tensorflow/tfjs-core';
import {TorchAvgPool, TorchAvgPoolGrad} from '../kernel_names';

/**
 * d(avg pool)/dx: the TorchAvgPoolGrad kernel, with the forward's attrs, so it reads the same windows and divisors
 * as the forward (tfjs's own avgPool gradient uses 1/(kh*kw) whatever its forward divided by).
 */
export const avgPoolGradConfig: GradConfig = {
  kernelName: TorchAvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
    x: () => engine().runKernel(TorchAvgPoolGrad, {dy: dy as Tensor, x: saved[0]}, attrs) as Tensor,
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
    dy: () => engine().runKernel(TorchAvgPool, {x: ddx as Tensor}, attrs) as Tensor,
    x: () => zerosLike(saved[0]),
  }),
};
