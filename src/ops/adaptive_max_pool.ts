/**
 * adaptive_max_pool1d / 2d / 3d: the Python layer (`_list_with_default` for 2d/3d), then ATen's checks in order
 * (Pooling.cpp for 1d, AdaptiveMaxPooling2d.cpp / AdaptiveMaxPooling3d.cpp meta functions), then the TorchMaxPool
 * kernel over the adaptive bins (docs/max-pooling.md §4). No output-size-1 shortcut: unlike the average, PyTorch's
 * adaptive max always runs its kernel.
 */
import {Tensor, tidy} from '@tensorflow/tfjs-core';
import {AdaptiveOutputSize, listWithDefault} from './adaptive_avg_pool';
import {IntOrInts, intList} from './int_args';
import {rejectExtraArguments} from './keyword_args';
import {TensorInput, toTensor} from './input';
import {checkMaxOutputs, dispatchWithIndices, runMaxPool, runMaxPoolValues} from './max_pool';
import {TorchError, checkDispatch, formatSizes, torchCheck} from './torch_errors';

export interface AdaptiveMaxPoolOptions {
  /** return [values, indices] (int32 flat positions in each input plane) instead of values */
  returnIndices?: boolean;
}

/** An adaptive max pool returning values, or [values, indices] with `returnIndices: true`. */
export interface AdaptiveMaxPoolFn<S> {
  (input: TensorInput, outputSize: S, options?: AdaptiveMaxPoolOptions & {returnIndices?: false}): Tensor;
  (input: TensorInput, outputSize: S, options: AdaptiveMaxPoolOptions & {returnIndices: true}): [Tensor, Tensor];
  (input: TensorInput, outputSize: S, options?: AdaptiveMaxPoolOptions): Tensor | [Tensor, Tensor];
}

function checkNonEmpty(op: string, shape: number[]): void {
  for (let i = 1; i < shape.length; i++) {
    torchCheck(shape[i] > 0,
               () => `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ` +
                   `${formatSizes(shape)} with dimension ${i} being empty`);
  }
}

/**
 * ATen's allocation of values and indices in the meta function, before the dtype dispatch: a negative size fails
 * there (c10's check_size_nonnegative), and so does one too large to allocate.
 */
function checkOutputShape(x: Tensor, shape: number[]): void {
  const bad = shape.find(s => s < 0);
  torchCheck(bad === undefined,
             () => `Trying to create tensor with negative dimension ${bad}: ${formatSizes(shape)}`);
  checkMaxOutputs(x, shape);
}

/** adaptive_max_pool2d's meta on `shape` (the unsqueezed one for 1d), then the dtype dispatch. */
function adaptive2d(x: Tensor, shape: number[], sizes: number[], dispatchLabel: string): void {
  const ndim = shape.length;
  torchCheck(ndim === 3 || ndim === 4, () => `adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${formatSizes(shape)}`);
  checkNonEmpty('adaptive_max_pool2d', shape);
  torchCheck(sizes.length === 2, () => 'adaptive_max_pool2d(): internal error: output_size.size() must be 2');
  checkOutputShape(x, [...shape.slice(0, -2), ...sizes]);
  checkDispatch(dispatchLabel, x.dtype, ['float32']);
}

function result(x: Tensor, outputSize: number[], returnIndices: boolean): Tensor | [Tensor, Tensor] {
  const spec = {kind: 'adaptive', outputSize} as const;
  return returnIndices ? runMaxPool(x, spec) : runMaxPoolValues(x, spec);
}

/** F.adaptive_max_poolNd is boolean_dispatch on return_indices's truth value (see max_pool.ts). */
function parseOptions(op: string, options: AdaptiveMaxPoolOptions | null, extra: readonly unknown[]): boolean {
  const withIndices = dispatchWithIndices(options, `${op}_with_indices`, `_${op}`, ['returnIndices']);
  rejectExtraArguments(withIndices ? `${op}_with_indices` : `_${op}`, extra, 2, 3);
  return withIndices;
}

/** F.adaptive_max_pool{2,3}d's output_size as ATen receives it: an int is broadcast to every axis. */
function outputSizes(op: string, outputSize: AdaptiveOutputSize, shape: number[], nd: number): number[] {
  const sizes = listWithDefault(outputSize, shape);
  const list = intList(sizes, op, 'output_size', 2);
  return typeof sizes === 'number' ? new Array<number>(nd).fill(list[0]) : list;
}

/** torch.nn.functional.adaptive_max_pool1d on (N, C, L) or (C, L). */
export const adaptiveMaxPool1d = ((input: TensorInput, outputSize: IntOrInts, options: AdaptiveMaxPoolOptions = {},
                                   ...extra: unknown[]) => {
  const returnIndices = parseOptions('adaptive_max_pool1d', options, extra);
  return tidy(() => {
    const x = toTensor(input);
    if (outputSize === null || outputSize === undefined) {
      throw new TorchError('TypeError', 'adaptive_max_pool1d(): argument \'output_size\' (position 2) must be tuple ' +
                                            'of ints, not NoneType');
    }
    const sizes = intList(outputSize, 'adaptive_max_pool1d', 'output_size', 2);
    torchCheck(x.rank >= 2 && x.rank <= 3,
               () => `Expected 2 to 3 dimensions, but got ${x.rank}-dimensional tensor for argument #1 'self' ` +
                   '(while checking arguments for adaptive_max_pool1d)');
    torchCheck(sizes.length === 1,
               () => `adaptive_max_pool1d() argument 'output_size' should contain one int (got ${sizes.length})`);
    checkNonEmpty('adaptive_max_pool1d', x.shape);
    // PyTorch runs adaptive_max_pool2d on input.unsqueeze(-2) with output (1, L_out), then squeezes.
    adaptive2d(x, [...x.shape.slice(0, -1), 1, x.shape[x.rank - 1]], [1, sizes[0]], 'adaptive_max_pool2d');
    return result(x, sizes, returnIndices);
  });
}) as AdaptiveMaxPoolFn<IntOrInts>;

/** torch.nn.functional.adaptive_max_pool2d on (N, C, H, W) or (C, H, W). */
export const adaptiveMaxPool2d = ((input: TensorInput, outputSize: AdaptiveOutputSize,
                                   options: AdaptiveMaxPoolOptions = {}, ...extra: unknown[]) => {
  const returnIndices = parseOptions('adaptive_max_pool2d', options, extra);
  return tidy(() => {
    const x = toTensor(input);
    const sizes = outputSizes('adaptive_max_pool2d', outputSize, x.shape, 2);
    adaptive2d(x, x.shape, sizes, 'adaptive_max_pool2d');
    return result(x, sizes, returnIndices);
  });
}) as AdaptiveMaxPoolFn<AdaptiveOutputSize>;

/** torch.nn.functional.adaptive_max_pool3d on (N, C, D, H, W) or (C, D, H, W). */
export const adaptiveMaxPool3d = ((input: TensorInput, outputSize: AdaptiveOutputSize,
                                   options: AdaptiveMaxPoolOptions = {}, ...extra: unknown[]) => {
  const returnIndices = parseOptions('adaptive_max_pool3d', options, extra);
  return tidy(() => {
    const x = toTensor(input);
    const sizes = outputSizes('adaptive_max_pool3d', outputSize, x.shape, 3);
    const shape = x.shape;
    torchCheck(shape.length === 4 || shape.length === 5,
               () => `adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: ${formatSizes(shape)}`);
    checkNonEmpty('adaptive_max_pool3d', shape);
    torchCheck(sizes.length === 3, () => 'adaptive_max_pool3d(): internal error: output_size.size() must be 3');
    checkOutputShape(x, [...shape.slice(0, -3), ...sizes]);
    checkDispatch('adaptive_max_pool3d_cpu', x.dtype, ['float32']);
    return result(x, sizes, returnIndices);
  });
}) as AdaptiveMaxPoolFn<AdaptiveOutputSize>;
