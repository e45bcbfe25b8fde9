/**
 * tfjs-torch-ops: PyTorch-exact mean and average pooling for TensorFlow.js.
 *
 * Importing this module registers the ops' gradients and the kernels of every backend this package supports.
 * Registration does not load any backend: tfjs's registry is global and keyed by backend name, so a kernel can
 * be registered before its backend exists. The tensorflow (tfjs-node) and webgpu kernels import only types.
 *
 * @module tfjs-torch-ops
 */
import './gradients/register';
import '../kernels/cpu/register';
import '../kernels/wasm/register';
import '../kernels/webgl/register';
import '../kernels/webgpu/register';
import '../kernels/tensorflow/register';

export {adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d, AdaptiveOutputSize} from './ops/adaptive_avg_pool';
export {avgPool1d, avgPool2d, avgPool3d, AvgPool1dOptions, AvgPoolOptions} from './ops/avg_pool';
export {mean, MeanOptions} from './ops/mean';
export {maxPool1d, maxPool2d, maxPool3d, MaxPoolFn, MaxPoolOptions} from './ops/max_pool';
export {
  adaptiveMaxPool1d, adaptiveMaxPool2d, adaptiveMaxPool3d, AdaptiveMaxPoolFn, AdaptiveMaxPoolOptions,
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
