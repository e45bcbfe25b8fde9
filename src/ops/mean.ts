/**
 * torch.mean: dtype check first, then every dim's range in list order, then duplicates
 * (ReduceOps.cpp mean meta, ReduceOpsUtils.h, WrapDimUtilsMulti.h). `dim` undefined, null or [] reduces every
 * dim (PyTorch's make_dim_mask; tfjs's axis=[] would reduce none).
 */
import {Tensor, cast, engine, tidy} from '@tensorflow/tfjs-core';
import {TorchMean} from '../kernel_names';
import {IntOrInts, intList, pyTypeName, unpackIntList} from './int_args';
import {TensorInput, toTensor} from './input';
import {rejectExtraArguments, rejectUnknownKeywords} from './keyword_args';
import {TorchError, checkDispatch, torchCheck, torchDtypeName, wrapDim} from './torch_errors';

/**
 * The keyword arguments of `torch.mean`, camelCase ({@link mean}); any other key is PyTorch's TypeError.
 * @group Options
 */
export interface MeanOptions {
  /**
   * PyTorch's `keepdim`: keep each reduced axis as size 1.
   * @defaultValue false
   */
  keepdim?: boolean;
  /**
   * PyTorch's `dtype`: the dtype to compute and return in; only 'float32' is a floating dtype in tfjs (an int32 or
   * bool input needs it, as PyTorch's integer tensors need a floating dtype).
   * @defaultValue the input's dtype
   */
  dtype?: 'float32' | 'int32' | 'bool';
}

/** torch.mean's keyword arguments (besides dim); any other key is PyTorch's TypeError. */
export const MEAN_KEYWORDS = ['keepdim', 'dtype'] as const;

/** The dtypes `dtype` names (torch.dtype in PyTorch); other values are not a torch.dtype. */
const DTYPES = ['float32', 'int32', 'bool'];

/** torch.mean's two public signatures, as its "invalid combination" TypeError lists them. */
const MEAN_SIGNATURES =
  ' * (Tensor input, *, torch.dtype dtype = None, Tensor out = None)\n' +
  ' * (Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)\n';

/**
 * `torch.mean`: the mean over `dim` (every axis when omitted, `null` or `[]`), with PyTorch's summation order
 * and dtype rules (an int32 input needs `dtype: 'float32'`, as PyTorch's integer tensors do).
 *
 * @param input - the tensor to reduce (or anything `tf.tensor` takes)
 * @param dim - an axis or a list of axes, negative counting from the end (PyTorch's `dim`); default: all axes
 * @param options - {@link MeanOptions}: `keepdim` (default false), `dtype` (default: the input's)
 * @returns the mean
 * @throws {@link "tfjs-torch-ops"!TorchError | TorchError} with PyTorch's exception class and message for any
 *   argument PyTorch refuses
 * @example
 * ```ts
 * const x = tf.reshape(tf.range(0, 24), [2, 3, 4]);
 * tt.mean(x, [-1, -2], {keepdim: true});  // torch.mean(x, dim=(-1, -2), keepdim=True): shape [2, 1, 1]
 * ```
 * @group Ops
 */
export function mean(input: TensorInput, dim?: IntOrInts | null, options?: MeanOptions): Tensor;
export function mean(
  input: TensorInput,
  dim?: IntOrInts | null,
  options: MeanOptions = {},
  ...extra: unknown[]
): Tensor {
  // PyTorch counts from its signature with dim, mean(input, dim, keepdim=False, *, dtype), though dim may be left
  // out: torch.mean(x, 1, False, 1) says `mean() takes from 2 to 3 positional arguments but 4 were given` (2.15).
  rejectExtraArguments('mean', extra, 2, 3);
  return tidy(() => meanOf(toTensor(input, 'mean'), dim, options, true));
}

/**
 * PyTorch's parsing of torch.mean's arguments: `mean(input, dim, keepdim, *, dtype)` must match every argument's
 * type (dim: None, an int, or a tuple whose first element is an int) and know every keyword. When it does not, a
 * call of at most three arguments could also have meant `mean(input, *, dtype)`, and PyTorch lists both
 * signatures; a longer one gets the first mismatch in parameter order. Then dim's ints are unpacked.
 */
function parseMean(dim: unknown, options: unknown): number[] {
  const o = (options !== null && typeof options === 'object' && !Array.isArray(options) ? options : {}) as Record<
    string,
    unknown
  >;
  if (options !== undefined && options !== null && o !== options) rejectUnknownKeywords('mean', options, MEAN_KEYWORDS);
  const failures: string[] = [];
  const arg = `mean(): argument 'dim' (position 2)`;
  if (typeof dim === 'number' ? !Number.isInteger(dim) : dim !== null && dim !== undefined && !Array.isArray(dim)) {
    failures.push(`${arg} must be tuple of ints, not ${pyTypeName(dim)}`);
  } else if (Array.isArray(dim) && dim.length > 0 && !(typeof dim[0] === 'number' && Number.isInteger(dim[0]))) {
    failures.push(`${arg} must be tuple of ints, but found element of type ${pyTypeName(dim[0])} at pos 0`);
  }
  if ('keepdim' in o && typeof o.keepdim !== 'boolean') {
    failures.push(`mean(): argument 'keepdim' must be bool, not ${pyTypeName(o.keepdim)}`);
  }
  if ('dtype' in o && o.dtype !== null && o.dtype !== undefined && !DTYPES.includes(o.dtype as string)) {
    failures.push(`mean(): argument 'dtype' must be torch.dtype, not ${pyTypeName(o.dtype)}`);
  }
  if (failures.length === 0 && Object.keys(o).some(k => !(MEAN_KEYWORDS as readonly string[]).includes(k))) {
    failures.push('unknown');
  }
  if (failures.length > 0) {
    const keys = Object.keys(o);
    if (2 + keys.length >= 4) {
      if (failures[0] === 'unknown') rejectUnknownKeywords('mean', o, MEAN_KEYWORDS);
      throw new TorchError('TypeError', failures[0]);
    }
    const kwargTypes = keys.map(
      k => `${k}=${k === 'dtype' && DTYPES.includes(o[k] as string) ? 'torch.dtype' : pyTypeName(o[k])}`,
    );
    throw new TorchError(
      'TypeError',
      'mean() received an invalid combination of arguments - got ' +
        `(${['Tensor', pyTypeName(dim), ...kwargTypes].join(', ')}), but expected one of:\n` +
        MEAN_SIGNATURES,
    );
  }
  return unpackIntList(dim as IntOrInts | null | undefined, 'mean', 'dim');
}

/**
 * mean of a tensor already converted, for the ops (adaptive pools' output-size-1 path) that reuse it; `parse`:
 * the arguments come from the user and are parsed as PyTorch parses them.
 */
export function meanOf(
  x: Tensor,
  dim: IntOrInts | null | undefined,
  options: MeanOptions | null,
  parse = false,
): Tensor {
  const dims = parse ? parseMean(dim, options) : intList(dim, 'mean', 'dim');
  const {keepdim = false, dtype} = (options ?? {}) as MeanOptions;
  if (dtype !== undefined && dtype !== null) {
    torchCheck(
      dtype === 'float32',
      () =>
        'mean(): could not infer output dtype. Optional dtype must be either a floating point or ' +
        `complex dtype. Got: ${torchDtypeName(dtype)}`,
      'NotImplementedError',
    );
  } else {
    torchCheck(
      x.dtype === 'float32',
      () =>
        'mean(): could not infer output dtype. Input dtype must be either a floating point or complex ' +
        `dtype. Got: ${torchDtypeName(x.dtype)}`,
      'NotImplementedError',
    );
  }
  const wrapped = dims.map(d => wrapDim(d, x.rank));
  const seen = new Set<number>();
  for (const d of wrapped) {
    torchCheck(!seen.has(d), () => `dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  // A 0-d tensor accepts dim 0 / -1, but has no axis to reduce.
  const axes = wrapped.length === 0 ? x.shape.map((_, d) => d) : wrapped.filter(d => d < x.rank);
  // with dtype=float32 any numeric input is converted first; a string tensor (no PyTorch counterpart) cannot be
  checkDispatch('mean', x.dtype, ['float32', 'int32', 'bool', 'complex64']);
  const input = x.dtype === 'float32' ? x : cast(x, 'float32');
  return engine().runKernel(TorchMean, {x: input}, {axes: axes.sort((a, b) => a - b), keepDims: keepdim}) as Tensor;
}
