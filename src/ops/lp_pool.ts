/**
 * lp_pool1d / 2d / 3d: PyTorch's formula from torch/nn/functional.py, op for op (docs/max-pooling.md §6):
 *
 *   p == 0     → ValueError;   p == ±inf → ±max_poolNd(±|x|, k, stride, 0, 1, ceil_mode)
 *   out = avg_poolNd(x.pow(p), k, stride, 0, ceil_mode)    (no padding: a partial ceil-mode window is scaled by K/n)
 *   y   = (sign(out) * relu(|out|)).mul(prod(k)).pow(1/p)
 *
 * It composes this package's avg/max pools with tfjs element-wise ops; `pow` follows ATen's special exponents (x*x,
 * x*x*x, sqrt, 1/sqrt, 1/x, 1/(x*x), a copy for 1). The element-wise steps carry autograd's own gradients
 * (pow_backward, the sign·relu step with threshold_backward's `where`, sgn for |x|): a zero pool output then has a
 * zero gradient, where tfjs's relu gradient (a product with a step) would give 0·inf = NaN, and |x| has gradient 0
 * at 0, where tfjs's gives -1. Double backward is not provided.
 */
import {
  GradSaveFunc,
  Tensor,
  abs,
  add,
  cast,
  customGrad,
  div,
  equal,
  fill,
  greater,
  isNaN,
  less,
  lessEqual,
  maximum,
  mul,
  neg,
  onesLike,
  pow,
  relu,
  scalar,
  sign,
  sqrt,
  reshape,
  sub,
  tidy,
  where,
} from '@tensorflow/tfjs-core';
import {AvgPoolOptions, POSITIONAL_OPTIONS, avgPool1d, avgPool2d, avgPool3d} from './avg_pool';
import {DataFormat1d, DataFormat2d, DataFormat3d, LAYOUT_KEYWORDS, parseDataFormat} from './data_format';
import {IntOrInts, pyTypeName} from './int_args';
import {TensorInput, toTensor} from './input';
import {rejectExtraArguments, rejectUnknownKeywords} from './keyword_args';
import {MaxPoolOptions, maxPool1d, maxPool2d, maxPool3d} from './max_pool';
import {TorchError, checkDispatch} from './torch_errors';

/**
 * The keyword arguments of `F.lp_pool1d/2d/3d`, camelCase ({@link lpPool2d}).
 * @group Options
 */
export interface LpPoolOptions {
  /**
   * PyTorch's `stride`.
   * @defaultValue `kernelSize`
   */
  stride?: IntOrInts | null;
  /**
   * PyTorch's `ceil_mode`: round the output size up, so that a last partial window is kept.
   * @defaultValue false
   */
  ceilMode?: boolean;
  /**
   * Not PyTorch's: where the channel axis lies (docs/layouts.md): channels-first as PyTorch (`'NCW'`, `'NCHW'`,
   * `'NCDHW'`) or channels-last (`'NWC'`, `'NHWC'`, `'NDHWC'`), the output in the same order. The element-wise
   * steps do not care; the pool inside runs in this layout.
   * @defaultValue channels-first
   */
  dataFormat?: DataFormat1d | DataFormat2d | DataFormat3d;
}

/** lp_pool's keywords, camelCase (the property tests' op table reads them too) */
export const LP_POOL_KEYWORDS = ['stride', 'ceilMode'] as const;

/** x.pow(e) as ATen computes it for a float32 tensor and a scalar exponent (pow_tensor_scalar_optimized_kernel). */
function powValue(x: Tensor, e: number): Tensor {
  if (e === 0) return onesLike(x);
  if (e === 1) return x.clone();
  if (e === 0.5) return sqrt(x);
  if (e === 2) return mul(x, x);
  if (e === 3) return mul(mul(x, x), x);
  if (e === -0.5) return div(1, sqrt(x));
  if (e === -1) return div(1, x);
  if (e === -2) return div(1, mul(x, x));
  return powGeneral(x, e);
}

/**
 * x^e for int32 x and an integer e ≥ 1 by squaring, in exact int32 products: tfjs-webgpu's Pow computes int32
 * through float exp2/log2 and truncates (4^2 → 15).
 */
function intPow(x: Tensor, e: number): Tensor {
  let result: Tensor | null = null;
  let base = x;
  for (let k = e; k >= 1; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = result === null ? base : mul(result, base);
    if (k > 1) base = mul(base, base);
  }
  return result!;
}

/**
 * where(cond, a, b) on flattened tensors: webgl's Select takes rank ≤ 4, and 3d pools' tensors have rank 5.
 * `a` and `b` are tensors of cond's shape or scalars.
 */
function select(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const flat = (t: Tensor | number) => (typeof t === 'number' ? fill([cond.size], t) : reshape(t, [cond.size]));
  return reshape(where(reshape(cond, [cond.size]), flat(a), flat(b)), cond.shape);
}

/**
 * x^e for an exponent without a special case. tf.pow follows C's pow on cpu and wasm (as PyTorch does), but GPU
 * shaders' pow is undefined for NaN, infinite and zero bases; those take C's values here, on every backend:
 * NaN → NaN; +inf → e > 0 ? inf : 0; -inf → e > 0 ? (odd integer e ? -inf : inf) : (odd ? -0 : 0);
 * ±0 → e > 0 ? 0 : inf.
 */
function powGeneral(x: Tensor, e: number): Tensor {
  // C: pow(1, NaN) = 1, every other base NaN (JavaScript's Math.pow, which tfjs-cpu runs, gives NaN for 1 too)
  if (Number.isNaN(e)) return select(equal(x, 1), 1, NaN);
  const odd = Number.isInteger(e) && Math.abs(e) % 2 === 1;
  let r = pow(x, scalar(e));
  // ±0: an odd integer exponent keeps the sign (0^3 = x, 0^-3 = 1/x = ±inf)
  r = select(equal(x, 0), odd ? (e > 0 ? x : div(1, x)) : e > 0 ? 0 : Infinity, r);
  r = select(equal(x, Infinity), e > 0 ? Infinity : 0, r);
  r = select(equal(x, -Infinity), e > 0 ? (odd ? -Infinity : Infinity) : odd ? -0 : 0, r);
  return select(isNaN(x), NaN, r);
}

type AvgFn = (input: TensorInput, kernelSize: IntOrInts, options?: AvgPoolOptions) => Tensor;
type MaxFn = typeof maxPool2d;

function lpPool(
  fn: string,
  nd: 1 | 2 | 3,
  avg: AvgFn,
  max: MaxFn,
  input: TensorInput,
  normType: number,
  kernelSize: IntOrInts,
  options: LpPoolOptions | null,
): Tensor {
  rejectUnknownKeywords(fn, options, [...LP_POOL_KEYWORDS, ...LAYOUT_KEYWORDS]);
  options ??= {}; // null: no options, as for the average pools
  parseDataFormat(fn, options.dataFormat, nd);
  const {dataFormat} = options;
  const layoutOption = dataFormat === undefined ? {} : {dataFormat};
  return tidy(() => {
    const x = toTensor(input, fn);
    const {stride = null, ceilMode = false} = options;
    // lp_pool2d/3d unpack the kernel first (`kw, kh = _pair(kernel_size)`); 1d multiplies by it as given.
    let area: number | null;
    if (nd === 1) {
      area = typeof kernelSize === 'number' ? kernelSize : null;
    } else {
      // _pair / _triple repeat anything but a sequence (None too: the average pool then refuses it)
      const ks = Array.isArray(kernelSize) ? [...kernelSize] : new Array<number>(nd).fill(kernelSize as number);
      if (ks.length !== nd) {
        throw new TorchError(
          'ValueError',
          ks.length > nd
            ? `too many values to unpack (expected ${nd})`
            : `not enough values to unpack (expected ${nd}, got ${ks.length})`,
        );
      }
      area = ks.reduce((a, b) => a * b, 1);
    }
    // a bool is Python's int 0 or 1; anything else not a number reaches input.pow(norm_type), which refuses it
    if (typeof normType === 'boolean') {
      if (!normType) throw new TorchError('ValueError', 'norm_type must be a non-zero value, but got False');
      normType = 1;
    }
    if (typeof normType !== 'number') {
      const t = powArgType(normType);
      throw new TorchError(
        'TypeError',
        `pow() received an invalid combination of arguments - got (${pyTypeName(normType)}), ` +
          `but expected one of:\n * (Tensor exponent)\n      didn't match because some of the arguments have invalid ` +
          `types: (!${t}!)\n * (Number exponent)\n      didn't match because some of the arguments have invalid types: ` +
          `(!${t}!)\n`,
      );
    }
    if (normType === 0) throw new TorchError('ValueError', `norm_type must be a non-zero value, but got ${normType}`);
    // complex x.pow(p) is complex, which the average pool refuses (strings have no PyTorch counterpart: the same);
    // tfjs's element-wise ops would throw their own errors first
    if (x.dtype === 'complex64' || x.dtype === 'string') {
      checkDispatch(nd === 3 ? 'avg_pool3d_out_frame' : 'avg_pool2d', x.dtype, ['float32', 'int32']);
    }
    // F.max_poolNd passes its arguments to ATen by position; avg_poolNd gets them by position when a stride is
    // given, as keywords otherwise
    const pool = (v: Tensor) => {
      if (normType === Infinity || normType === -Infinity) {
        return max(v, kernelSize, {
          stride,
          padding: 0,
          dilation: 1,
          ceilMode,
          ...layoutOption,
        } as MaxPoolOptions & {returnIndices?: false});
      }
      const o = {stride, padding: 0, ceilMode, ...layoutOption} as AvgPoolOptions;
      if (stride !== null) POSITIONAL_OPTIONS.add(o);
      return avg(v, kernelSize, o);
    };
    if (x.dtype === 'bool') {
      // bool has no abs in ATen; its powers are int64's (an int exponent) or float's
      if (normType === Infinity || normType === -Infinity) checkDispatch('abs_cpu', x.dtype, ['float32', 'int32']);
      return lpPool(fn, nd, avg, max, cast(x, 'int32'), normType, kernelSize, options);
    }
    if (normType === Infinity || normType === -Infinity) {
      const out = normType === Infinity ? pool(torchAbs(x)) : torchNeg(pool(torchNeg(torchAbs(x))));
      if (x.dtype === 'int32') checkInt32Powers(fn, x, 1, 1);
      return out;
    }
    if (x.dtype === 'int32' && Number.isInteger(normType)) {
      // int64.pow(int) stays integer; the average truncates; .pow(1/p) then promotes to float
      if (normType < 0) throw new TorchError('RuntimeError', 'Integers to negative integer powers are not allowed.');
      const out = pool(intPow(x, normType));
      const k = kernelArea(area, kernelSize);
      const scaled = mul(mul(sign(out), relu(abs(out))), scalar(k, 'int32'));
      checkInt32Powers(fn, x, normType, k);
      return powValue(cast(scaled, 'float32'), 1 / normType);
    }
    const out = pool(torchPow(x.dtype === 'int32' ? cast(x, 'float32') : x, normType));
    return finish(out, kernelArea(area, kernelSize), normType);
  });
}

/**
 * torch.sign on floats: (0 < x) - (x < 0), so NaN gives 0 (TensorFlow's Sign, which tfjs-node runs, gives NaN).
 * int32 keeps tfjs's sign, which agrees.
 */
function torchSign(x: Tensor): Tensor {
  if (x.dtype !== 'float32') return sign(x);
  return sub(cast(greater(x, 0), 'float32'), cast(less(x, 0), 'float32'));
}

/** How PyTorch's argument parser describes a value in its "invalid types" line: a sequence with its elements'. */
function powArgType(v: unknown): string {
  if (!Array.isArray(v)) return pyTypeName(v);
  return `tuple of (${v.map(pyTypeName).join(', ')}${v.length === 1 ? ',' : ''})`;
}

/** lp_pool1d multiplies by kernel_size as given: a tuple fails there, after the average pool. */
/**
 * int32 plays int64, but an int32 lp pool's powers, window sums and product by the kernel size are int32 here
 * (tfjs has no int64): a call where they could leave int32's range is refused instead of wrapping silently
 * (README, Limits). The bound is kernel size × max |x|^p (a window's sum of p-th powers, and its truncated average
 * times the kernel size, never exceed it); p = 1 and k = 1 for ±inf norms, whose |x| alone overflows at -2^31.
 * Checked after the pool, so that PyTorch's own argument errors come first.
 */
function checkInt32Powers(fn: string, x: Tensor, p: number, k: number): void {
  let m = 0;
  for (const v of x.dataSync()) m = Math.max(m, Math.abs(v));
  const bound = k * m ** p;
  if (bound > 2147483647) {
    throw new TorchError(
      'RuntimeError',
      `${fn}(): int32 input (PyTorch's int64) whose powers leave int32's range: ` +
        `kernel size ${k} × max |x|^${p} = ${bound} > 2147483647; this package takes them in int32, so it refuses ` +
        'rather than wrap (cast the input to float32)',
    );
  }
}

function kernelArea(area: number | null, kernelSize: IntOrInts): number {
  if (area !== null) return area;
  throw new TorchError(
    'TypeError',
    `mul(): argument 'other' (position 1) must be Tensor, not ` +
      `${Array.isArray(kernelSize) ? 'tuple' : pyTypeName(kernelSize)}`,
  );
}

/**
 * A unary step with autograd's gradient `grad(dy, x)`. The pools between these steps keep their registered
 * gradients; every element-wise step of the formula is one of these, so no tfjs gradient registration is needed
 * (tfjs-core alone registers none).
 */
function unaryWithGrad(x: Tensor, value: (a: Tensor) => Tensor, gradient: (dy: Tensor, a: Tensor) => Tensor): Tensor {
  const f = customGrad(((a: Tensor, save: GradSaveFunc) => {
    save([a]);
    return {value: value(a), gradFunc: (dy: Tensor, saved: Tensor[]) => gradient(dy, saved[0])};
  }) as unknown as Parameters<typeof customGrad>[0]);
  return f(x);
}

/** x.pow(e) with pow_backward: grad * (e * x.pow(e - 1)) (e is never 0 here). */
function torchPow(x: Tensor, e: number): Tensor {
  return unaryWithGrad(
    x,
    a => powValue(a, e),
    (dy, a) => mul(dy, mul(scalar(e), powValue(a, e - 1))),
  );
}

/** |x| with autograd's grad * sgn(x): 0 at 0, where tfjs's abs gradient gives -1. */
function torchAbs(x: Tensor): Tensor {
  // tfjs-cpu's Abs writes a Float32Array whatever the dtype: int32 beyond 2^24 would round; max(x, -x) is exact
  return unaryWithGrad(
    x,
    a => (a.dtype === 'int32' ? maximum(a, exactNeg(a)) : abs(a)),
    (dy, a) => mul(dy, torchSign(a)),
  );
}

/** -x; for int32 as 0 - x: tfjs-wasm's Neg rounds int32 through float32 (-16777217 → -16777216), its Sub does not. */
function exactNeg(x: Tensor): Tensor {
  return x.dtype === 'int32' ? sub(scalar(0, 'int32'), x) : neg(x);
}

function torchNeg(x: Tensor): Tensor {
  return unaryWithGrad(x, exactNeg, dy => neg(dy));
}

/**
 * (sign(out) * relu(|out|)).mul(K).pow(1/p), and its gradient as autograd chains it: pow_backward
 * grad * ((1/p) * u^(1/p - 1)), times K; the relu branch gets g·sign(out), zeroed by threshold_backward where
 * |out| <= 0, times sgn(out) from |out|; the sign branch adds zeros (autograd accumulates: -0 becomes +0).
 */
function finish(out: Tensor, area: number, p: number): Tensor {
  const scaled = (o: Tensor) => mul(mul(torchSign(o), relu(abs(o))), scalar(area));
  return unaryWithGrad(
    out,
    o => powValue(scaled(o), 1 / p),
    (dy, o) => {
      const g = mul(mul(dy, mul(scalar(1 / p), powValue(scaled(o), 1 / p - 1))), scalar(area));
      const sg = torchSign(o);
      return add(mul(select(lessEqual(abs(o), 0), 0, mul(g, sg)), sg), 0);
    },
  );
}

/**
 * `torch.nn.functional.lp_pool1d`: the power-average (Σ x^p)^(1/p) of each window over the last 1 axes,
 * computed as PyTorch does (sign(x)·relu(|x|) of avg_pool of x^p times the window size, to the power 1/p; p = ±inf
 * is the max pool), with its gradient.
 *
 * Input (N, C, L) or (C, L). Channels-first (NCHW), as PyTorch: the pooled axes are the last 1. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32
 * @param normType - p (PyTorch's `norm_type`)
 * @param kernelSize - the window: one int for every axis, or one per axis
 * @param options - {@link LpPoolOptions}: `stride` (default `kernelSize`), `ceilMode` (false); no padding, as PyTorch
 * @returns the pooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * tt.lpPool1d(x, 2, 3, {stride: 2});  // F.lp_pool1d(x, 2, 3, stride=2): the L2 norm of each window
 * ```
 * @group Ops
 */
export function lpPool1d(input: TensorInput, normType: number, kernelSize: IntOrInts, options?: LpPoolOptions): Tensor;
export function lpPool1d(
  input: TensorInput,
  normType: number,
  kernelSize: IntOrInts,
  options: LpPoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('lp_pool1d', extra, 3, 4);
  return lpPool('lp_pool1d', 1, avgPool1d as AvgFn, maxPool1d, input, normType, kernelSize, options);
}

/**
 * `torch.nn.functional.lp_pool2d`: the power-average (Σ x^p)^(1/p) of each window over the last 2 axes,
 * computed as PyTorch does (sign(x)·relu(|x|) of avg_pool of x^p times the window size, to the power 1/p; p = ±inf
 * is the max pool), with its gradient.
 *
 * Input (N, C, H, W) or (C, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 2. A channels-last
 * (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes (`[1, 224, 224,
 * 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32
 * @param normType - p (PyTorch's `norm_type`)
 * @param kernelSize - the window: one int for every axis, or one per axis
 * @param options - {@link LpPoolOptions}: `stride` (default `kernelSize`), `ceilMode` (false); no padding, as PyTorch
 * @returns the pooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * tt.lpPool2d(x, 2, 3, {stride: 2});  // F.lp_pool2d(x, 2, 3, stride=2): the L2 norm of each window
 * ```
 * @group Ops
 */
export function lpPool2d(input: TensorInput, normType: number, kernelSize: IntOrInts, options?: LpPoolOptions): Tensor;
export function lpPool2d(
  input: TensorInput,
  normType: number,
  kernelSize: IntOrInts,
  options: LpPoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('lp_pool2d', extra, 3, 4);
  return lpPool('lp_pool2d', 2, avgPool2d, maxPool2d, input, normType, kernelSize, options);
}

/**
 * `torch.nn.functional.lp_pool3d`: the power-average (Σ x^p)^(1/p) of each window over the last 3 axes,
 * computed as PyTorch does (sign(x)·relu(|x|) of avg_pool of x^p times the window size, to the power 1/p; p = ±inf
 * is the max pool), with its gradient.
 *
 * Input (N, C, D, H, W) or (C, D, H, W). Channels-first (NCHW), as PyTorch: the pooled axes are the last 3. A
 * channels-last (NHWC) tfjs tensor passed by mistake is accepted as PyTorch would accept it, pooling the wrong axes
 * (`[1, 224, 224, 3]` → `[1, 224, 111, 1]` with kernel 2): pass `dataFormat` (`'NHWC'`) for such a tensor.
 *
 * @param input - the tensor to pool (or anything `tf.tensor` takes); float32
 * @param normType - p (PyTorch's `norm_type`)
 * @param kernelSize - the window: one int for every axis, or one per axis
 * @param options - {@link LpPoolOptions}: `stride` (default `kernelSize`), `ceilMode` (false); no padding, as PyTorch
 * @returns the pooled tensor
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * tt.lpPool3d(x, 2, 3, {stride: 2});  // F.lp_pool3d(x, 2, 3, stride=2): the L2 norm of each window
 * ```
 * @group Ops
 */
export function lpPool3d(input: TensorInput, normType: number, kernelSize: IntOrInts, options?: LpPoolOptions): Tensor;
export function lpPool3d(
  input: TensorInput,
  normType: number,
  kernelSize: IntOrInts,
  options: LpPoolOptions = {},
  ...extra: unknown[]
): Tensor {
  rejectExtraArguments('lp_pool3d', extra, 3, 4);
  return lpPool('lp_pool3d', 3, avgPool3d, maxPool3d, input, normType, kernelSize, options);
}
