/**
 * torch.mean: dtype check first, then every dim's range in list order, then duplicates
 * (ReduceOps.cpp mean meta, ReduceOpsUtils.h, WrapDimUtilsMulti.h). `dim` undefined, null or [] reduces every
 * dim (PyTorch's make_dim_mask; tfjs's axis=[] would reduce none).
 */
import {Tensor, cast, engine, tidy} from '@tensorflow/tfjs-core';
import {TorchMean} from '../kernel_names';
import {IntOrInts, intList} from './int_args';
import {TensorInput, toTensor} from './input';
import {rejectUnknownKeywords} from './keyword_args';
import {torchCheck, torchDtypeName, wrapDim} from './torch_errors';

export interface MeanOptions {
  keepdim?: boolean;
  /** the dtype to compute and return in; only 'float32' is a floating dtype in tfjs */
  dtype?: 'float32' | 'int32' | 'bool';
}

/** torch.mean's keyword arguments (besides dim); any other key is PyTorch's TypeError. */
export const MEAN_KEYWORDS = ['keepdim', 'dtype'] as const;

export function mean(input: TensorInput, dim?: IntOrInts | null, options: MeanOptions = {}): Tensor {
  rejectUnknownKeywords('mean', options, MEAN_KEYWORDS);
  return tidy(() => meanOf(toTensor(input), dim, options));
}

/** mean of a tensor already converted, for the ops (adaptive pools' output-size-1 path) that reuse it. */
export function meanOf(x: Tensor, dim: IntOrInts | null | undefined, options: MeanOptions | null): Tensor {
  const {keepdim = false, dtype} = options ?? {};
  const dims = intList(dim, 'mean', 'dim');
  if (dtype !== undefined) {
    torchCheck(dtype === 'float32',
               () => 'mean(): could not infer output dtype. Optional dtype must be either a floating point or ' +
                   `complex dtype. Got: ${torchDtypeName(dtype)}`,
               'NotImplementedError');
  } else {
    torchCheck(x.dtype === 'float32',
               () => 'mean(): could not infer output dtype. Input dtype must be either a floating point or complex ' +
                   `dtype. Got: ${torchDtypeName(x.dtype)}`,
               'NotImplementedError');
  }
  const wrapped = dims.map(d => wrapDim(d, x.rank));
  const seen = new Set<number>();
  for (const d of wrapped) {
    torchCheck(!seen.has(d), () => `dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  // A 0-d tensor accepts dim 0 / -1, but has no axis to reduce.
  const axes = wrapped.length === 0 ? x.shape.map((_, d) => d) : wrapped.filter(d => d < x.rank);
  const input = x.dtype === 'float32' ? x : cast(x, 'float32');
  return engine().runKernel(TorchMean, {x: input}, {axes: axes.sort((a, b) => a - b), keepDims: keepdim}) as Tensor;
}
