/**
 * The contract between this package's ops, gradients and per-backend kernels. The names are our own: tfjs's
 * AvgPool / Mean kernels keep their own semantics and are never overridden.
 */
import type {NamedTensorInfoMap, TensorInfo} from '@tensorflow/tfjs-core';
import type {MaxWindowSpec} from './geometry/max_windows';
import type {MemoryLayout} from './geometry/memory_layout';
import type {WindowSpec} from './geometry/window_attrs';

/**
 * Average of boxes over the trailing spatial axes (avg_pool1d/2d/3d and adaptive_avg_pool1d/2d/3d).
 * @group Kernel names
 */
export const TorchAvgPool = 'TorchAvgPool';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchAvgPoolInputs = Pick<NamedTensorInfoMap, 'x'> & {x: TensorInfo};
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export interface TorchAvgPoolAttrs {
  spec: WindowSpec;
  /** x's and the output's memory layout (geometry/memory_layout.ts); absent means 'channelsFirst' */
  layout?: MemoryLayout;
  [name: string]: unknown;
}

/**
 * Gradient of TorchAvgPool with respect to x; `x` is passed only for its shape.
 * @group Kernel names
 */
export const TorchAvgPoolGrad = 'TorchAvgPoolGrad';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchAvgPoolGradInputs = {dy: TensorInfo; x: TensorInfo};
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchAvgPoolGradAttrs = TorchAvgPoolAttrs;

/**
 * Mean of a float32 tensor over sorted, unique, in-range axes; keepDims keeps them as size 1.
 * @group Kernel names
 */
export const TorchMean = 'TorchMean';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchMeanInputs = {x: TensorInfo};
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export interface TorchMeanAttrs {
  axes: number[];
  keepDims: boolean;
  [name: string]: unknown;
}

/**
 * Max pool or adaptive max pool over the trailing spatial axes, in one pass: returns [values, indices], values in
 * x's dtype (float32, or int32 playing int64), indices int32, both shaped `planMax(x.shape, spec).outShape`. An
 * index is the flat position of the chosen cell in its input plane ((t*H + h)*W + w; no batch/channel offset).
 * Scan taps row-major; a tap wins if `v > best || isNaN(v)` (first tie wins, the last NaN wins); the initial value
 * is -inf (int32: -2^31) and the initial index `initialIndex(plan, …)`.
 * @group Kernel names
 */
export const TorchMaxPool = 'TorchMaxPool';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchMaxPoolInputs = {x: TensorInfo};
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export interface TorchMaxPoolAttrs {
  spec: MaxWindowSpec;
  /** the layout of x and of both outputs (and dy, dx in the gradient); absent means 'channelsFirst' */
  layout?: MemoryLayout;
  [name: string]: unknown;
}

/**
 * TorchMaxPool's values output alone (same attrs, same values bit for bit): what a max pool without
 * `returnIndices` runs. A backend can then skip the index chain, or use a native max pool that has none; the
 * gradient recomputes the indices with TorchMaxPool from the saved input.
 * @group Kernel names
 */
export const TorchMaxPoolValues = 'TorchMaxPoolValues';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchMaxPoolValuesInputs = TorchMaxPoolInputs;
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchMaxPoolValuesAttrs = TorchMaxPoolAttrs;

/**
 * Gradient of TorchMaxPool's values with respect to x (float32, x's shape): input cell i receives the sum, in
 * row-major output order, of dy[o] over the outputs o in its covering ranges (gradStart/gradEnd of every axis)
 * that have taps on every axis (`hasTaps`) and whose index equals i's plane position. `x` is passed for its shape.
 * @group Kernel names
 */
export const TorchMaxPoolGrad = 'TorchMaxPoolGrad';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchMaxPoolGradInputs = {dy: TensorInfo; indices: TensorInfo; x: TensorInfo};
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchMaxPoolGradAttrs = TorchMaxPoolAttrs;

/**
 * max_unpool's forward: zeros of shape [...x.shape[:-nd], ...outputSize] in x's dtype, then for every input cell in
 * flat order `out[plane][indices[j]] = x[j]` (the last write wins on duplicates). Indices must already have been
 * checked to lie in [0, prod(outputSize)) (the op raises PyTorch's error before running the kernel).
 * @group Kernel names
 */
export const TorchMaxUnpool = 'TorchMaxUnpool';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchMaxUnpoolInputs = {x: TensorInfo; indices: TensorInfo};
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export interface TorchMaxUnpoolAttrs {
  /** the spatial output size, one entry per unpooled axis */
  outputSize: number[];
  /** the layout of x, indices and the output; absent means 'channelsFirst' */
  layout?: MemoryLayout;
  [name: string]: unknown;
}

/**
 * A gather within planes: out (indices' shape, x's dtype) = x[plane][indices[plane][j]], 0 where the index lies
 * outside [0, plane size). The plane is x's trailing `rank` axes. It is max_unpool's gradient (dy gathered at the
 * indices) and max pool's double backward (the incoming gradient of dx gathered at the argmax).
 * @group Kernel names
 */
export const TorchGatherPlanes = 'TorchGatherPlanes';
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export type TorchGatherPlanesInputs = {x: TensorInfo; indices: TensorInfo};
/** @internal The kernel's inputs or attributes: the contract with its per-backend implementations. */
export interface TorchGatherPlanesAttrs {
  rank: number;
  /** the layout of x, indices and the output; absent means 'channelsFirst' */
  layout?: MemoryLayout;
  [name: string]: unknown;
}

/**
 * The kit's convolutions (nn.Conv2d and the intrinsic ConvReLU2d outside a gradient tape, where a backend registers
 * them: cpu, wasm), each in a WebAssembly SIMD module: TorchConv2dWinograd for 3 × 3, stride 1, undilated, single
 * group (Winograd F(2×2, 3×3), src/geometry/winograd.ts), TorchConv2dPointwise for 1 × 1, stride 1, unpadded, single
 * group (one matrix product, src/geometry/pointwise_conv.ts). Inputs: x [N, H, W, Ci] channels-last float32, `filter`
 * the untransformed [k, k, Ci, Co] filter (which a backend convolves directly where its module cannot run), `packed`
 * the kernel's packed filter (TorchConv2dWinograd [16, Co / 8, Ci, 8], TorchConv2dPointwise [Co / 8, Ci, 8]), `bias`
 * [Co] where the module has one; out [N, Ho, Wo, Co], ReLU'd where `relu`.
 * @group Kernel names
 */
export const TorchConv2dWinograd = 'TorchConv2dWinograd';
/** @group Kernel names */
export const TorchConv2dPointwise = 'TorchConv2dPointwise';
/** @internal The kernels' inputs or attributes: the contract with their per-backend implementations. */
export type TorchKitConvInputs = {x: TensorInfo; filter: TensorInfo; packed: TensorInfo; bias?: TensorInfo};
/** @internal The kernels' inputs or attributes: the contract with their per-backend implementations. */
export interface TorchKitConvAttrs {
  /** zero padding [[top, bottom], [left, right]] (none for TorchConv2dPointwise) */
  pads: Array<[number, number]>;
  relu: boolean;
  [name: string]: unknown;
}

/**
 * The kit's concatenation (nn.functional.cat outside a gradient tape, where a backend registers it: wasm): tfjs's
 * Concat, same inputs, attributes and result, copying each row of src/geometry/concat_rows.ts in one WebAssembly
 * pass instead of a JavaScript call per row (a channels-last concatenation of channels has one row per cell).
 * @group Kernel names
 */
export const TorchConcat = 'TorchConcat';
/** @internal The kernel's attributes: the contract with its per-backend implementations. */
export interface TorchConcatAttrs {
  /** the axis of the stored tensors, non-negative */
  axis: number;
  [name: string]: unknown;
}

/**
 * The names of this package's kernels, as `tf.profile` and `tf.getKernel` know them.
 * @group Kernel names
 */
export const KERNEL_NAMES = [
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchMean,
  TorchMaxPool,
  TorchMaxPoolValues,
  TorchMaxPoolGrad,
  TorchMaxUnpool,
  TorchGatherPlanes,
] as const;

/**
 * The kit's per-channel affine map, out = x·scale + shift over the last (channel) axis of a float32 tensor: an
 * eval-mode BatchNorm on a channels-last tensor outside a gradient tape (src/nn/norm.ts), where a backend registers
 * it (wasm: tfjs-wasm's FusedBatchNorm takes ≈ 5 ns an element for the same bits). `scale`, `shift`: [C].
 * @group Kernel names
 */
export const TorchChannelAffine = 'TorchChannelAffine';
/** @internal The kernel's inputs: the contract with its per-backend implementations. */
export type TorchChannelAffineInputs = {x: TensorInfo; scale: TensorInfo; shift: TensorInfo};

/**
 * The porting kit's own kernels, registered only where they beat the backend's (the convolutions on cpu and wasm,
 * the concatenation and the channel affine map on wasm); the kit asks `tf.getKernel` and otherwise runs tfjs's ops.
 * @group Kernel names
 */
export const KIT_KERNEL_NAMES = [TorchConv2dWinograd, TorchConv2dPointwise, TorchConcat, TorchChannelAffine] as const;
