/**
 * `nn.functional`: the steps of a port's forward that name an axis, written as PyTorch writes them and correct in
 * both memory formats. In a contiguous model (the default) each is the plain op; inside the forward of a model
 * converted with `model.to({memoryFormat: 'channelsLast'})`, where 4-D tensors are stored NHWC, each reads its dims
 * as PyTorch's logical NCHW ones:
 *
 *   torch.cat([a, b], 1)                  F.cat([a, b], 1)           channels: the stored last axis, no transpose
 *   torch.flatten(x, 1)                   F.flatten(x, 1)            NCHW order (a reshape after a global pool)
 *   x.size()                              F.size(x)                  [N, C, H, W] whatever the storage
 *   F.max_pool2d(x, 3, stride=2)          F.maxPool2d(x, 3, {stride: 2})    and avgPool2d, adaptiveAvgPool2d,
 *                                                                           adaptiveMaxPool2d, lpPool2d
 *
 * Element-wise ops (tf.relu, tf.add of two layer outputs, tf.mul by a scalar) need nothing: both operands share the
 * storage. Anything else that names an axis or reads `x.shape[1]` must go through here (or through a kit module).
 */
import * as tf from '@tensorflow/tfjs-core';
import {adaptiveAvgPool2d as adaptiveAvgPool2dOp} from '../ops/adaptive_avg_pool';
import {adaptiveMaxPool2d as adaptiveMaxPool2dOp} from '../ops/adaptive_max_pool';
import {avgPool2d as avgPool2dOp} from '../ops/avg_pool';
import {TensorInput, toTensor} from '../ops/input';
import {lpPool2d as lpPool2dOp} from '../ops/lp_pool';
import {maxPool2d as maxPool2dOp} from '../ops/max_pool';
import {torchCheck, wrapDim} from '../ops/torch_errors';
import {TorchConcat} from '../kernel_names';
import {flattenDims} from './containers';
import {poolLayout} from './data_format';
import {logicalShape, runningMemoryFormat, storedAxis, viaContiguous} from './memory_format';

/**
 * torch.cat(tensors, dim=0): along logical `dim`. In a channels-last forward, dim 1 of 4-D tensors is their stored
 * last axis, so the concatenation of channels moves no data around.
 */
export function cat(tensors: readonly tf.Tensor[], dim = 0): tf.Tensor {
  torchCheck(tensors.length > 0, () => 'torch.cat(): expected a non-empty list of Tensors', 'ValueError');
  const rank = tensors[0].rank;
  const d = wrapDim(dim, rank);
  const axis = storedAxis(d, rank, runningMemoryFormat());
  const dtype = tensors[0].dtype;
  if (
    tensors.length > 1 &&
    tf.engine().state.gradientDepth === 0 &&
    dtype !== 'string' &&
    tensors.every(t => t.dtype === dtype && t.rank === rank) &&
    tf.getKernel(TorchConcat, tf.getBackend()) !== undefined
  ) {
    // tfjs's Concat, one copy per input instead of one per row (kernel_names.ts TorchConcat); under a gradient tape
    // tf.concat and its gradient run instead (the same values)
    tf.backend_util.assertParamsConsistent(
      tensors.map(t => t.shape),
      axis,
    );
    return tf.engine().runKernel(TorchConcat, tensors as unknown as tf.NamedTensorMap, {axis}) as tf.Tensor;
  }
  return tf.concat(tensors as tf.Tensor[], axis);
}

/** torch.flatten(input, start_dim=0, end_dim=-1), in the logical NCHW order in both formats. */
export function flatten(input: TensorInput, startDim = 0, endDim = -1): tf.Tensor {
  const x = toTensor(input, 'flatten');
  return viaContiguous(runningMemoryFormat(), [x], t => flattenDims(t as tf.Tensor, startDim, endDim));
}

/** PyTorch's `x.size()`: the logical shape ([N, C, H, W] for a 4-D tensor stored channels-last). */
export function size(x: tf.Tensor): number[] {
  return logicalShape(x.shape, runningMemoryFormat());
}

/**
 * A pool of nn.functional: in a channels-last forward, a 4-D input is stored NHWC and the op runs on it with
 * `dataFormat: 'NHWC'` merged into the options at `at` (their position after the input), natively where the backend
 * has channels-last pool kernels (data_format.ts poolLayout: an explicit 'NHWC' there is an error). Options that are
 * not an object go to the op as given, for its error.
 */
function pooled<F>(name: string, op: F, at: number): F {
  const run = op as unknown as (...a: unknown[]) => unknown;
  return ((x: TensorInput, ...args: unknown[]) => {
    const options = args[at];
    if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
      return run(x, ...args);
    }
    const given = (options ?? {}) as {dataFormat?: string};
    const layout = poolLayout(name, 2, given.dataFormat, x);
    if (layout.dataFormat === given.dataFormat) return run(x, ...args);
    const merged = [...args];
    merged[at] = {...given, ...layout};
    return run(x, ...merged);
  }) as unknown as F;
}

/** F.max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False) */
export const maxPool2d = pooled('max_pool2d', maxPool2dOp, 1);
/** F.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, ...) */
export const avgPool2d = pooled('avg_pool2d', avgPool2dOp, 1);
/** F.adaptive_avg_pool2d(input, output_size) */
export const adaptiveAvgPool2d = pooled('adaptive_avg_pool2d', adaptiveAvgPool2dOp, 1);
/** F.adaptive_max_pool2d(input, output_size, return_indices=False) */
export const adaptiveMaxPool2d = pooled('adaptive_max_pool2d', adaptiveMaxPool2dOp, 1);
/** F.lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False) */
export const lpPool2d = pooled('lp_pool2d', lpPool2dOp, 2);
