/**
 * Channels-last views for TensorFlow's CPU pools, which take NHWC / NDHWC only (without oneDNN, and always for max
 * pools: its eager rewrite leaves them to Eigen): the planes (batch × channels) of an NCHW-style tensor become the
 * channel axis of one batch, by one 2-D Transpose (none when planes or the spatial size is 1).
 */
import {Tensor, TensorInfo, util} from '@tensorflow/tfjs-core';
import {TfOps} from './tf_ops';

/** [lead..., spatial...] → channels-last `shape` ([..., planes]). */
export function toChannelsLast(ops: TfOps, x: TensorInfo, planes: number, shape: number[]): TensorInfo {
  const cells = util.sizeFromShape(x.shape) / planes;
  if (planes === 1 || cells === 1) return ops.reshape(x, shape);
  return ops.reshape(ops.transpose(ops.reshape(x, [planes, cells]), [1, 0]), shape);
}

/** channels-last [..., planes] → `shape` ([lead..., spatial...]). */
export function fromChannelsLast(ops: TfOps, t: TensorInfo, planes: number, shape: number[]): Tensor {
  const cells = util.sizeFromShape(t.shape) / planes;
  if (planes === 1 || cells === 1) return ops.reshape(t, shape);
  return ops.reshape(ops.transpose(ops.reshape(t, [cells, planes]), [1, 0]), shape);
}

/** [1, (1,) spatial..., channels]: TensorFlow's NHWC for 1-d (as 2-d with H = 1) and 2-d pools, NDHWC for 3-d. */
export function poolShape(spatial: number[], channels: number): number[] {
  return [1, ...(spatial.length === 1 ? [1] : []), ...spatial, channels];
}

/** A per-spatial-axis list widened to every axis of `poolShape` (0 on the others). */
export function poolAxes(perAxis: number[]): number[] {
  return [0, ...(perAxis.length === 1 ? [0] : []), ...perAxis, 0];
}

/** A 1-d or 2-d kernel or stride as AvgPool's spatial ksize/strides (1 on the added H of a 1-d pool). */
export function poolKernel(perAxis: number[]): number[] {
  return perAxis.length === 1 ? [1, perAxis[0]] : perAxis;
}
