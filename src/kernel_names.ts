/**
 * The contract between this package's ops, gradients and per-backend kernels. The names are our own: tfjs's
 * AvgPool / Mean kernels keep their own semantics and are never overridden.
 */
import type {NamedTensorInfoMap, TensorInfo} from '@tensorflow/tfjs-core';
import type {WindowSpec} from './geometry/window_attrs';

/** Average of boxes over the trailing spatial axes (avg_pool1d/2d/3d and adaptive_avg_pool1d/2d/3d). */
export const TorchAvgPool = 'TorchAvgPool';
export type TorchAvgPoolInputs = Pick<NamedTensorInfoMap, 'x'> & {x: TensorInfo};
export interface TorchAvgPoolAttrs {
  spec: WindowSpec;
  [name: string]: unknown;
}

/** Gradient of TorchAvgPool with respect to x; `x` is passed only for its shape. */
export const TorchAvgPoolGrad = 'TorchAvgPoolGrad';
export type TorchAvgPoolGradInputs = {dy: TensorInfo; x: TensorInfo};
export type TorchAvgPoolGradAttrs = TorchAvgPoolAttrs;

/** Mean of a float32 tensor over sorted, unique, in-range axes; keepDims keeps them as size 1. */
export const TorchMean = 'TorchMean';
export type TorchMeanInputs = {x: TensorInfo};
export interface TorchMeanAttrs {
  axes: number[];
  keepDims: boolean;
  [name: string]: unknown;
}

export const KERNEL_NAMES = [TorchAvgPool, TorchAvgPoolGrad, TorchMean] as const;
