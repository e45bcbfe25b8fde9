/**
 * `tfjs-torch-ops/core`: the ops, their gradients and the `nn` modules, without any backend's kernels. Import it
 * with the entry of each backend the app runs on, so that a bundle carries only those kernels:
 *
 *   import * as tt from 'tfjs-torch-ops/core';
 *   import 'tfjs-torch-ops/webgl';   // registers the webgl kernels
 *
 * The root entry (`tfjs-torch-ops`) is this module plus every backend's kernels.
 *
 * @module tfjs-torch-ops/core
 */
import './gradients/register';

export {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveAvgPool3d,
  AdaptiveAvgPoolOptions,
  AdaptiveOutputSize,
} from './ops/adaptive_avg_pool';
export type {DataFormat1d, DataFormat2d, DataFormat3d} from './ops/data_format';
export {avgPool1d, avgPool2d, avgPool3d, AvgPool1dOptions, AvgPoolOptions} from './ops/avg_pool';
export {mean, MeanOptions} from './ops/mean';
export {maxPool1d, maxPool2d, maxPool3d, MaxPoolFn, MaxPoolOptions} from './ops/max_pool';
export {
  adaptiveMaxPool1d,
  adaptiveMaxPool2d,
  adaptiveMaxPool3d,
  AdaptiveMaxPoolFn,
  AdaptiveMaxPoolOptions,
} from './ops/adaptive_max_pool';
export {maxUnpool1d, maxUnpool2d, maxUnpool3d, MaxUnpoolOptions} from './ops/max_unpool';
export {lpPool1d, lpPool2d, lpPool3d, LpPoolOptions} from './ops/lp_pool';
export {TensorInput} from './ops/input';
export {IntOrInts} from './ops/int_args';
export {TorchError, TorchErrorType} from './ops/torch_errors';
export * from './kernel_names';
// The kernel attrs above (TorchAvgPoolAttrs.spec) are these types: exported so that their documentation and a
// kernel written for another backend can name them.
export type {AdaptiveSpec, PoolSpec, WindowSpec} from './geometry/window_attrs';
export type {MaxPoolSpec, MaxWindowSpec} from './geometry/max_windows';
/** PyTorch's pooled length of one axis (`pooling_output_shape`): the geometry every kernel uses. */
export {poolOutputSize} from './geometry/output_size';
export * as nn from './nn';
