/**
 * adaptive_avg_pool1d / 2d / 3d: the Python layer (`_list_with_default`: None entries take the input's size),
 * then ATen's checks (AdaptiveAveragePooling.cpp, AdaptiveAveragePooling3d.cpp, Pooling.cpp for 1d) in order,
 * including the output-size-1 shortcut that PyTorch computes as `mean` and that skips every other check.
 */
import {GradSaveFunc, Tensor, complex, customGrad, tensor, tidy, zeros, zerosLike} from '@tensorflow/tfjs-core';
import {AdaptiveSpec, MemoryLayout, logicalShape, storedShape} from '../geometry';
import {
  DataFormat1d,
  DataFormat2d,
  DataFormat3d,
  LAYOUT_KEYWORDS,
  layoutAttrs,
  parseDataFormat,
  runInLayout,
} from './data_format';
import {TorchAvgPool} from '../kernel_names';
import {IntOrInts, intList, pyTypeName} from './int_args';
import {rejectExtraArguments, rejectKeywordsOrExtra, rejectUnknownKeywords} from './keyword_args';
import {TensorInput, toTensor} from './input';
import {meanOf} from './mean';
import {TorchError, checkAllocation, checkDispatch, formatSizes, torchCheck} from './torch_errors';

/**
 * An adaptive pool's output size: one int for every pooled axis, or one per axis; `null` (the whole argument or an
 * entry) keeps that axis's input size (PyTorch's `output_size` with None).
 * @group Options
 */
export type AdaptiveOutputSize = number | null | readonly (number | null)[];

/**
 * The options of the adaptive average pools: not PyTorch's (whose functions take none), so any key but
 * `dataFormat` is PyTorch's TypeError for an unexpected keyword argument.
 * @group Options
 */
export interface AdaptiveAvgPoolOptions<F extends string = DataFormat1d | DataFormat2d | DataFormat3d> {
  /**
   * Where the channel axis lies (docs/layouts.md): channels-first as PyTorch (`'NCW'`, `'NCHW'`, `'NCDHW'`), or
   * channels-last (`'NWC'`, `'NHWC'`, `'NDHWC'`; unbatched without the N), the output in the same order.
   * @defaultValue channels-first
   */
  dataFormat?: F;
}

/**
 * The options argument and anything after it: PyTorch's TypeErrors. A third argument that is not an options object
 * is PyTorch's extra positional argument (`adaptive_avg_pool2d() takes 2 positional arguments but 3 were given`);
 * an options object takes `dataFormat` only; arguments after it count the options object as one.
 */
function parseOptions(op: string, options: unknown, extra: unknown[], nd: number): MemoryLayout {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    rejectKeywordsOrExtra(op, [options, ...extra], 2, []);
  }
  rejectUnknownKeywords(op, options as object | null | undefined, LAYOUT_KEYWORDS);
  rejectExtraArguments(op, extra, 2, 3);
  return parseDataFormat(op, (options as AdaptiveAvgPoolOptions | null | undefined)?.dataFormat, nd);
}

/** The spatial axes of a tensor of rank `rank` stored in `layout` with `nd` pooled axes, last first. */
function spatialAxes(nd: number, layout: MemoryLayout): number[] {
  const shift = layout === 'channelsLast' ? 1 : 0;
  return Array.from({length: nd}, (_, i) => -1 - i - shift);
}

function runAdaptive(x: Tensor, outputSize: number[], layout: MemoryLayout): Tensor {
  const nd = outputSize.length;
  const logical = logicalShape(x.shape, nd, layout);
  const outShape = storedShape([...logical.slice(0, logical.length - nd), ...outputSize], nd, layout);
  // An empty output needs no kernel, and no window tables, which for an output size of 2^31 beside a 0 would be
  // gigabytes: a zero-sized slice of x, reshaped (its gradient is zeros, as PyTorch's).
  if (outShape.includes(0)) return emptyLike(x, outShape);
  const spec: AdaptiveSpec = {kind: 'adaptive', outputSize};
  return runInLayout(TorchAvgPool, {x}, layoutAttrs({spec}, layout), nd) as Tensor;
}

/** An empty output of x's dtype; its gradient is zeros, as PyTorch's (tfjs-core has no Reshape/Slice gradients). */
function emptyLike(x: Tensor, outShape: number[]): Tensor {
  if (x.dtype === 'complex64') return complex(zeros(outShape), zeros(outShape));
  if (x.dtype === 'string') return tensor([], outShape, 'string');
  const f = customGrad((...args: Array<Tensor | GradSaveFunc>) => {
    const input = args[0] as Tensor;
    return {value: zeros(outShape, input.dtype), gradFunc: () => zerosLike(input)};
  });
  return f(x);
}

/** torch/nn/modules/utils.py _list_with_default, as F.adaptive_avg_pool2d/3d call it. */
export function listWithDefault(outputSize: AdaptiveOutputSize, shape: number[]): IntOrInts {
  if (Number.isInteger(outputSize)) return outputSize as number;
  // a str is a sequence in Python: its characters are the entries (which ATen then refuses as ints)
  if (typeof outputSize === 'string') outputSize = [...outputSize] as unknown as AdaptiveOutputSize;
  if (!Array.isArray(outputSize)) {
    throw new TorchError('TypeError', `object of type '${pyTypeName(outputSize)}' has no len()`);
  }
  if (shape.length <= outputSize.length) {
    throw new TorchError('ValueError', `Input dimension should be at least ${outputSize.length + 1}`);
  }
  const defaults = shape.slice(shape.length - outputSize.length);
  // undefined (and an array hole) is Python's None too
  return Array.from(outputSize, (v, i) => (v === null || v === undefined ? defaults[i] : v));
}

/** F.adaptive_avg_pool{2,3}d's output_size as ATen receives it: an int is broadcast to every axis, a list is not. */
function outputSizes(op: string, outputSize: AdaptiveOutputSize, shape: number[], nd: number): number[] {
  const sizes = listWithDefault(outputSize, shape);
  const list = intList(sizes, op, 'output_size', 2);
  return typeof sizes === 'number' ? new Array<number>(nd).fill(list[0]) : list;
}

/**
 * AdaptiveAveragePooling.cpp adaptive_avg_pool2d + adaptive_avg_pool2d_out_cpu_template. `unsqueezed`: x is a 1d
 * input, which PyTorch pools as `input.unsqueeze(-2)`; checks see that shape, the kernel pools the last axis only.
 */
function adaptive2d(x: Tensor, sizes: number[], unsqueezed: boolean, layout: MemoryLayout): Tensor {
  torchCheck(sizes.length === 2, () => 'adaptive_avg_pool2d: output_size must be 2');
  torchCheck(
    sizes[0] >= 0 && sizes[1] >= 0,
    () =>
      'adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received ' +
      `{${sizes[0]}, ${sizes[1]}}`,
  );
  if (sizes[0] === 1 && sizes[1] === 1) return meanOf(x, spatialAxes(unsqueezed ? 1 : 2, layout), {keepdim: true});
  const logical = logicalShape(x.shape, unsqueezed ? 1 : 2, layout);
  const shape = unsqueezed ? [...logical.slice(0, -1), 1, logical[logical.length - 1]] : logical;
  const ndim = shape.length;
  torchCheck(
    ndim === 3 || ndim === 4,
    () => `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatSizes(shape)}`,
  );
  for (const d of [ndim - 2, ndim - 1]) {
    torchCheck(
      shape[d] > 0,
      () =>
        'adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but ' +
        `input has sizes ${formatSizes(shape)} with dimension ${d} being empty`,
    );
  }
  // PyTorch allocates the output, then returns it if empty before it dispatches on dtype (an empty int64 input
  // passes).
  const outShape = [...shape.slice(0, -2), ...sizes];
  checkAllocation(outShape, x.dtype);
  const empty = outShape.includes(0);
  if (!empty) checkDispatch('adaptive_avg_pool2d', x.dtype, ['float32']);
  return runAdaptive(x, unsqueezed ? [sizes[1]] : sizes, layout);
}

/** AdaptiveAveragePooling3d.cpp adaptive_avg_pool3d + adaptive_avg_pool3d_out_cpu_template. */
function adaptive3d(x: Tensor, sizes: number[], layout: MemoryLayout): Tensor {
  torchCheck(sizes.length === 3, () => 'adaptive_avg_pool3d: output_size must be 3');
  torchCheck(
    sizes.every(s => s >= 0),
    () =>
      'adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 but received ' +
      `{${sizes[0]}, ${sizes[1]},${sizes[2]}}`,
  );
  if (sizes.every(s => s === 1)) return meanOf(x, spatialAxes(3, layout), {keepdim: true});
  const shape = logicalShape(x.shape, 3, layout);
  for (let d = 1; d < shape.length; d++) {
    torchCheck(
      shape[d] > 0,
      () =>
        'adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch dimensions, but ' +
        `input has sizes ${formatSizes(shape)} with dimension ${d} being empty`,
    );
  }
  torchCheck(
    shape.length === 4 || shape.length === 5,
    () => `adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got ${formatSizes(shape)}`,
  );
  checkAllocation([...shape.slice(0, -3), ...sizes], x.dtype);
  checkDispatch('adaptive_avg_pool3d_cpu', x.dtype, ['float32']);
  return runAdaptive(x, sizes, layout);
}

/**
 * `torch.nn.functional.adaptive_avg_pool1d`: averages over PyTorch's adaptive windows (start = floor(i·L/out),
 * end = ceil((i+1)·L/out)) of the last 1 axes, so that the output has the given size.
 *
 * Input (N, C, L) or (C, L). Channels-first (NCHW), as PyTorch: the pooled axes are the last 1. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32
 * @param outputSize - the output size: one int (PyTorch's `output_size`)
 * @param options - {@link AdaptiveAvgPoolOptions}: `dataFormat` (not PyTorch's: its function takes no options)
 * @returns the pooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.reshape(tf.range(1, 11), [1, 1, 10]);
 * tt.adaptiveAvgPool1d(x, 3);  // [[[2.5, 5.5, 8.5]]]
 * ```
 * @group Ops
 */
export function adaptiveAvgPool1d(
  input: TensorInput,
  outputSize: number | readonly number[],
  options?: AdaptiveAvgPoolOptions<DataFormat1d>,
): Tensor;
export function adaptiveAvgPool1d(
  input: TensorInput,
  outputSize: number | readonly number[],
  options?: AdaptiveAvgPoolOptions<DataFormat1d>,
  ...extra: unknown[]
): Tensor {
  const layout = parseOptions('adaptive_avg_pool1d', options, extra, 1);
  return tidy(() => {
    const x = toTensor(input, 'adaptive_avg_pool1d');
    if (outputSize === null || outputSize === undefined) {
      throw new TorchError(
        'TypeError',
        "adaptive_avg_pool1d(): argument 'output_size' (position 2) must be tuple " + 'of ints, not NoneType',
      );
    }
    const sizes = intList(outputSize, 'adaptive_avg_pool1d', 'output_size', 2);
    torchCheck(
      x.rank >= 2 && x.rank <= 3,
      () =>
        `Expected 2 to 3 dimensions, but got ${x.rank}-dimensional tensor for argument #1 'self' ` +
        '(while checking arguments for adaptive_avg_pool1d)',
    );
    torchCheck(
      sizes.length === 1,
      () => `adaptive_avg_pool1d() argument 'output_size' should contain one int (got ${sizes.length})`,
    );
    // PyTorch runs adaptive_avg_pool2d on input.unsqueeze(-2) with output (1, L_out), then squeezes.
    return adaptive2d(x, [1, sizes[0]], true, layout);
  });
}

/**
 * `torch.nn.functional.adaptive_avg_pool2d`: averages over PyTorch's adaptive windows (start = floor(i·L/out),
 * end = ceil((i+1)·L/out)) of the last 2 axes, so that the output has the given size.
 *
 * Input (N, C, H, W) or (C, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 2. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32
 * @param outputSize - the output size: an int for both axes, or one per axis (`null` keeps that axis's input size)
 *   (PyTorch's `output_size`)
 * @param options - {@link AdaptiveAvgPoolOptions}: `dataFormat` (not PyTorch's: its function takes no options)
 * @returns the pooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.ones([8, 512, 7, 7]);
 * tt.adaptiveAvgPool2d(x, 1);  // shape [8, 512, 1, 1], as ResNet's head
 * ```
 * @group Ops
 */
export function adaptiveAvgPool2d(
  input: TensorInput,
  outputSize: AdaptiveOutputSize,
  options?: AdaptiveAvgPoolOptions<DataFormat2d>,
): Tensor;
export function adaptiveAvgPool2d(
  input: TensorInput,
  outputSize: AdaptiveOutputSize,
  options?: AdaptiveAvgPoolOptions<DataFormat2d>,
  ...extra: unknown[]
): Tensor {
  const layout = parseOptions('adaptive_avg_pool2d', options, extra, 2);
  return tidy(() => {
    const x = toTensor(input, 'adaptive_avg_pool2d');
    const sizes = outputSizes('adaptive_avg_pool2d', outputSize, logicalShape(x.shape, 2, layout), 2);
    return adaptive2d(x, sizes, false, layout);
  });
}

/**
 * `torch.nn.functional.adaptive_avg_pool3d`: averages over PyTorch's adaptive windows (start = floor(i·L/out),
 * end = ceil((i+1)·L/out)) of the last 3 axes, so that the output has the given size.
 *
 * Input (N, C, D, H, W) or (C, D, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 3. A
 * channels-last (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes
 * (`[1, 224, 224, 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32
 * @param outputSize - the output size: an int for all three axes, or one per axis (`null` keeps that axis's input
 *   size) (PyTorch's `output_size`)
 * @param options - {@link AdaptiveAvgPoolOptions}: `dataFormat` (not PyTorch's: its function takes no options)
 * @returns the pooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.ones([1, 2, 5, 6, 7]);
 * tt.adaptiveAvgPool3d(x, [2, null, 3]);  // shape [1, 2, 2, 6, 3]
 * ```
 * @group Ops
 */
export function adaptiveAvgPool3d(
  input: TensorInput,
  outputSize: AdaptiveOutputSize,
  options?: AdaptiveAvgPoolOptions<DataFormat3d>,
): Tensor;
export function adaptiveAvgPool3d(
  input: TensorInput,
  outputSize: AdaptiveOutputSize,
  options?: AdaptiveAvgPoolOptions<DataFormat3d>,
  ...extra: unknown[]
): Tensor {
  const layout = parseOptions('adaptive_avg_pool3d', options, extra, 3);
  return tidy(() => {
    const x = toTensor(input, 'adaptive_avg_pool3d');
    const sizes = outputSizes('adaptive_avg_pool3d', outputSize, logicalShape(x.shape, 3, layout), 3);
    return adaptive3d(x, sizes, layout);
  });
}
