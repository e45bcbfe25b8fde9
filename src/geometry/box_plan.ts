import {AxisTable, adaptiveAxis, poolAxis} from './axis_table';
import {poolOutputSize} from './output_size';
import {WindowSpec, spatialRank} from './window_attrs';
import {cachedPlans} from './plan_cache';

/**
 * How the divisor of one output is formed from its axes' factors:
 * - 'product': Π factor, one float32 division (avg pools, PyTorch's `sum / divide_factor`);
 * - 'override': a fixed divisor (divisor_override);
 * - 'successive': one float32 division per axis, outer axis first (adaptive pools: `sum / kT / kH / kW`).
 */
export type DivisorRule = {kind: 'product'} | {kind: 'override'; value: number} | {kind: 'successive'};

/** Everything a backend needs to average boxes of an input whose trailing axes are pooled. */
export interface BoxPlan {
  /** product of the leading (batch × channel) dims: independent planes */
  readonly planes: number;
  readonly inSpatial: number[];
  readonly outSpatial: number[];
  readonly axes: AxisTable[];
  /**
   * `axes` preceded by trivial size-1 axes up to three: one loop nest (depth, height, width) serves 1d, 2d and
   * 3d. A trivial axis has factor 1, so it changes neither a divisor product nor a chain of successive divisions.
   */
  readonly axes3: AxisTable[];
  readonly divisor: DivisorRule;
  /** full output shape: leading dims of the input followed by outSpatial */
  readonly outShape: number[];
}

const TRIVIAL_AXIS = adaptiveAxis(1, 1);

/**
 * The tables for pooling `inShape`'s trailing axes as `spec` says. Pure and memoised: kernels call it on every
 * run, so a model's repeated layers pay for the tables once.
 */
export const planBox = cachedPlans(buildPlan);

function buildPlan(inShape: readonly number[], spec: WindowSpec): BoxPlan {
  const nd = spatialRank(spec);
  const lead = inShape.slice(0, inShape.length - nd);
  const inSpatial = inShape.slice(inShape.length - nd);
  const axes = inSpatial.map((size, d) =>
    spec.kind === 'pool'
      ? poolAxis(
          size,
          poolOutputSize(size, spec.kernelSize[d], spec.padding[d], spec.stride[d], spec.ceilMode),
          spec.kernelSize[d],
          spec.stride[d],
          spec.padding[d],
          spec.countIncludePad,
        )
      : adaptiveAxis(size, spec.outputSize[d]),
  );
  const outSpatial = axes.map(a => a.outSize);
  const divisor: DivisorRule =
    spec.kind === 'adaptive'
      ? {kind: 'successive'}
      : spec.divisorOverride !== null
        ? {kind: 'override', value: spec.divisorOverride}
        : {kind: 'product'};
  return {
    planes: lead.reduce((a, b) => a * b, 1),
    inSpatial,
    outSpatial,
    axes,
    axes3: [...Array.from({length: 3 - axes.length}, () => TRIVIAL_AXIS), ...axes],
    divisor,
    outShape: [...lead, ...outSpatial],
  };
}
