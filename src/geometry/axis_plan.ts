import {AxisTable, adaptiveAxis} from './axis_table';

/**
 * What every plan holds, sum or max: the trailing axes of an input reduced window by window, one AxisTable each,
 * and the leading (batch × channel) dims as independent planes. planBox and planMax both build theirs with
 * `axisPlan` and memoise it with plan_cache.ts's cachedPlans; what a backend derives from a plan is memoised per
 * plan with per_plan.ts's perPlan.
 */
export interface AxisPlan {
  /** product of the leading (batch × channel) dims: independent planes */
  readonly planes: number;
  readonly inSpatial: number[];
  readonly outSpatial: number[];
  readonly axes: AxisTable[];
  /**
   * `axes` preceded by trivial size-1 axes up to three: one loop nest (depth, height, width) serves 1d, 2d and 3d.
   * A trivial axis has factor 1, so it changes neither a divisor product nor a chain of successive divisions, and
   * start 0, so the flat index (t*H + h)*W + w reduces to 1d's and 2d's plane index.
   */
  readonly axes3: AxisTable[];
  /** full output shape: leading dims of the input followed by outSpatial */
  readonly outShape: number[];
}

const TRIVIAL_AXIS = adaptiveAxis(1, 1);

/** The plan of reducing `inShape`'s trailing `nd` axes, axis d's windows given by `axis(inSize, d)`. */
export function axisPlan(
  inShape: readonly number[],
  nd: number,
  axis: (inSize: number, d: number) => AxisTable,
): AxisPlan {
  const lead = inShape.slice(0, inShape.length - nd);
  const inSpatial = inShape.slice(inShape.length - nd);
  const axes = inSpatial.map(axis);
  const outSpatial = axes.map(a => a.outSize);
  return {
    planes: lead.reduce((a, b) => a * b, 1),
    inSpatial,
    outSpatial,
    axes,
    axes3: [...Array.from({length: 3 - axes.length}, () => TRIVIAL_AXIS), ...axes],
    outShape: [...lead, ...outSpatial],
  };
}
