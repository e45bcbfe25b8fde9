/**
 * Every public op the property tests sweep, with what its arguments are. A new op family adds rows here: the
 * sweep, the fixture sampler and the backend sweep pick them up; `reference` (reference.ts) then needs its plain
 * computation.
 */
import {AVG_POOL1D_KEYWORDS, AVG_POOL_KEYWORDS} from '../../src/ops/avg_pool';
import {LP_POOL_KEYWORDS} from '../../src/ops/lp_pool';
import {MAX_POOL_KEYWORDS} from '../../src/ops/max_pool';
import {MAX_UNPOOL_KEYWORDS} from '../../src/ops/max_unpool';
import {MEAN_KEYWORDS} from '../../src/ops/mean';

/**
 * A positional argument after the input(s): a pool's kernel_size (int or int tuple), an adaptive pool's
 * output_size (ints and None), mean's dim (int, int tuple or None), or an lp pool's norm_type (a number).
 */
export type ArgKind = 'kernel' | 'outputSize' | 'dim' | 'normType';

/**
 * What each option is, so the sweep draws valid values most of the time and every other kind sometimes:
 * `intList` a non-negative int list (padding), `positiveIntList` one of ints ≥ 1 (dilation), `optionalIntList`
 * None/[] or ints ≥ 1 (stride), `unpoolOutputSize` max_unpool's output_size (None, or nd or nd + 2 ints near the
 * default size, which depends on the input: arg_space.ts draws it from the call's geometry).
 */
export type OptionKind =
  'intList' | 'positiveIntList' | 'optionalIntList' | 'bool' | 'optionalInt' | 'dtype' | 'unpoolOutputSize';

export interface OpEntry {
  /** the export of src/index.ts */
  op: string;
  /** spatial dims pooled (mean: 0) */
  nd: number;
  /** the positional arguments after the input(s), in order */
  args: readonly ArgKind[];
  /** a second tensor input passed right after the input: max_unpool's indices */
  aux?: 'indices';
  /** option keys, camelCase, with their kinds; empty when the op takes no options object */
  options: Record<string, OptionKind>;
  /** input dtypes the op computes (others must be PyTorch's NotImplementedError) */
  dtypes: readonly string[];
}

const OPTION_KINDS: Record<string, OptionKind> = {
  stride: 'optionalIntList',
  padding: 'intList',
  dilation: 'positiveIntList',
  ceilMode: 'bool',
  countIncludePad: 'bool',
  divisorOverride: 'optionalInt',
  returnIndices: 'bool',
  outputSize: 'unpoolOutputSize',
};
const poolOptions = (keys: readonly string[]): Record<string, OptionKind> =>
  Object.fromEntries(keys.map(k => [k, OPTION_KINDS[k]]));

const maxFamily = (nd: number): OpEntry[] => [
  // 1d without indices computes floats only (max_pool1d_impl); with indices, and 2d/3d, floats and ints
  {op: `maxPool${nd}d`, nd, args: ['kernel'], options: poolOptions(MAX_POOL_KEYWORDS), dtypes: ['float32', 'int32']},
  {op: `adaptiveMaxPool${nd}d`, nd, args: ['outputSize'], options: poolOptions(['returnIndices']), dtypes: ['float32']},
  {
    op: `maxUnpool${nd}d`,
    nd,
    args: ['kernel'],
    aux: 'indices',
    options: poolOptions(MAX_UNPOOL_KEYWORDS),
    dtypes: ['float32'],
  },
  // int32 with an integer norm: int64 powers and a truncating average, then float
  {
    op: `lpPool${nd}d`,
    nd,
    args: ['normType', 'kernel'],
    options: poolOptions(LP_POOL_KEYWORDS),
    dtypes: ['float32', 'int32'],
  },
];

export const OPS: readonly OpEntry[] = [
  {op: 'avgPool1d', nd: 1, args: ['kernel'], options: poolOptions(AVG_POOL1D_KEYWORDS), dtypes: ['float32', 'int32']},
  {op: 'avgPool2d', nd: 2, args: ['kernel'], options: poolOptions(AVG_POOL_KEYWORDS), dtypes: ['float32', 'int32']},
  {op: 'avgPool3d', nd: 3, args: ['kernel'], options: poolOptions(AVG_POOL_KEYWORDS), dtypes: ['float32', 'int32']},
  {op: 'adaptiveAvgPool1d', nd: 1, args: ['outputSize'], options: {}, dtypes: ['float32']},
  {op: 'adaptiveAvgPool2d', nd: 2, args: ['outputSize'], options: {}, dtypes: ['float32']},
  {op: 'adaptiveAvgPool3d', nd: 3, args: ['outputSize'], options: {}, dtypes: ['float32']},
  {
    op: 'mean',
    nd: 0,
    args: ['dim'],
    options: Object.fromEntries(MEAN_KEYWORDS.map(k => [k, k === 'dtype' ? 'dtype' : 'bool'])),
    dtypes: ['float32'],
  },
  ...maxFamily(1),
  ...maxFamily(2),
  ...maxFamily(3),
];

/** PyTorch's exception classes: a thrown error's `name` must be one of them. */
export const TORCH_ERROR_NAMES = ['RuntimeError', 'IndexError', 'ValueError', 'TypeError', 'NotImplementedError'];
