/**
 * avg_pool1d / avg_pool2d / avg_pool3d: PyTorch's argument checks in PyTorch's order and words
 * (AveragePool2d.cpp and AveragePool3d.cpp meta functions, Pool.h shape checks, Pooling.cpp for 1d), then one
 * TorchAvgPool kernel call. 1d is 2d on `input.unsqueeze(-2)`, exactly as PyTorch runs it, so its late errors
 * name avg_pool2d and print the unsqueezed shape, as PyTorch's do.
 */
import {Tensor, tidy} from '@tensorflow/tfjs-core';
import {MemoryLayout, PoolSpec, logicalShape, poolOutputSize} from '../geometry';
import {
  DataFormat1d,
  DataFormat2d,
  DataFormat3d,
  LAYOUT_KEYWORDS,
  layoutAttrs,
  parseDataFormat,
  runInLayout,
} from './data_format';
import {checkPoolingOutputShapeArgs} from './pooling_shape_checks';
import {TorchAvgPool} from '../kernel_names';
import {
  IntOrInts,
  checkBool,
  checkInt,
  checkInt32,
  matchIntList,
  pyTypeName,
  unpackInt64,
  unpackIntList,
} from './int_args';
import {TensorInput, toTensor} from './input';
import {rejectExtraArguments, rejectUnknownKeywords} from './keyword_args';
import {checkDispatch, formatSizes, torchCheck, wrapDim} from './torch_errors';

/**
 * The keyword arguments of `F.avg_pool1d`, camelCase ({@link avgPool1d}); any other key is PyTorch's TypeError.
 * @group Options
 */
export interface AvgPool1dOptions {
  /**
   * PyTorch's `stride`: one int for every axis, or one per axis.
   * @defaultValue `kernelSize` (`null` or `[]` mean the same)
   */
  stride?: IntOrInts | null;
  /**
   * PyTorch's `padding`: implicit zeros on both sides of each axis, at most half the window.
   * @defaultValue 0
   */
  padding?: IntOrInts;
  /**
   * PyTorch's `ceil_mode`: round the output size up, so that a last partial window (starting inside the input or the
   * left padding) is kept.
   * @defaultValue false
   */
  ceilMode?: boolean;
  /**
   * PyTorch's `count_include_pad`: divide by the window's size including the zero padding (true, PyTorch's default)
   * or by the number of input elements it covers (false). Note the default: tfjs's `tf.avgPool` never counts padding.
   * @defaultValue true
   */
  countIncludePad?: boolean;
  /**
   * Not PyTorch's: where the channel axis lies (docs/layouts.md). `'NCW'`: `(N, C, L)` as PyTorch; `'NWC'`: `(N, L,
   * C)` (unbatched `(L, C)`), the output in the same order. Shapes in error messages are the logical `(N, C, L)`.
   * @defaultValue 'NCW'
   */
  dataFormat?: DataFormat1d;
}

/**
 * The keyword arguments of `F.avg_pool2d` and `F.avg_pool3d`, camelCase ({@link avgPool2d}, {@link avgPool3d}).
 * @group Options
 */
export interface AvgPoolOptions extends Omit<AvgPool1dOptions, 'dataFormat'> {
  /**
   * Not PyTorch's: where the channel axis lies (docs/layouts.md). 2d: `'NCHW'` as PyTorch, or `'NHWC'` (unbatched
   * `(H, W, C)`), PyTorch's `memory_format=torch.channels_last`; 3d: `'NCDHW'` or `'NDHWC'`. The output is in the
   * same order; shapes in error messages are the logical channels-first ones, as PyTorch prints them.
   * @defaultValue 'NCHW' (2d), 'NCDHW' (3d)
   */
  dataFormat?: DataFormat2d | DataFormat3d;
  /**
   * PyTorch's `divisor_override`: divide every window's sum by this non-zero integer instead.
   * @defaultValue none (`null`): the window size as `countIncludePad` says
   */
  divisorOverride?: number | null;
}

/** The options each op takes (PyTorch's keyword arguments, camelCase); any other key is PyTorch's TypeError. */
export const AVG_POOL1D_KEYWORDS = ['stride', 'padding', 'ceilMode', 'countIncludePad'] as const;
export const AVG_POOL_KEYWORDS = [...AVG_POOL1D_KEYWORDS, 'divisorOverride'] as const;

interface PoolArgs {
  kernel: number[];
  stride: number[];
  padding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
  layout: MemoryLayout;
}

/**
 * Options objects that stand for arguments passed by position (lp_pool's `avg_poolNd(x.pow(p), kernel_size, stride,
 * 0, ceil_mode)`): PyTorch's TypeErrors then name each argument's position.
 */
export const POSITIONAL_OPTIONS = new WeakSet<object>();

/**
 * PyTorch's Python argument parsing, in its order: every argument's type (in signature order), then unknown keyword
 * arguments, then unpacking each int into an int64.
 */
function parseArgs(
  op: string,
  kernelSize: IntOrInts,
  options: AvgPoolOptions | AvgPool1dOptions | null | undefined,
  keywords: readonly string[],
  nd: number,
): PoolArgs {
  const o = (options !== null && typeof options === 'object' ? options : {}) as AvgPoolOptions;
  const {ceilMode = false, countIncludePad = true} = o;
  const divisorOverride = keywords.includes('divisorOverride') ? (o.divisorOverride ?? null) : null;
  const padding = o.padding ?? 0;
  const positional = POSITIONAL_OPTIONS.has(o);
  matchIntList(kernelSize, op, 'kernel_size', 2);
  matchIntList(o.stride, op, 'stride', positional ? 3 : undefined);
  matchIntList(padding, op, 'padding', positional ? 4 : undefined);
  checkBool(ceilMode, op, 'ceil_mode', positional ? 5 : undefined);
  checkBool(countIncludePad, op, 'count_include_pad');
  if (divisorOverride !== null) {
    checkInt(
      divisorOverride,
      () => `${op}(): argument 'divisor_override' must be int, not ${pyTypeName(divisorOverride)}`,
    );
  }
  rejectUnknownKeywords(op, options, [...keywords, ...LAYOUT_KEYWORDS]);
  // PyTorch's generated binding unpacks its arguments right to left (C++ argument evaluation order under GCC).
  unpackInt64(divisorOverride, op, 'divisor_override');
  const paddingList = unpackIntList(padding, op, 'padding');
  const strideList = unpackIntList(o.stride, op, 'stride');
  const layout = parseDataFormat(op, o.dataFormat, nd);
  return {
    kernel: unpackIntList(kernelSize, op, 'kernel_size'),
    stride: strideList,
    padding: paddingList,
    ceilMode,
    countIncludePad,
    divisorOverride,
    layout,
  };
}

/**
 * Not PyTorch's (which takes any int64 divisor): the GPU kernels hold divisor_override in a 32-bit integer, so a
 * larger one is refused with the words PyTorch uses for its int arguments (README, Limits).
 */
function checkDivisorRange(divisor: number): void {
  checkInt32(divisor);
}

/** Pool.h pooling_output_shape with its checks (dilation is always 1 for average pooling). */
function checkedOutputSize(size: number, kernel: number, pad: number, stride: number, ceilMode: boolean): number {
  checkPoolingOutputShapeArgs(kernel, pad, stride, 1);
  return poolOutputSize(size, kernel, pad, stride, ceilMode);
}

/** One value per axis from a PyTorch int list of length 1 (broadcast) or nd; empty means `fallback`. */
function perAxis(list: number[], nd: number, fallback: number[]): number[] {
  if (list.length === 0) return fallback;
  return list.length === 1 ? new Array<number>(nd).fill(list[0]) : list;
}

/** AveragePool2d.cpp avg_pool2d meta + Pool.h pool2d_shape_check. */
function checkPool2d(shape: number[], a: PoolArgs): PoolSpec {
  torchCheck(
    a.kernel.length === 1 || a.kernel.length === 2,
    () => 'avg_pool2d: kernel_size must either be a single int, or a tuple of two ints',
  );
  a.kernel.forEach(checkInt32);
  torchCheck(
    a.stride.length <= 2,
    () => 'avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints',
  );
  a.stride.forEach(checkInt32);
  torchCheck(
    a.padding.length === 1 || a.padding.length === 2,
    () => 'avg_pool2d: padding must either be a single int, or a tuple of two ints',
  );
  a.padding.forEach(checkInt32);
  torchCheck(a.divisorOverride !== 0, () => 'divisor must be not zero');
  if (a.divisorOverride !== null) checkDivisorRange(a.divisorOverride);
  const ndim = shape.length;
  const planes = shape[wrapDim(-3, ndim, false)];
  const [inH, inW] = shape.slice(-2);
  const kernel = perAxis(a.kernel, 2, []);
  const stride = perAxis(a.stride, 2, kernel);
  const padding = perAxis(a.padding, 2, []);
  const outH = checkedOutputSize(inH, kernel[0], padding[0], stride[0], a.ceilMode);
  const outW = checkedOutputSize(inW, kernel[1], padding[1], stride[1], a.ceilMode);

  torchCheck(
    kernel[0] > 0 && kernel[1] > 0,
    () => `kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`,
  );
  torchCheck(
    stride[0] > 0 && stride[1] > 0,
    () => `stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`,
  );
  const validDims = shape[1] !== 0 && shape[2] !== 0;
  torchCheck(
    (ndim === 3 && shape[0] !== 0 && validDims) || (ndim === 4 && validDims && shape[3] !== 0),
    () =>
      'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:' + formatSizes(shape),
  );
  torchCheck(
    outW >= 1 && outH >= 1,
    () =>
      `Given input size: (${planes}x${inH}x${inW}). Calculated output size: ` +
      `(${planes}x${outH}x${outW}). Output size is too small`,
  );
  return poolSpec(kernel, stride, padding, a);
}

/** AveragePool3d.cpp avg_pool3d meta + Pool.h pool3d_shape_check (with check_input_size). */
function checkPool3d(shape: number[], a: PoolArgs): PoolSpec {
  torchCheck(
    a.kernel.length === 1 || a.kernel.length === 3,
    () => 'avg_pool3d: kernel_size must be a single int, or a tuple of three ints',
  );
  a.kernel.forEach(checkInt32);
  torchCheck(
    a.stride.length === 0 || a.stride.length === 1 || a.stride.length === 3,
    () => 'avg_pool3d: stride must be omitted, a single int, or a tuple of three ints',
  );
  a.stride.forEach(checkInt32);
  torchCheck(
    a.padding.length === 1 || a.padding.length === 3,
    () => 'avg_pool3d: padding must be a single int, or a tuple of three ints',
  );
  a.padding.forEach(checkInt32);
  const ndim = shape.length;
  torchCheck(ndim === 4 || ndim === 5, () => 'non-empty 4D or 5D (batch mode) tensor expected for input');
  torchCheck(a.divisorOverride !== 0, () => 'divisor must be not zero');
  if (a.divisorOverride !== null) checkDivisorRange(a.divisorOverride);
  const planes = shape[ndim - 4];
  const [inT, inH, inW] = shape.slice(-3);
  const kernel = perAxis(a.kernel, 3, []);
  const stride = perAxis(a.stride, 3, kernel);
  const padding = perAxis(a.padding, 3, []);
  const out = [inT, inH, inW].map((size, d) => checkedOutputSize(size, kernel[d], padding[d], stride[d], a.ceilMode));

  torchCheck(
    kernel.every(k => k > 0),
    () => `kernel size should be greater than zero, but got kT: ${kernel[0]} kH: ${kernel[1]} kW: ${kernel[2]}`,
  );
  torchCheck(
    stride.every(s => s > 0),
    () => `stride should be greater than zero, but got dT: ${stride[0]} dH: ${stride[1]} dW: ${stride[2]}`,
  );
  shape.forEach((size, i) => {
    if (ndim === 5 && i === 0) return;
    torchCheck(
      size > 0,
      () =>
        'avg_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has ' +
        `sizes ${formatSizes(shape)} with dimension ${i} being empty`,
    );
  });
  torchCheck(
    inT >= kernel[0] && inH >= kernel[1] && inW >= kernel[2],
    () =>
      `input image (T: ${inT} H: ${inH} W: ${inW}) smaller than kernel size ` +
      `(kT: ${kernel[0]} kH: ${kernel[1]} kW: ${kernel[2]})`,
  );
  torchCheck(
    out.every(o => o >= 1),
    () =>
      `Given input size: (${planes}x${inT}x${inH}x${inW}). Calculated output size: ` +
      `(${planes}x${out[0]}x${out[1]}x${out[2]}). Output size is too small`,
  );
  return poolSpec(kernel, stride, padding, a);
}

function poolSpec(kernelSize: number[], stride: number[], padding: number[], a: PoolArgs): PoolSpec {
  return {
    kind: 'pool',
    kernelSize,
    stride,
    padding,
    ceilMode: a.ceilMode,
    countIncludePad: a.countIncludePad,
    divisorOverride: a.divisorOverride,
  };
}

/** The TorchAvgPool kernel on x stored in `layout` (natively, or transposed around: data_format.ts). */
function runPool(x: Tensor, spec: PoolSpec, layout: MemoryLayout): Tensor {
  return runInLayout(TorchAvgPool, {x}, layoutAttrs({spec}, layout), spec.kernelSize.length) as Tensor;
}

/**
 * `torch.nn.functional.avg_pool1d`: the average of each window over the last 1 axes, with PyTorch's output
 * size, padding, `ceil_mode` and divisor rules (bit for bit on cpu), its argument checks and its errors.
 *
 * Input (N, C, L) or (C, L). Channels-first (NCHW), as PyTorch: the pooled axes are the last 1. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param kernelSize - the window: one int for every axis, or one per axis (PyTorch's `kernel_size`)
 * @param options - PyTorch's keyword arguments, camelCase: {@link AvgPool1dOptions} (`stride` defaults to
 *   `kernelSize`,
 *   `padding` to 0, `ceilMode` to false, `countIncludePad` to **true**)
 * @returns the pooled tensor, of the input's dtype
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.tensor([1, 2, 3, 4, 5], [1, 1, 5]);
 * tt.avgPool1d(x, 3, {stride: 2, padding: 1});  // [[[1, 3, 3]]]: the zero padding counts
 * ```
 * @group Ops
 */
export function avgPool1d(input: TensorInput, kernelSize: IntOrInts, options?: AvgPool1dOptions): Tensor;
export function avgPool1d(
  input: TensorInput,
  kernelSize: IntOrInts,
  options: AvgPool1dOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('avg_pool1d', extra, 2, 3);
  return tidy(() => {
    const x = toTensor(input, 'avg_pool1d');
    const a = parseArgs('avg_pool1d', kernelSize, options, AVG_POOL1D_KEYWORDS, 1);
    const shape = logicalShape(x.shape, 1, a.layout);
    if (a.stride.length === 0) a.stride = a.kernel;
    torchCheck(
      x.rank >= 2 && x.rank <= 3,
      () =>
        `Expected 2 to 3 dimensions, but got ${x.rank}-dimensional tensor for argument #1 'self' ` +
        '(while checking arguments for avg_pool1d)',
    );
    for (const [name, list] of [
      ['kernel_size', a.kernel],
      ['stride', a.stride],
      ['padding', a.padding],
    ] as const) {
      torchCheck(
        list.length === 1,
        () => `avg_pool1d() argument '${name}' should contain one int (got ${list.length})`,
      );
    }
    const shape2d = [...shape.slice(0, -1), 1, shape[shape.length - 1]];
    const spec = checkPool2d(shape2d, {
      ...a,
      kernel: [1, a.kernel[0]],
      stride: [1, a.stride[0]],
      padding: [0, a.padding[0]],
    });
    checkDispatch('avg_pool2d', x.dtype, ['float32', 'int32']);
    // The kernel pools trailing axes whatever their number, so the unsqueezed H axis of size 1 can stay implicit.
    // (N, W, C) is the unsqueezed (N, 1, W, C) with the H axis implicit as well.
    return runPool(
      x,
      {
        ...spec,
        kernelSize: spec.kernelSize.slice(1),
        stride: spec.stride.slice(1),
        padding: spec.padding.slice(1),
      },
      a.layout,
    );
  });
}

/**
 * `torch.nn.functional.avg_pool2d`: the average of each window over the last 2 axes, with PyTorch's output
 * size, padding, `ceil_mode` and divisor rules (bit for bit on cpu), its argument checks and its errors.
 *
 * Input (N, C, H, W) or (C, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 2. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param kernelSize - the window: one int for every axis, or one per axis (PyTorch's `kernel_size`)
 * @param options - PyTorch's keyword arguments, camelCase: {@link AvgPoolOptions} (`stride` defaults to `kernelSize`,
 *   `padding` to 0, `ceilMode` to false, `countIncludePad` to **true**, `divisorOverride` to none)
 * @returns the pooled tensor, of the input's dtype
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.reshape(tf.range(1, 17), [1, 1, 4, 4]);
 * tt.avgPool2d(x, 3, {stride: 2, padding: 1, ceilMode: true});  // shape [1, 1, 2, 2]
 * ```
 * @group Ops
 */
export function avgPool2d(input: TensorInput, kernelSize: IntOrInts, options?: AvgPoolOptions): Tensor;
export function avgPool2d(
  input: TensorInput,
  kernelSize: IntOrInts,
  options: AvgPoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('avg_pool2d', extra, 2, 3);
  return tidy(() => {
    const x = toTensor(input, 'avg_pool2d');
    const a = parseArgs('avg_pool2d', kernelSize, options, AVG_POOL_KEYWORDS, 2);
    const spec = checkPool2d(logicalShape(x.shape, 2, a.layout), a);
    checkDispatch('avg_pool2d', x.dtype, ['float32', 'int32']);
    return runPool(x, spec, a.layout);
  });
}

/**
 * `torch.nn.functional.avg_pool3d`: the average of each window over the last 3 axes, with PyTorch's output
 * size, padding, `ceil_mode` and divisor rules (bit for bit on cpu), its argument checks and its errors.
 *
 * Input (N, C, D, H, W) or (C, D, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 3. A
 * channels-last (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes
 * (`[1, 224, 224, 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32 or int32
 * @param kernelSize - the window: one int for every axis, or one per axis (PyTorch's `kernel_size`)
 * @param options - PyTorch's keyword arguments, camelCase: {@link AvgPoolOptions} (`stride` defaults to `kernelSize`,
 *   `padding` to 0, `ceilMode` to false, `countIncludePad` to **true**, `divisorOverride` to none)
 * @returns the pooled tensor, of the input's dtype
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.ones([1, 2, 4, 4, 4]);
 * tt.avgPool3d(x, 2);  // shape [1, 2, 2, 2, 2]
 * ```
 * @group Ops
 */
export function avgPool3d(input: TensorInput, kernelSize: IntOrInts, options?: AvgPoolOptions): Tensor;
export function avgPool3d(
  input: TensorInput,
  kernelSize: IntOrInts,
  options: AvgPoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('avg_pool3d', extra, 2, 3);
  return tidy(() => {
    const x = toTensor(input, 'avg_pool3d');
    const a = parseArgs('avg_pool3d', kernelSize, options, AVG_POOL_KEYWORDS, 3);
    const spec = checkPool3d(logicalShape(x.shape, 3, a.layout), a);
    checkDispatch('avg_pool3d_out_frame', x.dtype, ['float32', 'int32']);
    return runPool(x, spec, a.layout);
  });
}
