/**
 * Plans of the max-pooling family (max_pool1d/2d/3d, adaptive_max_pool1d/2d/3d): the same per-axis tables as the
 * average pools (axis_table.ts: maxPoolAxis for dilated strided windows, adaptiveAxis for the bins), in the same
 * plan (axis_plan.ts), and what a backend reads off them: the index an output reports before any tap beats -inf,
 * whether it has taps at all, and the plane layout of max_unpool's scatter and its gather backward.
 */
import {AxisTable, adaptiveAxis, maxPoolAxis} from './axis_table';
import {AxisPlan, axisPlan} from './axis_plan';
import {poolOutputSize, poolOutputSizeInt64} from './output_size';
import {AdaptiveSpec} from './window_attrs';
import {cachedPlans} from './plan_cache';

/** @internal A max pool's arguments after PyTorch's checks, one entry per pooled axis. */
export interface MaxPoolSpec {
  kind: 'max';
  kernelSize: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

/** @internal What a TorchMaxPool kernel is asked to compute: strided dilated windows, or adaptive bins. */
export type MaxWindowSpec = MaxPoolSpec | AdaptiveSpec;

export function maxSpatialRank(spec: MaxWindowSpec): number {
  return spec.kind === 'max' ? spec.kernelSize.length : spec.outputSize.length;
}

/** poolOutputSize (output_size.ts: the one ceil rule) in the max ops' argument order, as src/ops and src/layers call it. */
export function maxPoolOutputSize(
  inSize: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): number {
  return poolOutputSize(inSize, kernel, pad, stride, ceilMode, dilation);
}

/** poolOutputSizeInt64 (output_size.ts) in the max ops' argument order, as src/ops calls it. */
export function maxPoolOutputSizeInt64(
  inSize: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): bigint {
  return poolOutputSizeInt64(inSize, kernel, pad, stride, ceilMode, dilation);
}

/** Alias of the one axis table (axis_table.ts AxisTable; the old `first` is `start`), for code written against it. */
export type MaxAxisTable = AxisTable;
/** Alias of adaptiveAxis (axis_table.ts): adaptive bins are the same tables for sum and max. */
export const adaptiveMaxAxis = adaptiveAxis;

/** Everything a backend needs to run a max pool (or adaptive max pool) over an input's trailing axes. */
export type MaxPlan = AxisPlan;

/** The tables for max-pooling `inShape`'s trailing axes as `spec` says. Pure and memoised. */
export const planMax = cachedPlans(buildPlan);

function buildPlan(inShape: readonly number[], spec: MaxWindowSpec): MaxPlan {
  return axisPlan(inShape, maxSpatialRank(spec), (size, d) =>
    spec.kind === 'max'
      ? maxPoolAxis(
          size,
          poolOutputSize(size, spec.kernelSize[d], spec.padding[d], spec.stride[d], spec.ceilMode, spec.dilation[d]),
          spec.kernelSize[d],
          spec.stride[d],
          spec.padding[d],
          spec.dilation[d],
        )
      : adaptiveAxis(size, spec.outputSize[d]),
  );
}

/**
 * The index an output of a max plan reports before any tap beats -inf: the flat plane position of its first taps,
 * ((start0 * H) + start1) * W + start2, even when one of them lies outside its axis (PyTorch does the same).
 */
export function initialIndex(plan: MaxPlan, o0: number, o1: number, o2: number): number {
  const [a0, a1, a2] = plan.axes3;
  return (a0.start[o0] * a1.inSize + a1.start[o1]) * a2.inSize + a2.start[o2];
}

/**
 * Whether every axis of output (o0, o1, o2) has an in-bounds tap; if not, its value is -inf and its gradient goes
 * where stray_gradients.ts routes it, not through the covering ranges.
 */
export function hasTaps(plan: MaxPlan, o0: number, o1: number, o2: number): boolean {
  const [a0, a1, a2] = plan.axes3;
  return a0.count[o0] > 0 && a1.count[o1] > 0 && a2.count[o2] > 0;
}

/** max_unpool's default output length of one axis (functional.py _unpool_output_size): (L - 1)*s + k - 2p. */
export function unpoolDefaultSize(inSize: number, kernel: number, stride: number, pad: number): number {
  return (inSize - 1) * stride + kernel - 2 * pad;
}

/** Sizes of a per-plane index operation (max_unpool's scatter, its gather backward): planes and plane sizes. */
export interface PlaneLayout {
  readonly planes: number;
  /** cells per plane of the tensor holding the indexed positions (max_unpool's output, max_pool's input) */
  readonly targetPlane: number;
  /** cells per plane of the indices tensor */
  readonly indexPlane: number;
}

/** The plane layout of indices `indexShape` into a tensor whose trailing `targetSpatial` axes form the plane. */
export function planeLayout(indexShape: readonly number[], targetSpatial: readonly number[]): PlaneLayout {
  const nd = targetSpatial.length;
  const prod = (a: readonly number[]) => a.reduce((x, y) => x * y, 1);
  return {
    planes: prod(indexShape.slice(0, indexShape.length - nd)),
    targetPlane: prod(targetSpatial),
    indexPlane: prod(indexShape.slice(indexShape.length - nd)),
  };
}

/** max_unpool's output: its full shape (x's leading dims, then the spatial `outputSize`) and its plane layout. */
export interface UnpoolLayout extends PlaneLayout {
  readonly outShape: number[];
}

/** The shape and planes of max_unpool of `xShape` (and its indices, of the same shape) to spatial `outputSize`. */
export function unpoolLayout(xShape: readonly number[], outputSize: readonly number[]): UnpoolLayout {
  const outShape = [...xShape.slice(0, xShape.length - outputSize.length), ...outputSize];
  return {...planeLayout(xShape, outputSize), outShape};
}
