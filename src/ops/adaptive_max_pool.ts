/**
 * adaptive_max_pool1d / 2d / 3d: the Python layer (`_list_with_default` for 2d/3d), then ATen's checks in order
 * (Pooling.cpp for 1d, AdaptiveMaxPooling2d.cpp / AdaptiveMaxPooling3d.cpp meta functions), then the TorchMaxPool
 * kernel over the adaptive bins (docs/max-pooling.md §4). No output-size-1 shortcut: unlike the average, PyTorch's
 * adaptive max always runs its kernel.
 */
import {Tensor, tidy} from '@tensorflow/tfjs-core';
import {MemoryLayout, logicalShape} from '../geometry';
import {AdaptiveOutputSize, listWithDefault} from './adaptive_avg_pool';
import {DataFormat1d, DataFormat2d, DataFormat3d, LAYOUT_KEYWORDS, parseDataFormat} from './data_format';
import {IntOrInts, intList} from './int_args';
import {rejectExtraArguments} from './keyword_args';
import {TensorInput, toTensor} from './input';
import {checkMaxOutputs, dispatchWithIndices, runMaxPool, runMaxPoolValues} from './max_pool';
import {TorchError, checkDispatch, formatSizes, torchCheck} from './torch_errors';

/**
 * The keyword arguments of `F.adaptive_max_pool1d/2d/3d`, camelCase ({@link adaptiveMaxPool2d}).
 * @group Options
 */
export interface AdaptiveMaxPoolOptions {
  /**
   * PyTorch's `return_indices`: return `[values, indices]` (int32 flat positions in each input plane) instead of the
   * values.
   * @defaultValue false
   */
  returnIndices?: boolean;
  /**
   * Not PyTorch's: where the channel axis lies (docs/layouts.md): channels-first as PyTorch (`'NCW'`, `'NCHW'`,
   * `'NCDHW'`) or channels-last (`'NWC'`, `'NHWC'`, `'NDHWC'`; unbatched without the N). Values and indices come in
   * the same order; the indices keep their meaning, flat positions in each input plane.
   * @defaultValue channels-first
   */
  dataFormat?: DataFormat1d | DataFormat2d | DataFormat3d;
}

/** adaptive_max_pool's keywords, camelCase */
export const ADAPTIVE_MAX_POOL_KEYWORDS = ['returnIndices'] as const;

/**
 * The signature of {@link adaptiveMaxPool1d}, {@link adaptiveMaxPool2d} and {@link adaptiveMaxPool3d}: the values, or
 * `[values, indices]` with `returnIndices: true`.
 * @group Options
 */
export interface AdaptiveMaxPoolFn<S> {
  (input: TensorInput, outputSize: S, options?: AdaptiveMaxPoolOptions & {returnIndices?: false}): Tensor;
  (input: TensorInput, outputSize: S, options: AdaptiveMaxPoolOptions & {returnIndices: true}): [Tensor, Tensor];
  (input: TensorInput, outputSize: S, options?: AdaptiveMaxPoolOptions): Tensor | [Tensor, Tensor];
}

function checkNonEmpty(op: string, shape: number[]): void {
  for (let i = 1; i < shape.length; i++) {
    torchCheck(
      shape[i] > 0,
      () =>
        `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ` +
        `${formatSizes(shape)} with dimension ${i} being empty`,
    );
  }
}

/**
 * ATen's allocation of values and indices in the meta function, before the dtype dispatch: a negative size fails
 * there (c10's check_size_nonnegative), and so does one too large to allocate.
 */
function checkOutputShape(x: Tensor, shape: number[]): void {
  const bad = shape.find(s => s < 0);
  torchCheck(bad === undefined, () => `Trying to create tensor with negative dimension ${bad}: ${formatSizes(shape)}`);
  checkMaxOutputs(x, shape);
}

/** adaptive_max_pool2d's meta on `shape` (the unsqueezed one for 1d), then the dtype dispatch. */
function adaptive2d(x: Tensor, shape: number[], sizes: number[], dispatchLabel: string): void {
  const ndim = shape.length;
  torchCheck(
    ndim === 3 || ndim === 4,
    () => `adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${formatSizes(shape)}`,
  );
  checkNonEmpty('adaptive_max_pool2d', shape);
  torchCheck(sizes.length === 2, () => 'adaptive_max_pool2d(): internal error: output_size.size() must be 2');
  checkOutputShape(x, [...shape.slice(0, -2), ...sizes]);
  checkDispatch(dispatchLabel, x.dtype, ['float32']);
}

function result(
  x: Tensor,
  outputSize: number[],
  [returnIndices, layout]: [boolean, MemoryLayout],
): Tensor | [Tensor, Tensor] {
  const spec = {kind: 'adaptive', outputSize} as const;
  return returnIndices ? runMaxPool(x, spec, layout) : runMaxPoolValues(x, spec, layout);
}

/**
 * F.adaptive_max_poolNd is boolean_dispatch on return_indices's truth value (see max_pool.ts); then the layout.
 */
function parseOptions(
  op: string,
  options: AdaptiveMaxPoolOptions | null,
  extra: readonly unknown[],
  nd: number,
): [boolean, MemoryLayout] {
  const withIndices = dispatchWithIndices(options, `${op}_with_indices`, `_${op}`, [
    ...ADAPTIVE_MAX_POOL_KEYWORDS,
    ...LAYOUT_KEYWORDS,
  ]);
  rejectExtraArguments(withIndices ? `${op}_with_indices` : `_${op}`, extra, 2, 3);
  return [withIndices, parseDataFormat(op, options?.dataFormat, nd)];
}

/** F.adaptive_max_pool{2,3}d's output_size as ATen receives it: an int is broadcast to every axis. */
function outputSizes(op: string, outputSize: AdaptiveOutputSize, shape: number[], nd: number): number[] {
  const sizes = listWithDefault(outputSize, shape);
  const list = intList(sizes, op, 'output_size', 2);
  return typeof sizes === 'number' ? new Array<number>(nd).fill(list[0]) : list;
}

/**
 * `torch.nn.functional.adaptive_max_pool1d`: the maximum over PyTorch's adaptive windows of the last 1 axes
 * (NaN wins), so that the output has the given size; optionally with the indices.
 *
 * Input (N, C, L) or (C, L). Channels-first (NCHW), as PyTorch: the pooled axes are the last 1. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param outputSize - the output size: one int (PyTorch's `output_size`)
 * @param options - {@link AdaptiveMaxPoolOptions}: `returnIndices` (default false), `dataFormat` (channels-first)
 * @returns the pooled tensor; with `returnIndices: true`, `[values, indices]` (int32 flat positions in each input
 *   plane)
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.tensor([1, 3, 2, 5, 4, 0], [1, 1, 6]);
 * tt.adaptiveMaxPool1d(x, 2);  // [[[3, 5]]]
 * ```
 * @function
 * @group Ops
 */
export const adaptiveMaxPool1d = ((
  input: TensorInput,
  outputSize: IntOrInts,
  options: AdaptiveMaxPoolOptions = {},
  ...extra: unknown[]
) => {
  const parsed = parseOptions('adaptive_max_pool1d', options, extra, 1);
  return tidy(() => {
    const x = toTensor(input, 'adaptive_max_pool1d');
    if (outputSize === null || outputSize === undefined) {
      throw new TorchError(
        'TypeError',
        "adaptive_max_pool1d(): argument 'output_size' (position 2) must be tuple " + 'of ints, not NoneType',
      );
    }
    const sizes = intList(outputSize, 'adaptive_max_pool1d', 'output_size', 2);
    torchCheck(
      x.rank >= 2 && x.rank <= 3,
      () =>
        `Expected 2 to 3 dimensions, but got ${x.rank}-dimensional tensor for argument #1 'self' ` +
        '(while checking arguments for adaptive_max_pool1d)',
    );
    torchCheck(
      sizes.length === 1,
      () => `adaptive_max_pool1d() argument 'output_size' should contain one int (got ${sizes.length})`,
    );
    const shape = logicalShape(x.shape, 1, parsed[1]);
    checkNonEmpty('adaptive_max_pool1d', shape);
    // PyTorch runs adaptive_max_pool2d on input.unsqueeze(-2) with output (1, L_out), then squeezes.
    adaptive2d(x, [...shape.slice(0, -1), 1, shape[shape.length - 1]], [1, sizes[0]], 'adaptive_max_pool2d');
    return result(x, sizes, parsed);
  });
}) as AdaptiveMaxPoolFn<IntOrInts>;

/**
 * `torch.nn.functional.adaptive_max_pool2d`: the maximum over PyTorch's adaptive windows of the last 2 axes
 * (NaN wins), so that the output has the given size; optionally with the indices.
 *
 * Input (N, C, H, W) or (C, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 2. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param outputSize - the output size: an int for both axes, or one per axis (`null` keeps that axis's input size)
 *   (PyTorch's `output_size`)
 * @param options - {@link AdaptiveMaxPoolOptions}: `returnIndices` (default false), `dataFormat` (channels-first)
 * @returns the pooled tensor; with `returnIndices: true`, `[values, indices]` (int32 flat positions in each input
 *   plane)
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.randomNormal([1, 8, 13, 13]);
 * const [y, indices] = tt.adaptiveMaxPool2d(x, [4, 4], {returnIndices: true});
 * ```
 * @function
 * @group Ops
 */
export const adaptiveMaxPool2d = ((
  input: TensorInput,
  outputSize: AdaptiveOutputSize,
  options: AdaptiveMaxPoolOptions = {},
  ...extra: unknown[]
) => {
  const parsed = parseOptions('adaptive_max_pool2d', options, extra, 2);
  return tidy(() => {
    const x = toTensor(input, 'adaptive_max_pool2d');
    const shape = logicalShape(x.shape, 2, parsed[1]);
    const sizes = outputSizes('adaptive_max_pool2d', outputSize, shape, 2);
    adaptive2d(x, shape, sizes, 'adaptive_max_pool2d');
    return result(x, sizes, parsed);
  });
}) as AdaptiveMaxPoolFn<AdaptiveOutputSize>;

/**
 * `torch.nn.functional.adaptive_max_pool3d`: the maximum over PyTorch's adaptive windows of the last 3 axes
 * (NaN wins), so that the output has the given size; optionally with the indices.
 *
 * Input (N, C, D, H, W) or (C, D, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 3. A
 * channels-last (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes
 * (`[1, 224, 224, 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param outputSize - the output size: an int for all three axes, or one per axis (`null` keeps that axis's input
 *   size) (PyTorch's `output_size`)
 * @param options - {@link AdaptiveMaxPoolOptions}: `returnIndices` (default false), `dataFormat` (channels-first)
 * @returns the pooled tensor; with `returnIndices: true`, `[values, indices]` (int32 flat positions in each input
 *   plane)
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.ones([1, 2, 5, 6, 7]);
 * tt.adaptiveMaxPool3d(x, 2);  // shape [1, 2, 2, 2, 2]
 * ```
 * @function
 * @group Ops
 */
export const adaptiveMaxPool3d = ((
  input: TensorInput,
  outputSize: AdaptiveOutputSize,
  options: AdaptiveMaxPoolOptions = {},
  ...extra: unknown[]
) => {
  const parsed = parseOptions('adaptive_max_pool3d', options, extra, 3);
  return tidy(() => {
    const x = toTensor(input, 'adaptive_max_pool3d');
    const shape = logicalShape(x.shape, 3, parsed[1]);
    const sizes = outputSizes('adaptive_max_pool3d', outputSize, shape, 3);
    torchCheck(
      shape.length === 4 || shape.length === 5,
      () => `adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: ${formatSizes(shape)}`,
    );
    checkNonEmpty('adaptive_max_pool3d', shape);
    torchCheck(sizes.length === 3, () => 'adaptive_max_pool3d(): internal error: output_size.size() must be 3');
    checkOutputShape(x, [...shape.slice(0, -3), ...sizes]);
    checkDispatch('adaptive_max_pool3d_cpu', x.dtype, ['float32']);
    return result(x, sizes, parsed);
  });
}) as AdaptiveMaxPoolFn<AdaptiveOutputSize>;
