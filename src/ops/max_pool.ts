/**
 * max_pool1d / max_pool2d / max_pool3d: PyTorch's argument checks in PyTorch's order and words
 * (DilatedMaxPool2d.cpp / DilatedMaxPool3d.cpp, Pool.h pooling_output_shape, PoolingChecks.h
 * pool2d/pool3d_shape_check,
 * and for 1d either Pooling.cpp max_pool1d_with_indices or MaxPooling.h check_max_pool1d), then one kernel call:
 * TorchMaxPool, values and indices together, with returnIndices; TorchMaxPoolValues, the values alone, without
 * (docs/max-pooling.md §1–2).
 */
import {Tensor, tidy, zeros} from '@tensorflow/tfjs-core';
import {
  MaxWindowSpec,
  MemoryLayout,
  logicalShape,
  maxPoolOutputSize,
  maxPoolOutputSizeInt64,
  maxSpatialRank,
  planMax,
  storedShape,
  strayReach,
} from '../geometry';
import {
  DataFormat1d,
  DataFormat2d,
  DataFormat3d,
  LAYOUT_KEYWORDS,
  layoutAttrs,
  parseDataFormat,
  runInLayout,
} from './data_format';
import {TorchMaxPool, TorchMaxPoolValues} from '../kernel_names';
import {IntOrInts, checkBool, checkInt32, matchIntList, pyTruthy, unpackIntList} from './int_args';
import {TensorInput, toTensor} from './input';
import {rejectExtraArguments, rejectUnknownKeywords} from './keyword_args';
import {checkPoolingOutputShapeArgs} from './pooling_shape_checks';
import {
  MAX_OUTPUT_ELEMENTS,
  checkDispatch,
  checkEmptyAllocation,
  formatSizes,
  pyIntText,
  torchCheck,
} from './torch_errors';

/**
 * The keyword arguments of `F.max_pool1d/2d/3d`, camelCase ({@link maxPool1d}, {@link maxPool2d}, {@link maxPool3d});
 * any other key is PyTorch's TypeError.
 * @group Options
 */
export interface MaxPoolOptions {
  /**
   * PyTorch's `stride`: one int for every axis, or one per axis.
   * @defaultValue `kernelSize` (`null` or `[]` mean the same)
   */
  stride?: IntOrInts | null;
  /**
   * PyTorch's `padding`: implicit -inf on both sides of each axis (never chosen), at most half the window.
   * @defaultValue 0
   */
  padding?: IntOrInts;
  /**
   * PyTorch's `dilation`: the spacing between a window's taps.
   * @defaultValue 1
   */
  dilation?: IntOrInts;
  /**
   * PyTorch's `ceil_mode`: round the output size up, so that a last partial window is kept.
   * @defaultValue false
   */
  ceilMode?: boolean;
  /**
   * PyTorch's `return_indices`: return `[values, indices]` (int32 flat positions in each input plane, what
   * {@link maxUnpool2d} takes) instead of the values.
   * @defaultValue false
   */
  returnIndices?: boolean;
  /**
   * Not PyTorch's: where the channel axis lies (docs/layouts.md): channels-first as PyTorch (`'NCW'`, `'NCHW'`,
   * `'NCDHW'`) or channels-last (`'NWC'`, `'NHWC'`, `'NDHWC'`; unbatched without the N), PyTorch's
   * `memory_format=torch.channels_last`. Values and indices come in the same order; the indices keep their meaning,
   * flat positions in each input plane.
   * @defaultValue channels-first
   */
  dataFormat?: DataFormat1d | DataFormat2d | DataFormat3d;
}

/** max_pool's keywords, camelCase (the property tests' op table reads them too) */
export const MAX_POOL_KEYWORDS = ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'] as const;

/**
 * The signature of {@link maxPool1d}, {@link maxPool2d} and {@link maxPool3d}: the values, or `[values, indices]`
 * with `returnIndices: true`.
 * @group Options
 */
export interface MaxPoolFn {
  (input: TensorInput, kernelSize: IntOrInts, options?: MaxPoolOptions & {returnIndices?: false}): Tensor;
  (input: TensorInput, kernelSize: IntOrInts, options: MaxPoolOptions & {returnIndices: true}): [Tensor, Tensor];
  (input: TensorInput, kernelSize: IntOrInts, options?: MaxPoolOptions): Tensor | [Tensor, Tensor];
}

interface MaxArgs {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
  layout: MemoryLayout;
}

/**
 * PyTorch's Python argument parsing, in its order: every argument's type (in signature order: F.max_poolNd passes
 * them to torch.max_poolNd(_with_indices) by position), then unpacking each int list into int64s, right to left
 * (the generated binding's C++ argument evaluation order under GCC). return_indices is not an ATen argument:
 * boolean_dispatch reads its truth value (withIndices).
 */
function parseArgs(op: string, kernelSize: IntOrInts, options: MaxPoolOptions, nd: number): MaxArgs {
  const {ceilMode = false} = options;
  const padding = options.padding ?? 0;
  const dilation = options.dilation ?? 1;
  matchIntList(kernelSize, op, 'kernel_size', 2);
  matchIntList(options.stride, op, 'stride', 3);
  matchIntList(padding, op, 'padding', 4);
  matchIntList(dilation, op, 'dilation', 5);
  checkBool(ceilMode, op, 'ceil_mode', 6);
  const dilationList = unpackIntList(dilation, op, 'dilation');
  const paddingList = unpackIntList(padding, op, 'padding');
  const strideList = unpackIntList(options.stride, op, 'stride');
  return {
    kernel: unpackIntList(kernelSize, op, 'kernel_size'),
    stride: strideList,
    padding: paddingList,
    dilation: dilationList,
    ceilMode,
    layout: parseDataFormat(op, options.dataFormat, nd),
  };
}

/** One value per axis from a PyTorch int list of length 1 (broadcast) or nd; empty means `fallback`. */
function perAxis(list: number[], nd: number, fallback: number[]): number[] {
  if (list.length === 0) return fallback;
  return list.length === 1 ? new Array<number>(nd).fill(list[0]) : list;
}

/** Pool.h pooling_output_shape with its checks. */
function checkedOutputSize(size: number, k: number, pad: number, stride: number, dilation: number, ceil: boolean) {
  checkPoolingOutputShapeArgs(k, pad, stride, dilation);
  return maxPoolOutputSize(size, k, pad, stride, dilation, ceil);
}

/** DilatedMaxPool2d.cpp max_pool2d_with_indices meta + PoolingChecks.h pool2d_shape_check. */
function checkPool2d(shape: number[], a: MaxArgs): MaxWindowSpec {
  torchCheck(
    a.kernel.length === 1 || a.kernel.length === 2,
    () => 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints',
  );
  a.kernel.forEach(checkInt32); // c10's safe_downcast<int, int64_t>
  torchCheck(
    a.stride.length <= 2,
    () => 'max_pool2d: stride must either be omitted, a single int, or a tuple of two ints',
  );
  a.stride.forEach(checkInt32);
  torchCheck(
    a.padding.length === 1 || a.padding.length === 2,
    () => 'max_pool2d: padding must either be a single int, or a tuple of two ints',
  );
  a.padding.forEach(checkInt32);
  torchCheck(
    a.dilation.length === 1 || a.dilation.length === 2,
    () => 'max_pool2d: dilation must be either a single int, or a tuple of two ints',
  );
  a.dilation.forEach(checkInt32);
  const ndim = shape.length;
  torchCheck(ndim === 3 || ndim === 4, () => 'non-empty 3D or 4D (batch mode) tensor expected for input');
  const kernel = perAxis(a.kernel, 2, []);
  const stride = perAxis(a.stride, 2, kernel);
  const padding = perAxis(a.padding, 2, []);
  const dilation = perAxis(a.dilation, 2, []);
  const planes = shape[ndim - 3];
  const [inH, inW] = shape.slice(-2);
  const outH = checkedOutputSize(inH, kernel[0], padding[0], stride[0], dilation[0], a.ceilMode);
  const outW = checkedOutputSize(inW, kernel[1], padding[1], stride[1], dilation[1], a.ceilMode);

  torchCheck(
    kernel[0] > 0 && kernel[1] > 0,
    () => `kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`,
  );
  torchCheck(
    stride[0] > 0 && stride[1] > 0,
    () => `stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`,
  );
  torchCheck(
    dilation[0] > 0 && dilation[1] > 0,
    () => `dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`,
  );
  const validDims = shape[1] !== 0 && shape[2] !== 0;
  torchCheck(
    (ndim === 3 && shape[0] !== 0 && validDims) || (ndim === 4 && validDims && shape[3] !== 0),
    () =>
      'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:' + formatSizes(shape),
  );
  torchCheck(
    Math.trunc(kernel[1] / 2) >= padding[1] && Math.trunc(kernel[0] / 2) >= padding[0],
    () =>
      'pad should be smaller than or equal to half of kernel size, but got ' +
      `padW = ${padding[1]}, padH = ${padding[0]}, kW = ${kernel[1]}, kH = ${kernel[0]}`,
  );
  torchCheck(
    outW >= 1 && outH >= 1,
    () =>
      `Given input size: (${planes}x${inH}x${inW}). Calculated output size: ` +
      `(${planes}x${outH}x${outW}). Output size is too small`,
  );
  return {kind: 'max', kernelSize: kernel, stride, padding, dilation, ceilMode: a.ceilMode};
}

/** DilatedMaxPool3d.cpp max_pool3d_with_indices_out_cpu_template + PoolingChecks.h pool3d_shape_check. */
function checkPool3d(shape: number[], a: MaxArgs): MaxWindowSpec {
  const fn = 'max_pool3d_with_indices_out_cpu_template()';
  torchCheck(
    a.kernel.length === 1 || a.kernel.length === 3,
    () => 'max_pool3d: kernel_size must either be a single int, or a tuple of three ints',
  );
  a.kernel.forEach(checkInt32); // c10's safe_downcast<int, int64_t>
  torchCheck(
    a.stride.length === 0 || a.stride.length === 1 || a.stride.length === 3,
    () => 'max_pool3d: stride must either be omitted, a single int, or a tuple of three ints',
  );
  a.stride.forEach(checkInt32);
  torchCheck(
    a.padding.length === 1 || a.padding.length === 3,
    () => 'max_pool3d: padding must either be a single int, or a tuple of three ints',
  );
  a.padding.forEach(checkInt32);
  torchCheck(
    a.dilation.length === 1 || a.dilation.length === 3,
    () => 'max_pool3d: dilation must be either a single int, or a tuple of three ints',
  );
  a.dilation.forEach(checkInt32);
  const ndim = shape.length;
  torchCheck(ndim === 4 || ndim === 5, () => 'non-empty 4D or 5D (batch mode) tensor expected for input');
  const kernel = perAxis(a.kernel, 3, []);
  const stride = perAxis(a.stride, 3, kernel);
  const padding = perAxis(a.padding, 3, []);
  const dilation = perAxis(a.dilation, 3, []);
  const planes = shape[ndim - 4];
  const [inT, inH, inW] = shape.slice(-3);
  const out = [inT, inH, inW].map((size, d) =>
    checkedOutputSize(size, kernel[d], padding[d], stride[d], dilation[d], a.ceilMode),
  );

  torchCheck(
    kernel.every(k => k > 0),
    () => `kernel size should be greater than zero, but got kT: ${kernel[0]} kH: ${kernel[1]} kW: ${kernel[2]}`,
  );
  torchCheck(
    stride.every(s => s > 0),
    () => `stride should be greater than zero, but got dT: ${stride[0]} dH: ${stride[1]} dW: ${stride[2]}`,
  );
  torchCheck(
    dilation.every(d => d > 0),
    () =>
      'dilation should be greater than zero, but got ' +
      `dilationT: ${dilation[0]} dilationH: ${dilation[1]} dilationW: ${dilation[2]}`,
  );
  torchCheck(
    ndim === 4 || ndim === 5,
    () => `${fn}: Expected 4D or 5D tensor for input, but got: ${formatSizes(shape)}`,
  );
  for (let i = ndim === 5 ? 1 : 0; i < ndim; i++) {
    torchCheck(
      shape[i] > 0,
      () =>
        `${fn}: Expected input to have non-zero size for non-batch dimensions, but input has sizes ` +
        `${formatSizes(shape)} with dimension ${i} being empty`,
    );
  }
  torchCheck(
    padding.every((p, d) => Math.trunc(kernel[d] / 2) >= p),
    () =>
      'pad should be smaller than or equal to half of kernel size, but got ' +
      `kT: ${kernel[0]} kW: ${kernel[2]} kH: ${kernel[1]} padT: ${padding[0]} padW: ${padding[2]} ` +
      `padH: ${padding[1]}`,
  );
  torchCheck(
    out.every(o => o >= 1),
    () =>
      `Given input size: (${planes}x${inT}x${inH}x${inW}). Calculated output size: ` +
      `(${planes}x${out[0]}x${out[1]}x${out[2]}). Output size is too small`,
  );
  return {kind: 'max', kernelSize: kernel, stride, padding, dilation, ceilMode: a.ceilMode};
}

/** MaxPooling.h check_max_pool1d: the path of max_pool1d without indices (whose kernel takes floats only). */
function checkMaxPool1d(shape: number[], a: MaxArgs): MaxWindowSpec {
  const ndim = shape.length;
  torchCheck(
    (ndim === 2 && shape[0] !== 0 && shape[1] !== 0) || (ndim === 3 && shape[1] !== 0 && shape[2] !== 0),
    () =>
      'max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but ' +
      `got:${formatSizes(shape)}`,
  );
  const tail = (arg: string, what: string, n: number) =>
    `max_pool1d() ${arg} must be ${what} of size 1 but got size ${n}`;
  torchCheck(a.kernel.length === 1, () =>
    tail('kernel_size', 'an int, list of ints or tuple of ints', a.kernel.length),
  );
  torchCheck(a.stride.length <= 1, () =>
    tail('stride', 'None, an int, list of ints, or tuple of ints', a.stride.length),
  );
  torchCheck(a.padding.length === 1, () => tail('padding', 'an int, list of ints, or tuple of ints', a.padding.length));
  torchCheck(a.dilation.length === 1, () =>
    tail('dilation', 'an int, list of ints or tuple of ints', a.dilation.length),
  );
  const [k] = a.kernel;
  const [s] = a.stride.length ? a.stride : a.kernel;
  const [p] = a.padding;
  const [d] = a.dilation;
  torchCheck(k > 0, () => `max_pool1d() kernel_size must be greater than zero, but got ${pyIntText(k)}`);
  torchCheck(s > 0, () => `max_pool1d() stride must be greater than zero, but got ${pyIntText(s)}`);
  torchCheck(p >= 0, () => `max_pool1d() padding must be non-negative, but got ${pyIntText(p)}`);
  torchCheck(
    p <= Math.trunc(k / 2),
    () =>
      'max_pool1d() padding should be at most half of kernel size, but got ' +
      `padding=${pyIntText(p)} and kernel_size=${pyIntText(k)}`,
  );
  torchCheck(d > 0, () => `max_pool1d() dilation must be greater than zero, but got ${pyIntText(d)}`);
  checkPoolingOutputShapeArgs(k, p, s, d);
  const out = maxPoolOutputSizeInt64(shape[ndim - 1], k, p, s, d, a.ceilMode);
  torchCheck(out > 0, () => `max_pool1d() Invalid computed output size: ${out}`);
  return {kind: 'max', kernelSize: [k], stride: [s], padding: [p], dilation: [d], ceilMode: a.ceilMode};
}

/** Pooling.cpp max_pool1d_with_indices: rank and lengths, then the 2d path on input.unsqueeze(-2). */
function checkMaxPool1dWithIndices(shape: number[], a: MaxArgs): MaxWindowSpec {
  const stride = a.stride.length ? a.stride : a.kernel;
  torchCheck(
    shape.length >= 2 && shape.length <= 3,
    () =>
      `Expected 2 to 3 dimensions, but got ${shape.length}-dimensional tensor for argument #1 'self' ` +
      '(while checking arguments for max_pool1d)',
  );
  for (const [name, list] of [
    ['kernel_size', a.kernel],
    ['stride', stride],
    ['padding', a.padding],
    ['dilation', a.dilation],
  ] as const) {
    torchCheck(list.length === 1, () => `max_pool1d() argument '${name}' should contain one int (got ${list.length})`);
  }
  const shape2d = [...shape.slice(0, -1), 1, shape[shape.length - 1]];
  const spec = checkPool2d(shape2d, {
    kernel: [1, a.kernel[0]],
    stride: [1, stride[0]],
    padding: [0, a.padding[0]],
    dilation: [1, a.dilation[0]],
    ceilMode: a.ceilMode,
    layout: a.layout,
  });
  // The kernel pools trailing axes whatever their number: the unsqueezed axis of size 1 stays implicit.
  return spec.kind === 'max'
    ? {
        ...spec,
        kernelSize: [spec.kernelSize[1]],
        stride: [spec.stride[1]],
        padding: [spec.padding[1]],
        dilation: [spec.dilation[1]],
      }
    : spec;
}

/**
 * The allocation of the values (x's dtype) and the int64 indices, which PyTorch's meta functions make (at::empty)
 * before the kernel runs: an output too large for tfjs is PyTorch's allocation error, before any tensor exists.
 */
export function checkMaxOutputs(x: Tensor, outShape: number[]): void {
  checkEmptyAllocation(outShape, x.dtype);
  checkEmptyAllocation(outShape, 'int32');
}

/** The output shape, as stored in `layout`, of a pool over x's spatial axes. */
function outputShape(x: Tensor, spec: MaxWindowSpec, layout: MemoryLayout): number[] {
  const nd = maxSpatialRank(spec);
  const shape = logicalShape(x.shape, nd, layout);
  const lead = shape.slice(0, shape.length - nd);
  if (spec.kind !== 'max') return storedShape([...lead, ...spec.outputSize], nd, layout);
  const out = spec.kernelSize.map((k, d) =>
    maxPoolOutputSize(shape[lead.length + d], k, spec.padding[d], spec.stride[d], spec.dilation[d], spec.ceilMode),
  );
  return storedShape([...lead, ...out], nd, layout);
}

/**
 * How far a padding-only window's gradient may cross planes (geometry/stray_gradients.ts): what the transposing
 * fallback of a channels-last call needs to route it as PyTorch's channels-last backward does (data_format.ts).
 */
export function maxStrayReach(xShape: number[], spec: MaxWindowSpec, layout: MemoryLayout): number {
  if (layout === 'channelsFirst' || spec.kind !== 'max') return 0;
  return strayReach(planMax(logicalShape(xShape, spec.kernelSize.length, layout), spec));
}

/**
 * Runs TorchMaxPool: values and indices from one pass. The geometry's tables have an entry per output position
 * of each axis: an empty output (a batch of 0) may have an axis longer than any array, which gets no kernel.
 */
export function runMaxPool(x: Tensor, spec: MaxWindowSpec, layout: MemoryLayout = 'channelsFirst'): [Tensor, Tensor] {
  const shape = outputShape(x, spec, layout);
  if (shape.some(s => s > MAX_OUTPUT_ELEMENTS)) return [zeros(shape, x.dtype), zeros(shape, 'int32')];
  const attrs = layoutAttrs({spec}, layout);
  const reach = maxStrayReach(x.shape, spec, layout);
  return runInLayout(TorchMaxPool, {x}, attrs, maxSpatialRank(spec), reach) as [Tensor, Tensor];
}

/** Runs TorchMaxPoolValues: the values alone (no index work; the gradient recomputes the indices); empty as above. */
export function runMaxPoolValues(x: Tensor, spec: MaxWindowSpec, layout: MemoryLayout = 'channelsFirst'): Tensor {
  const shape = outputShape(x, spec, layout);
  if (shape.some(s => s > MAX_OUTPUT_ELEMENTS)) return zeros(shape, x.dtype);
  const attrs = layoutAttrs({spec}, layout);
  const reach = maxStrayReach(x.shape, spec, layout);
  return runInLayout(TorchMaxPoolValues, {x}, attrs, maxSpatialRank(spec), reach) as Tensor;
}

function result(
  x: Tensor,
  spec: MaxWindowSpec,
  returnIndices: boolean,
  layout: MemoryLayout,
): Tensor | [Tensor, Tensor] {
  checkMaxOutputs(x, outputShape(x, spec, layout));
  return returnIndices ? runMaxPool(x, spec, layout) : runMaxPoolValues(x, spec, layout);
}

/** torch.nn.functional.max_pool1d on (N, C, L) or (C, L). */
/**
 * F.max_poolNd is boolean_dispatch: the truth value of return_indices picks max_poolNd_with_indices or
 * _max_poolNd, which then rejects an unknown keyword under its own name.
 */
export function dispatchWithIndices(
  options: {returnIndices?: unknown} | null,
  ifTrue: string,
  ifFalse: string,
  keywords: readonly string[],
): boolean {
  const flag = options !== null && typeof options === 'object' && pyTruthy(options.returnIndices);
  rejectUnknownKeywords(flag ? ifTrue : ifFalse, options, keywords);
  return flag;
}

/**
 * `torch.nn.functional.max_pool1d`: the maximum of each window over the last 1 axes (NaN wins, as in PyTorch),
 * with PyTorch's padding (never chosen), dilation and `ceil_mode` rules, and optionally the indices `max_unpool`
 * takes.
 *
 * Input (N, C, L) or (C, L). Channels-first (NCHW), as PyTorch: the pooled axes are the last 1. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param kernelSize - the window: one int for every axis, or one per axis (PyTorch's `kernel_size`)
 * @param options - {@link MaxPoolOptions}: `stride` (default `kernelSize`), `padding` (0), `dilation` (1), `ceilMode`
 *   (false), `returnIndices` (false), `dataFormat` (channels-first)
 * @returns the pooled tensor; with `returnIndices: true`, `[values, indices]`, the indices int32 flat positions in
 *   each input plane (PyTorch's int64 indices)
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.tensor([1, 3, 2, 5, 4], [1, 1, 5]);
 * tt.maxPool1d(x, 2);  // [[[3, 5]]]
 * ```
 * @function
 * @group Ops
 */
export const maxPool1d = ((
  input: TensorInput,
  kernelSize: IntOrInts,
  options: MaxPoolOptions | null = {},
  ...extra: unknown[]
) => {
  const withIndices = dispatchWithIndices(options, 'max_pool1d_with_indices', '_max_pool1d', [
    ...MAX_POOL_KEYWORDS,
    ...LAYOUT_KEYWORDS,
  ]);
  rejectExtraArguments(withIndices ? 'max_pool1d_with_indices' : '_max_pool1d', extra, 2, 3);
  options ??= {}; // null: no options, as for the average pools
  return tidy(() => {
    const x = toTensor(input, withIndices ? 'max_pool1d_with_indices' : 'max_pool1d');
    const a = parseArgs(withIndices ? 'max_pool1d_with_indices' : 'max_pool1d', kernelSize, options, 1);
    const shape = logicalShape(x.shape, 1, a.layout);
    if (withIndices) {
      const spec = checkMaxPool1dWithIndices(shape, a);
      checkDispatch('max_pool2d', x.dtype, ['float32', 'int32']);
      return result(x, spec, true, a.layout);
    }
    const spec = checkMaxPool1d(shape, a);
    checkDispatch('max_pool1d_impl', x.dtype, ['float32']);
    return result(x, spec, false, a.layout);
  });
}) as MaxPoolFn;

/**
 * `torch.nn.functional.max_pool2d`: the maximum of each window over the last 2 axes (NaN wins, as in PyTorch),
 * with PyTorch's padding (never chosen), dilation and `ceil_mode` rules, and optionally the indices `max_unpool`
 * takes.
 *
 * Input (N, C, H, W) or (C, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 2. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param kernelSize - the window: one int for every axis, or one per axis (PyTorch's `kernel_size`)
 * @param options - {@link MaxPoolOptions}: `stride` (default `kernelSize`), `padding` (0), `dilation` (1), `ceilMode`
 *   (false), `returnIndices` (false), `dataFormat` (channels-first)
 * @returns the pooled tensor; with `returnIndices: true`, `[values, indices]`, the indices int32 flat positions in
 *   each input plane (PyTorch's int64 indices)
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.randomNormal([1, 64, 112, 112]);
 * const [y, indices] = tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: true});  // ResNet's stem
 * ```
 * @function
 * @group Ops
 */
export const maxPool2d = ((
  input: TensorInput,
  kernelSize: IntOrInts,
  options: MaxPoolOptions | null = {},
  ...extra: unknown[]
) => {
  const withIndices = dispatchWithIndices(options, 'max_pool2d_with_indices', '_max_pool2d', [
    ...MAX_POOL_KEYWORDS,
    ...LAYOUT_KEYWORDS,
  ]);
  rejectExtraArguments(withIndices ? 'max_pool2d_with_indices' : '_max_pool2d', extra, 2, 3);
  options ??= {};
  return tidy(() => {
    const x = toTensor(input, withIndices ? 'max_pool2d_with_indices' : 'max_pool2d');
    const a = parseArgs(withIndices ? 'max_pool2d_with_indices' : 'max_pool2d', kernelSize, options, 2);
    const spec = checkPool2d(logicalShape(x.shape, 2, a.layout), a);
    checkDispatch('max_pool2d', x.dtype, ['float32', 'int32']);
    return result(x, spec, withIndices, a.layout);
  });
}) as MaxPoolFn;

/**
 * `torch.nn.functional.max_pool3d`: the maximum of each window over the last 3 axes (NaN wins, as in PyTorch),
 * with PyTorch's padding (never chosen), dilation and `ceil_mode` rules, and optionally the indices `max_unpool`
 * takes.
 *
 * Input (N, C, D, H, W) or (C, D, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 3. A
 * channels-last (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes
 * (`[1, 224, 224, 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param kernelSize - the window: one int for every axis, or one per axis (PyTorch's `kernel_size`)
 * @param options - {@link MaxPoolOptions}: `stride` (default `kernelSize`), `padding` (0), `dilation` (1), `ceilMode`
 *   (false), `returnIndices` (false), `dataFormat` (channels-first)
 * @returns the pooled tensor; with `returnIndices: true`, `[values, indices]`, the indices int32 flat positions in
 *   each input plane (PyTorch's int64 indices)
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.ones([1, 2, 4, 4, 4]);
 * tt.maxPool3d(x, 2, {ceilMode: true});  // shape [1, 2, 2, 2, 2]
 * ```
 * @function
 * @group Ops
 */
export const maxPool3d = ((
  input: TensorInput,
  kernelSize: IntOrInts,
  options: MaxPoolOptions | null = {},
  ...extra: unknown[]
) => {
  const withIndices = dispatchWithIndices(options, 'max_pool3d_with_indices', '_max_pool3d', [
    ...MAX_POOL_KEYWORDS,
    ...LAYOUT_KEYWORDS,
  ]);
  rejectExtraArguments(withIndices ? 'max_pool3d_with_indices' : '_max_pool3d', extra, 2, 3);
  options ??= {};
  return tidy(() => {
    const x = toTensor(input, withIndices ? 'max_pool3d_with_indices' : 'max_pool3d');
    const a = parseArgs(withIndices ? 'max_pool3d_with_indices' : 'max_pool3d', kernelSize, options, 3);
    const spec = checkPool3d(logicalShape(x.shape, 3, a.layout), a);
    checkDispatch('max_pool3d', x.dtype, ['float32', 'int32']);
    return result(x, spec, withIndices, a.layout);
  });
}) as MaxPoolFn;
