import {adaptiveAxis, poolAxis} from './axis_table';
import {AxisPlan, axisPlan} from './axis_plan';
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
export interface BoxPlan extends AxisPlan {
  readonly divisor: DivisorRule;
}

/**
 * The tables for pooling `inShape`'s trailing axes as `spec` says. Pure and memoised: kernels call it on every
 * run, so a model's repeated layers pay for the tables once.
 */
export const planBox = cachedPlans(buildPlan);

function buildPlan(inShape: readonly number[], spec: WindowSpec): BoxPlan {
  const plan = axisPlan(inShape, spatialRank(spec), (size, d) =>
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
  const divisor: DivisorRule =
    spec.kind === 'adaptive'
      ? {kind: 'successive'}
      : spec.divisorOverride !== null
        ? {kind: 'override', value: spec.divisorOverride}
        : {kind: 'product'};
  return {...plan, divisor};
}
