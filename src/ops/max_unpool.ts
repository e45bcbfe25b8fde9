/**
 * max_unpool1d / 2d / 3d: the Python layer (functional.py `_unpool_output_size`: default size, accepted lengths,
 * the range each entry must lie in), ATen's max_unpooling_shape_check (PoolingChecks.h), the dtype dispatch, then
 * the TorchMaxUnpool scatter. PyTorch reports an out-of-range index after its loop; here the indices are checked
 * before the kernel runs, with PyTorch's message (docs/max-pooling.md §5). 1d runs as 2d on x.unsqueeze(-1), as
 * PyTorch does, so its late errors print the unsqueezed shapes.
 */
import {Tensor, tidy} from '@tensorflow/tfjs-core';
import {MemoryLayout, logicalShape, unpoolDefaultSize} from '../geometry';
import {
  DataFormat1d,
  DataFormat2d,
  DataFormat3d,
  LAYOUT_KEYWORDS,
  layoutAttrs,
  parseDataFormat,
  runInLayout,
} from './data_format';
import {TorchMaxUnpool} from '../kernel_names';
import {IntOrInts, pyTypeName, unpackIntList} from './int_args';
import {TensorInput, toTensor} from './input';
import {rejectExtraArguments, rejectUnknownKeywords} from './keyword_args';
import {TorchError, checkAllocation, checkDispatch, formatSizes, torchCheck, torchDtypeName} from './torch_errors';

/**
 * The keyword arguments of `F.max_unpool1d/2d/3d`, camelCase ({@link maxUnpool2d}).
 * @group Options
 */
export interface MaxUnpoolOptions {
  /**
   * PyTorch's `stride`: the pool's stride.
   * @defaultValue `kernelSize`
   */
  stride?: IntOrInts | null;
  /**
   * PyTorch's `padding`: the pool's padding.
   * @defaultValue 0
   */
  padding?: IntOrInts;
  /**
   * PyTorch's `output_size`: the spatial output size (nd entries), or the full size (nd + 2 entries, the first two
   * ignored); each within one stride of the default.
   * @defaultValue (in - 1)·stride - 2·padding + kernelSize on each axis
   */
  outputSize?: readonly number[] | null;
  /**
   * Not PyTorch's: where the channel axis lies (docs/layouts.md), for the input, the indices and the output alike:
   * channels-first as PyTorch (`'NCW'`, `'NCHW'`, `'NCDHW'`) or channels-last (`'NWC'`, `'NHWC'`, `'NDHWC'`;
   * unbatched without the N). The indices keep their meaning, flat positions in each output plane.
   * @defaultValue channels-first
   */
  dataFormat?: DataFormat1d | DataFormat2d | DataFormat3d;
}

/** max_unpool's keywords, camelCase (the property tests' op table reads them too) */
export const MAX_UNPOOL_KEYWORDS = ['stride', 'padding', 'outputSize'] as const;

/**
 * torch/nn/modules/utils.py _ntuple: an iterable becomes a tuple (a sequence as it is, a dict its keys), anything
 * else is repeated n times. Entries stay as the user passed them: _unpool_output_size's arithmetic types them.
 */
function ntuple(value: unknown, n: number): unknown[] {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'string') return [...value];
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return new Array<unknown>(n).fill(value);
}

/** Python's int arithmetic on an entry: an int or float (a bool is 0 or 1); anything else is Python's TypeError. */
function pyNumber(v: unknown, op: '*' | '+' | '-', left: string): number {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return v;
  throw new TorchError('TypeError', `unsupported operand type(s) for ${op}: '${left}' and '${pyTypeName(v)}'`);
}

/** tuple[d], with Python's IndexError past the end (a hole is None). */
function at(list: unknown[], d: number): unknown {
  if (d >= list.length) throw new TorchError('IndexError', 'tuple index out of range');
  return list[d];
}

/** Python's repr of the list the user passed (the message quotes it). */
function pyList(values: readonly number[]): string {
  return `[${values.join(', ')}]`;
}

/** (input_size - 1) * stride + kernel - 2 * padding in Python's exact ints, when all are integers (else null). */
function exactDefault(
  shape: number[],
  kernel: unknown[],
  stride: unknown[],
  padding: unknown[],
  d: number,
): string | null {
  const ints = [shape[shape.length - kernel.length + d], stride[d], kernel[d], padding[d]].map(v =>
    typeof v === 'boolean' ? Number(v) : v,
  );
  if (!ints.every(v => typeof v === 'number' && Number.isInteger(v))) return null;
  const [L, s, k, p] = (ints as number[]).map(v => BigInt(v));
  return ((L - BigInt(1)) * s + k - BigInt(2) * p).toString();
}

/** functional.py _unpool_output_size + _check_unpool_output_size. */
function unpoolOutputSize(
  shape: number[],
  kernelList: unknown[],
  strideList: unknown[],
  paddingList: unknown[],
  outputSize: readonly number[] | null | undefined,
): number[] {
  const n = kernelList.length;
  // (input_size[-len(kernel_size) + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d], in Python's order
  const stride: number[] = [];
  const defaults = kernelList.map((_, d) => {
    const dim = shape.length - n + d;
    if (dim < 0) throw new TorchError('IndexError', 'tuple index out of range');
    const s = at(strideList, d);
    // int * tuple repeats the tuple, which the next operator then refuses
    if (Array.isArray(s)) {
      const k = at(kernelList, d);
      throw new TorchError('TypeError', `can only concatenate tuple (not "${pyTypeName(k)}") to tuple`);
    }
    stride.push(pyNumber(s, '*', 'int'));
    const k = pyNumber(at(kernelList, d), '+', 'int');
    const pad = at(paddingList, d);
    if (Array.isArray(pad)) throw new TorchError('TypeError', "unsupported operand type(s) for -: 'int' and 'tuple'");
    const p = pyNumber(pad, '*', 'int');
    return unpoolDefaultSize(shape[dim], k, stride[d], p);
  });
  let out = defaults;
  if (outputSize !== null && outputSize !== undefined) {
    if (!Array.isArray(outputSize)) {
      throw new TorchError(
        'TypeError',
        `object of type '${typeof outputSize === 'number' ? 'int' : typeof outputSize}' ` + 'has no len()',
      );
    }
    let sizes: readonly number[] = outputSize;
    if (sizes.length === n + 2) sizes = sizes.slice(2);
    if (sizes.length !== n) {
      throw new TorchError(
        'ValueError',
        `output_size should be a sequence containing ${n} or ${n + 2} elements, but ` +
          `it has a length of '${sizes.length}'`,
      );
    }
    for (let d = 0; d < n; d++) {
      const min = defaults[d] - stride[d];
      const max = defaults[d] + stride[d];
      if (!(min < sizes[d] && sizes[d] < max)) {
        throw new TorchError(
          'ValueError',
          `invalid output_size "${pyList(sizes)}" (dim ${d} must be between ${min} ` + `and ${max})`,
        );
      }
    }
    out = [...sizes];
  }
  out.forEach((size, d) => {
    if (size < 0) {
      // Python's ints are exact: a size past 2^53 is printed from exact arithmetic where the inputs are integers
      const exact = out === defaults ? exactDefault(shape, kernelList, strideList, paddingList, d) : null;
      throw new TorchError(
        'ValueError',
        'max_unpooling: output_size must contain non-negative spatial dimensions, ' +
          `but got output_size[${d}]=${exact ?? size}`,
      );
    }
  });
  return out;
}

/** PoolingChecks.h max_unpooling_shape_check (forward), on the shapes ATen sees. */
function shapeCheck(
  xShape: number[],
  idx: Tensor,
  idxShape: number[],
  outputSize: number[],
  nd: 2 | 3,
  fn: string,
  stride: number[] = [],
  padding: number[] = [],
): void {
  const ndim = xShape.length;
  const dims = nd === 2 ? 'two elements (height, width)' : 'three elements (depth, height, width)';
  torchCheck(
    idx.dtype === 'int32',
    () => `elements in indices should be type int64 but got: ${torchDtypeName(idx.dtype)}`,
  );
  torchCheck(
    ndim === nd + 1 || ndim === nd + 2,
    () =>
      `Input to max_unpooling${nd}d should be a ${nd + 1}d or ${nd + 2}d Tensor, but got a tensor with ` +
      `${ndim} dimensions.`,
  );
  torchCheck(
    outputSize.length === nd,
    () => `There should be exactly ${dims} in output_size, but got ${outputSize.length} elements.`,
  );
  torchCheck(
    formatSizes(xShape) === formatSizes(idxShape),
    () =>
      `Expected shape of indices to be same as that of the input tensor (${formatSizes(xShape)}) but got ` +
      `indices tensor with shape: ${formatSizes(idxShape)}`,
  );
  for (let i = 1; i < ndim; i++) {
    torchCheck(
      xShape[i] > 0,
      () =>
        `${fn}: Expected input to have non-zero size for non-batch dimensions, but input has sizes ` +
        `${formatSizes(xShape)} with dimension ${i} being empty`,
    );
  }
  if (nd === 3) {
    torchCheck(
      stride.length === 3,
      () => `There should be exactly ${dims} in stride, but got: ${stride.length} elements.`,
    );
    torchCheck(
      padding.length === 3,
      () => `There should be exactly ${dims} in padding, but got: ${padding.length} elements.`,
    );
    torchCheck(
      stride.every(s => s > 0),
      () => `strides should be greater than zero, but got stride: ${formatSizes(stride)}`,
    );
  }
  for (let i = 0; i < nd; i++) {
    torchCheck(
      outputSize[i] >= 0,
      () =>
        `max_unpooling${nd}d(): output_size must contain non-negative spatial dimensions, but got ` +
        `output_size=${formatSizes(outputSize)}`,
    );
  }
}

/**
 * MaxUnpoolKernel.cpp's index check: an index outside the output plane fails (the last one found is reported);
 * skipped when the output is empty. Reads the indices back (a sync on GPU backends), as PyTorch's CPU kernel reads
 * them: the error depends on their values. The output is allocated (checkAllocation) before this check, as in ATen.
 */
function checkIndices(idx: Tensor, leadSize: number, outputSize: number[], volume: string): void {
  const plane = outputSize.reduce((a, b) => a * b, 1);
  if (leadSize * plane === 0) return;
  const values = idx.dataSync() as Int32Array;
  let bad: number | null = null;
  for (let i = 0; i < values.length; i++) if (values[i] < 0 || values[i] >= plane) bad = values[i];
  torchCheck(bad === null, () => `Found an invalid max index: ${bad} (output volumes are of size ${volume})`);
}

function runUnpool(x: Tensor, indices: Tensor, outputSize: number[], layout: MemoryLayout): Tensor {
  return runInLayout(TorchMaxUnpool, {x, indices}, layoutAttrs({outputSize}, layout), outputSize.length) as Tensor;
}

function unpool(
  fnName: string,
  nd: 1 | 2 | 3,
  input: TensorInput,
  indicesInput: TensorInput,
  kernelSize: IntOrInts,
  options: MaxUnpoolOptions | null,
): Tensor {
  rejectUnknownKeywords(fnName, options, [...MAX_UNPOOL_KEYWORDS, ...LAYOUT_KEYWORDS]);
  options ??= {}; // null: no options, as for the average pools
  const layout = parseDataFormat(fnName, options.dataFormat, nd);
  return tidy(() => {
    const stored = toTensor(input, fnName);
    const idx = toTensor(indicesInput, fnName, 'indices', 2);
    // checks and messages see the logical (channels-first) shapes, as PyTorch's channels-last tensors have them
    const x = {shape: logicalShape(stored.shape, nd, layout), dtype: stored.dtype};
    const idxShape = logicalShape(idx.shape, nd, layout);
    const kernelList = ntuple(kernelSize, nd);
    const strideList =
      options.stride === null || options.stride === undefined ? kernelList : ntuple(options.stride, nd);
    const paddingList = ntuple(options.padding === undefined ? 0 : options.padding, nd);
    const outputSize = unpoolOutputSize(x.shape, kernelList, strideList, paddingList, options.outputSize);
    // past the Python arithmetic, the lists are numbers (ATen's binding types them)
    const [stride, padding] = [strideList, paddingList].map(l =>
      l.map(v => (typeof v === 'boolean' ? Number(v) : v) as number),
    );
    // The Python layer then calls ATen's max_unpool2d(input, indices, output_size) (1d: output_size + [1]) or
    // max_unpool3d(input, indices, output_size, stride, padding), whose binding unpacks the lists into int64s,
    // right to left.
    if (nd === 3) {
      unpackIntList(padding, fnName, 'padding');
      unpackIntList(stride, fnName, 'stride');
      unpackIntList(outputSize, fnName, 'output_size');
    } else {
      unpackIntList(outputSize, 'max_unpool2d', 'output_size');
    }
    if (nd === 1) {
      // max_unpool2d(input.unsqueeze(-1), indices.unsqueeze(-1), output_size + [1]).squeeze(-1)
      const xShape = [...x.shape, 1];
      shapeCheck(xShape, idx, [...idxShape, 1], [...outputSize, 1], 2, 'max_unpooling2d_forward_out_cpu()');
      checkAllocation([...xShape.slice(0, -2), ...outputSize, 1], x.dtype);
      checkDispatch('max_unpool2d', x.dtype, ['float32']);
      checkIndices(
        idx,
        xShape.slice(0, -2).reduce((a, b) => a * b, 1),
        outputSize,
        `${outputSize[0]}x1`,
      );
    } else if (nd === 2) {
      shapeCheck(x.shape, idx, idxShape, outputSize, 2, 'max_unpooling2d_forward_out_cpu()');
      checkAllocation([...x.shape.slice(0, -2), ...outputSize], x.dtype);
      checkDispatch('max_unpool2d', x.dtype, ['float32']);
      checkIndices(
        idx,
        x.shape.slice(0, -2).reduce((a, b) => a * b, 1),
        outputSize,
        outputSize.join('x'),
      );
    } else {
      shapeCheck(x.shape, idx, idxShape, outputSize, 3, 'max_unpooling3d_forward_out_cpu()', stride, padding);
      checkAllocation([...x.shape.slice(0, -3), ...outputSize], x.dtype);
      checkDispatch('max_unpool3d', x.dtype, ['float32']);
      checkIndices(
        idx,
        x.shape.slice(0, -3).reduce((a, b) => a * b, 1),
        outputSize,
        outputSize.join('x'),
      );
    }
    return runUnpool(stored, idx, outputSize, layout);
  });
}

/**
 * `torch.nn.functional.max_unpool1d`: the inverse of `max_pool1d` with `returnIndices`: each value is written at
 * its index in a zero output plane (the last write wins where indices repeat, as PyTorch's cpu kernel).
 *
 * Input (N, C, L) or (C, L). Channels-first (NCHW), as PyTorch: the pooled axes are the last 1. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the pooled values (or anything `tf.tensor` takes); float32
 * @param indices - the indices {@link maxPool1d} returned with `returnIndices: true` (int32), the input's shape
 * @param kernelSize - the pool's window: one int for every axis, or one per axis
 * @param options - {@link MaxUnpoolOptions}: `stride` (default `kernelSize`), `padding` (0), `outputSize` (default
 *   the pool's input size as PyTorch infers it: (in - 1)·stride - 2·padding + kernel)
 * @returns the unpooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses (an index
 *   out of the output plane included)
 * @example
 * ```ts
 * const [y, indices] = tt.maxPool1d(x, 2, {returnIndices: true});
 * const back = tt.maxUnpool1d(y, indices, 2);  // x's shape, the maxima in place, zeros elsewhere
 * ```
 * @group Ops
 */
export function maxUnpool1d(
  input: TensorInput,
  indices: TensorInput,
  kernelSize: IntOrInts,
  options?: MaxUnpoolOptions,
): Tensor;
export function maxUnpool1d(
  input: TensorInput,
  indices: TensorInput,
  kernelSize: IntOrInts,
  options: MaxUnpoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('max_unpool1d', extra, 3, 4);
  return unpool('max_unpool1d', 1, input, indices, kernelSize, options);
}

/**
 * `torch.nn.functional.max_unpool2d`: the inverse of `max_pool2d` with `returnIndices`: each value is written at
 * its index in a zero output plane (the last write wins where indices repeat, as PyTorch's cpu kernel).
 *
 * Input (N, C, H, W) or (C, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 2. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the pooled values (or anything `tf.tensor` takes); float32
 * @param indices - the indices {@link maxPool2d} returned with `returnIndices: true` (int32), the input's shape
 * @param kernelSize - the pool's window: one int for every axis, or one per axis
 * @param options - {@link MaxUnpoolOptions}: `stride` (default `kernelSize`), `padding` (0), `outputSize` (default
 *   the pool's input size as PyTorch infers it: (in - 1)·stride - 2·padding + kernel)
 * @returns the unpooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses (an index
 *   out of the output plane included)
 * @example
 * ```ts
 * const [y, indices] = tt.maxPool2d(x, 2, {returnIndices: true});
 * const back = tt.maxUnpool2d(y, indices, 2);  // x's shape, the maxima in place, zeros elsewhere
 * ```
 * @group Ops
 */
export function maxUnpool2d(
  input: TensorInput,
  indices: TensorInput,
  kernelSize: IntOrInts,
  options?: MaxUnpoolOptions,
): Tensor;
export function maxUnpool2d(
  input: TensorInput,
  indices: TensorInput,
  kernelSize: IntOrInts,
  options: MaxUnpoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('max_unpool2d', extra, 3, 4);
  return unpool('max_unpool2d', 2, input, indices, kernelSize, options);
}

/**
 * `torch.nn.functional.max_unpool3d`: the inverse of `max_pool3d` with `returnIndices`: each value is written at
 * its index in a zero output plane (the last write wins where indices repeat, as PyTorch's cpu kernel).
 *
 * Input (N, C, D, H, W) or (C, D, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 3. A
 * channels-last (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes
 * (`[1, 224, 224, 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the pooled values (or anything `tf.tensor` takes); float32
 * @param indices - the indices {@link maxPool3d} returned with `returnIndices: true` (int32), the input's shape
 * @param kernelSize - the pool's window: one int for every axis, or one per axis
 * @param options - {@link MaxUnpoolOptions}: `stride` (default `kernelSize`), `padding` (0), `outputSize` (default
 *   the pool's input size as PyTorch infers it: (in - 1)·stride - 2·padding + kernel)
 * @returns the unpooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses (an index
 *   out of the output plane included)
 * @example
 * ```ts
 * const [y, indices] = tt.maxPool3d(x, 2, {returnIndices: true});
 * const back = tt.maxUnpool3d(y, indices, 2);  // x's shape, the maxima in place, zeros elsewhere
 * ```
 * @group Ops
 */
export function maxUnpool3d(
  input: TensorInput,
  indices: TensorInput,
  kernelSize: IntOrInts,
  options?: MaxUnpoolOptions,
): Tensor;
export function maxUnpool3d(
  input: TensorInput,
  indices: TensorInput,
  kernelSize: IntOrInts,
  options: MaxUnpoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('max_unpool3d', extra, 3, 4);
  return unpool('max_unpool3d', 3, input, indices, kernelSize, options);
}
