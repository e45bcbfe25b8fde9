/**
 * What a box-average kernel is asked to compute, in normalised form (every per-axis array has one entry per
 * pooled axis). This is the attrs object of the TorchAvgPool kernels: the ops build it after PyTorch's argument
 * checks, and every backend turns it into tables with `planBox`.
 */
/** @internal The window geometry a kernel receives in its attributes (src/kernel_names.ts). */
export type WindowSpec = PoolSpec | AdaptiveSpec;

/** @internal The window geometry a kernel receives in its attributes (src/kernel_names.ts). */
export interface PoolSpec {
  kind: 'pool';
  kernelSize: number[];
  stride: number[];
  padding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
  /** replaces the divisor when not null (PyTorch's divisor_override; never 0, may be negative) */
  divisorOverride: number | null;
}

/** @internal The window geometry a kernel receives in its attributes (src/kernel_names.ts). */
export interface AdaptiveSpec {
  kind: 'adaptive';
  outputSize: number[];
}

export function spatialRank(spec: WindowSpec): number {
  return spec.kind === 'pool' ? spec.kernelSize.length : spec.outputSize.length;
}
