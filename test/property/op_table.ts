/**
 * Every public op the property tests sweep, with what its arguments are. A new op family (the max pools) adds
 * rows here: the sweep, the fixture sampler and the backend sweep pick them up; `reference` (reference.ts) then
 * needs its plain computation.
 */
import {AVG_POOL1D_KEYWORDS, AVG_POOL_KEYWORDS} from '../../src/ops/avg_pool';
import {MEAN_KEYWORDS} from '../../src/ops/mean';

/**
 * The positional argument after the input: a pool's kernel_size (int or int tuple), an adaptive pool's
 * output_size (ints and None), or mean's dim (int, int tuple or None).
 */
export type ArgKind = 'kernel' | 'outputSize' | 'dim';

/** What each option is, so the sweep draws valid values most of the time and every other kind sometimes. */
export type OptionKind = 'intList' | 'optionalIntList' | 'bool' | 'optionalInt' | 'dtype';

export interface OpEntry {
  /** the export of src/index.ts */
  op: string;
  /** spatial dims pooled (mean: 0) */
  nd: number;
  arg: ArgKind;
  /** option keys, camelCase, with their kinds; empty when the op takes no options object */
  options: Record<string, OptionKind>;
  /** input dtypes the op computes (others must be PyTorch's NotImplementedError) */
  dtypes: readonly string[];
}

const poolOptions = (keys: readonly string[]): Record<string, OptionKind> => Object.fromEntries(keys.map(k => [k, {
  stride: 'optionalIntList', padding: 'intList', ceilMode: 'bool', countIncludePad: 'bool',
  divisorOverride: 'optionalInt',
}[k] as OptionKind]));

export const OPS: readonly OpEntry[] = [
  {op: 'avgPool1d', nd: 1, arg: 'kernel', options: poolOptions(AVG_POOL1D_KEYWORDS), dtypes: ['float32', 'int32']},
  {op: 'avgPool2d', nd: 2, arg: 'kernel', options: poolOptions(AVG_POOL_KEYWORDS), dtypes: ['float32', 'int32']},
  {op: 'avgPool3d', nd: 3, arg: 'kernel', options: poolOptions(AVG_POOL_KEYWORDS), dtypes: ['float32', 'int32']},
  {op: 'adaptiveAvgPool1d', nd: 1, arg: 'outputSize', options: {}, dtypes: ['float32']},
  {op: 'adaptiveAvgPool2d', nd: 2, arg: 'outputSize', options: {}, dtypes: ['float32']},
  {op: 'adaptiveAvgPool3d', nd: 3, arg: 'outputSize', options: {}, dtypes: ['float32']},
  {op: 'mean', nd: 0, arg: 'dim', options: Object.fromEntries(MEAN_KEYWORDS.map(k => [k, k === 'dtype' ? 'dtype' : 'bool'])),
   dtypes: ['float32']},
];

/** PyTorch's exception classes: a thrown error's `name` must be one of them. */
export const TORCH_ERROR_NAMES = ['RuntimeError', 'IndexError', 'ValueError', 'TypeError', 'NotImplementedError'];
