/**
 * The box average and its gradient as compositions of native TensorFlow ops, reading every window from the
 * BoxPlan's tables (src/geometry) and never re-deriving them.
 *
 * Layout. 1-d and 2-d float32 pools with strided windows (the native path below) run channels-first, reading the
 * NCHW input in place, as an NCDHW AvgPool3D with a unit depth: only oneDNN's kernels take that layout (see
 * `channelsFirst`; with oneDNN off they run as below). Everything else views the input [lead..., spatial...]
 * channels-last, [spatial..., planes] (one 2-D Transpose; none when planes or the spatial size is 1), because
 * TensorFlow's CPU pools are otherwise channels-last only; the transposes cost 2-3× the pool.
 *
 * - Native path (float32, and every axis's windows are the strided windows of a pool, which holds for avg pools and
 *   for adaptive pools whose input size is a multiple of the output size): TensorFlow's AvgPool (3-d: (H, W) then D)
 *   sums each window in float32 and divides by k. The input is zero-padded (or cropped) so that 'VALID' windows are
 *   exactly the plan's; one multiply by a per-output table k / divisor (from the plan's factor tables; skipped when
 *   all ones, e.g. count_include_pad without a ceil-mode overhang) gives PyTorch's divisor, and carries the
 *   sign-of-zero step where no factor is below 1 (MulNoNan: `correctTf`). Padding adds zeros only,
 *   inside windows, so NaN and ±Inf propagate exactly as in PyTorch (a 0/1 matrix product would turn an
 *   out-of-window Inf into NaN). Backward: dy × the same table, then AvgPoolGrad, then the padding is cropped off.
 * - Gather path (int32 input, adaptive pools with uneven bins): per axis, one GatherV2 with an index table
 *   [outSize, maxWindow] built from start/end (short windows point at one appended zero), then Sum over the window
 *   axis. int32 input is cast to int64 first, so sums are exact as PyTorch's int64 ones; then TruncateDiv (int64,
 *   cast back to int32) or RealDiv (float32, successively per axis for adaptive pools). Backward is the same gather over gradStart/gradEnd, applied to dy / divisor.
 *
 * Float32 sums run in TensorFlow's order, not ATen's (hence the 1e-4 tolerance for this backend), and TensorFlow
 * flushes subnormal results to zero; int32 results are exact. Avg pools store a -0 quotient as +0 as ATen does.
 */
import {Tensor, TensorInfo} from '@tensorflow/tfjs-core';
import {
  BoxPlan,
  TfPoolWindows,
  WindowSpec,
  outputDivisors,
  storesPositiveZero,
  tfPoolWindows,
} from '../../src/geometry';
import {fromChannelsLast, poolAxes, poolKernel, poolShape, toChannelsLast} from './channels_last';
import {TfOps} from './tf_ops';

/** How TensorFlow's AvgPool computes a plan's windows: src/geometry/tf_pool.ts. */
type NativePool = TfPoolWindows;
const nativePool = tfPoolWindows;

export function boxAverageTfOps(ops: TfOps, x: TensorInfo, plan: BoxPlan, spec: WindowSpec): Tensor {
  const {planes, inSpatial, outSpatial} = plan;
  const native = x.dtype === 'float32' ? nativePool(plan, spec) : null;
  // every path below ends with the whole divisor step (the quotient, then the sign of zero)
  let t: TensorInfo | null = native && channelsFirst(plan, () => poolChannelsFirst(ops, x, plan, native));
  if (t === null) {
    if (native !== null) {
      t = toChannelsLast(ops, x, planes, poolShape(inSpatial, planes));
      t = ops.padOrCrop(t, poolAxes(native.before), poolAxes(native.after));
      t = nativePoolForward(ops, t, native);
      t = correctTf(ops, t, native.correction, native.correctionWidens, poolShape(outSpatial, 1), plan);
    } else {
      t = toChannelsLast(ops, x, planes, [...inSpatial, planes]);
      // int32 plays torch.int64: sum in int64 (four int32 2^30 sum to 2^32), divide, keep the low 32 bits.
      const integer = x.dtype === 'int32';
      if (integer) t = ops.cast(t, 'int64');
      plan.axes.forEach((a, d) => {
        t = windowSum(ops, t as TensorInfo, d, a.start, a.end, a.inSize);
      });
      t = divide(ops, t, plan, integer);
      t = integer ? ops.cast(t, 'int32') : divisorStepTf(ops, t, plan);
    }
    t = fromChannelsLast(ops, t, planes, plan.outShape);
  }
  return ops.reshape(t, plan.outShape);
}

/**
 * The sign-of-zero half of the divisor step (src/geometry/divisor_step.ts) as a TensorFlow op: avg pools store a
 * -0 quotient as +0 (`+ 0` changes no other value), adaptive pools keep it. TensorFlow flushes subnormal results to
 * zero, keeping their sign, so a tiny negative quotient becomes -0 here where ATen keeps a subnormal: the rule must
 * run on every float32 avg pool, not only where divisor_override is negative.
 */
export function divisorStepTf(ops: TfOps, t: TensorInfo, plan: BoxPlan): TensorInfo {
  return storesPositiveZero(plan.divisor.kind) ? ops.binary('AddV2', t, ops.constant([0], [], 'float32')) : t;
}

/**
 * A native pool's quotient t (TensorFlow's divisor) × its correction table (`shape`: broadcast over t; null: none),
 * then divisorStepTf: both in one MulNoNan (`t == 0 ? +0 : c·t`, the same bits) where the table widens
 * (src/geometry/tf_pool.ts `widens`: no product underflows to -0), else Mul then the step.
 */
export function correctTf(
  ops: TfOps,
  t: TensorInfo,
  table: Float32Array | null,
  tableWidens: boolean,
  shape: number[],
  plan: BoxPlan,
): TensorInfo {
  if (table === null) return divisorStepTf(ops, t, plan);
  const c = ops.constant(table, shape, 'float32');
  if (tableWidens && storesPositiveZero(plan.divisor.kind)) return ops.binary('MulNoNan', c, t);
  return divisorStepTf(ops, ops.binary('Mul', t, c), plan);
}

export function boxAverageGradTfOps(
  ops: TfOps,
  dy: TensorInfo,
  xShape: number[],
  plan: BoxPlan,
  spec: WindowSpec,
): Tensor {
  const {planes, inSpatial, outSpatial} = plan;
  const native = nativePool(plan, spec);
  const first = native && channelsFirst(plan, () => poolGradChannelsFirst(ops, dy, xShape, plan, native));
  if (first) return ops.reshape(first, xShape);
  let t: TensorInfo;
  if (native !== null) {
    t = toChannelsLast(ops, dy, planes, poolShape(outSpatial, planes));
    if (native.correction !== null) {
      t = ops.binary('Mul', t, ops.constant(native.correction, poolShape(outSpatial, 1), 'float32'));
    }
    const padded = inSpatial.map((s, d) => s + native.before[d] + native.after[d]);
    t = nativePoolBackward(ops, t, poolShape(padded, planes), native);
    t = ops.padOrCrop(t, poolAxes(native.before.map(b => -b)), poolAxes(native.after.map(a => -a)));
  } else {
    t = toChannelsLast(ops, dy, planes, [...outSpatial, planes]);
    t = divide(ops, t, plan, false);
    plan.axes.forEach((a, d) => {
      t = windowSum(ops, t, d, a.gradStart, a.gradEnd, a.outSize);
    });
  }
  return fromChannelsLast(ops, t, planes, xShape);
}

// --- native pools ---------------------------------------------------------------------------------------------

/**
 * 'VALID' AvgPool over t = [n, (1,) spatial..., channels] (n = 1 and channels = planes for the transposed
 * channels-first path; a channels-last tensor's own batch and channels otherwise). A 3-d pool runs as two 2-d
 * pools, (H, W) then D (the windows are boxes, so the sum separates and k = kD·kH·kW): TF 2.9's Eigen AvgPool3D,
 * used without oneDNN, drops NaN from its window sums.
 */
export function nativePoolForward(
  ops: TfOps,
  t: TensorInfo,
  native: NativePool,
  padding: 'VALID' | 'SAME' = 'VALID',
): TensorInfo {
  const {kernel: k, stride: s} = native;
  if (k.length < 3) return ops.avgPool(t, poolKernel(k), poolKernel(s), padding);
  const [n, d, h, w, c] = t.shape;
  const hw: TensorInfo = ops.avgPool(ops.reshape(t, [n * d, h, w, c]), [k[1], k[2]], [s[1], s[2]], padding);
  const [, ho, wo] = hw.shape;
  const dhw: TensorInfo = ops.avgPool(ops.reshape(hw, [n, d, ho * wo, c]), [k[0], 1], [s[0], 1], padding);
  return ops.reshape(dhw, [n, dhw.shape[1], ho, wo, c]);
}

/** The gradient of nativePoolForward: dy = [n, (1,) out spatial..., channels] → the padded input's shape. */
export function nativePoolBackward(
  ops: TfOps,
  dy: TensorInfo,
  inShape: number[],
  native: NativePool,
  padding: 'VALID' | 'SAME' = 'VALID',
): TensorInfo {
  const {kernel: k, stride: s} = native;
  if (k.length < 3) return ops.avgPoolGrad(inShape, dy, poolKernel(k), poolKernel(s), padding);
  const [n, d, h, w, c] = inShape;
  const [, dOut, ho, wo] = dy.shape;
  const gd = ops.avgPoolGrad([n, d, ho * wo, c], ops.reshape(dy, [n, dOut, ho * wo, c]), [k[0], 1], [s[0], 1], padding);
  const ghw = ops.avgPoolGrad(
    [n * d, h, w, c],
    ops.reshape(gd, [n * d, ho, wo, c]),
    [k[1], k[2]],
    [s[1], s[2]],
    padding,
  );
  return ops.reshape(ghw, inShape);
}

// --- channels-first pools (oneDNN) -----------------------------------------------------------------------------

/**
 * Whether this TensorFlow pools channels-first, learnt from the first attempt. Only its oneDNN kernels do: on by
 * default in TF 2.9's Linux x86 builds; with TF_ENABLE_ONEDNN_OPTS=0 the op throws "Default Pooling3DOp only supports
 * NDHWC on device type CPU", and every call takes the channels-last path.
 */
let poolsChannelsFirst = true;

/**
 * The channels-first fast path of a 1-d or 2-d plan: `f`, or null when it does not apply. Channels-first, a pool
 * reads the NCHW input in place (no transposes; with oneDNN as fast as tfjs-node's own NHWC avgPool).
 *
 * Why NCDHW AvgPool3D with a unit depth, not NCHW AvgPool: TF 2.9's oneDNN pooling caches its primitives by dims
 * and window, not by layout, so an NCHW [N, C, H, W] pool and an NHWC pool of [N, H, W, C] (tfjs-node's tf.avgPool,
 * layers) with the same window share one primitive and whichever runs second reads its input in the wrong layout.
 * Our calls are [N, C, 1, H, W] with a one-deep window at depth stride UNIT_AXIS_STRIDE (any stride leaves a
 * one-deep output), all in one layout; sharing would need an NDHWC avgPool3d over a one-deep input with a one-deep
 * window moving 3 along that depth (the test in test/kernels/tensorflow_layouts.test.ts shows that stride 1 is
 * shared). 3-d plans have no unit axis to spare and stay channels-last.
 */
function channelsFirst(plan: BoxPlan, f: () => TensorInfo): TensorInfo | null {
  if (!poolsChannelsFirst || plan.axes.length === 3) return null;
  try {
    return f();
  } catch (e) {
    if (!/only supports NDHWC/.test(String((e as Error).message))) throw e;
    poolsChannelsFirst = false;
    return null;
  }
}

/**
 * [batch, channels, 1, (1,) spatial...]: a 1-d or 2-d plan as an NCDHW input with a unit depth (and height, 1-d);
 * channels is the last leading dim (oneDNN ran [8, 64, 1, 56, 56] a little faster than [1, 512, 1, 56, 56]).
 */
function depthShape(shape: number[], plan: BoxPlan, spatial: number[]): number[] {
  const lead = shape.slice(0, shape.length - plan.axes.length);
  const channels = lead.length ? lead[lead.length - 1] : 1;
  return [plan.planes / channels, channels, ...depthAxes(spatial, 1)];
}

/** The stride of the unit axes of the NCDHW view: not 1, so no ordinary NDHWC pool shares its oneDNN primitive. */
const UNIT_AXIS_STRIDE = 3;

/** A per-spatial-axis list of a 1-d or 2-d plan as the three spatial axes of NCDHW, `fill` on the unit ones. */
function depthAxes(perAxis: number[], fill: number): number[] {
  return [...Array.from({length: 3 - perAxis.length}, () => fill), ...perAxis];
}

/** Zeros added (> 0) or cells cropped (< 0) on each axis of the NCDHW view. */
function depthPads(perAxis: number[]): number[] {
  return [0, 0, ...depthAxes(perAxis, 0)];
}

function poolChannelsFirst(ops: TfOps, x: TensorInfo, plan: BoxPlan, native: NativePool): TensorInfo {
  const {same} = native;
  let t: TensorInfo = ops.reshape(x, depthShape(x.shape, plan, plan.inSpatial));
  if (!same) t = ops.padOrCrop(t, depthPads(native.before), depthPads(native.after));
  t = ops.avgPool3dChannelsFirst(
    t,
    depthAxes(native.kernel, 1),
    depthAxes(native.stride, UNIT_AXIS_STRIDE),
    same ? 'SAME' : 'VALID',
  );
  return same
    ? correctTf(ops, t, native.sameCorrection, native.sameCorrectionWidens, plan.outSpatial, plan)
    : correctTf(ops, t, native.correction, native.correctionWidens, plan.outSpatial, plan);
}

function poolGradChannelsFirst(
  ops: TfOps,
  dy: TensorInfo,
  xShape: number[],
  plan: BoxPlan,
  native: NativePool,
): TensorInfo {
  const {same} = native;
  let t: TensorInfo = ops.reshape(dy, depthShape(xShape, plan, plan.outSpatial));
  const correction = same ? native.sameCorrection : native.correction;
  if (correction !== null) t = ops.binary('Mul', t, ops.constant(correction, plan.outSpatial, 'float32'));
  const inSpatial = same ? plan.inSpatial : plan.inSpatial.map((s, d) => s + native.before[d] + native.after[d]);
  t = ops.avgPool3dGradChannelsFirst(
    depthShape(xShape, plan, inSpatial),
    t,
    depthAxes(native.kernel, 1),
    depthAxes(native.stride, UNIT_AXIS_STRIDE),
    same ? 'SAME' : 'VALID',
  );
  return same ? t : ops.padOrCrop(t, depthPads(native.before.map(b => -b)), depthPads(native.after.map(a => -a)));
}

// --- gather path ----------------------------------------------------------------------------------------------

/**
 * Along `axis` of t (length srcSize), output j is the sum of t[lo[j] .. hi[j]): one GatherV2 with an index table
 * [n, maxWindow] (positions past a short window read one appended zero), then Sum over the window axis.
 */
export function windowSum(
  ops: TfOps,
  t: TensorInfo,
  axis: number,
  lo: Int32Array,
  hi: Int32Array,
  srcSize: number,
): TensorInfo {
  const n = lo.length;
  let width = 1;
  let identity = n === srcSize;
  for (let j = 0; j < n; j++) {
    width = Math.max(width, hi[j] - lo[j]);
    identity = identity && lo[j] === j && hi[j] === j + 1;
  }
  if (identity) return t;
  const index = new Int32Array(n * width);
  let short = false;
  for (let j = 0; j < n; j++) {
    for (let m = 0; m < width; m++) {
      const i = lo[j] + m;
      short = short || i >= hi[j];
      index[j * width + m] = i < hi[j] ? i : srcSize;
    }
  }
  const src = short
    ? ops.padOrCrop(
        t,
        t.shape.map(() => 0),
        t.shape.map((_, d) => (d === axis ? 1 : 0)),
      )
    : t;
  if (width === 1) return ops.gather(src, index, [n], axis);
  return ops.sum(ops.gather(src, index, [n, width], axis), [axis + 1], false);
}

/**
 * t (channels-last, the output's spatial dims) divided as the plan's divisor rule says (the quotient half of the
 * divisor step; the sign-of-zero half is divisorStepTf): int32 with truncation by
 * the product (or override), float32 by the product (or override) in one division, or by each axis's factor in
 * turn (adaptive pools).
 */
export function divide(ops: TfOps, t: TensorInfo, plan: BoxPlan, integer: boolean): TensorInfo {
  const rule = plan.divisor;
  const dtype = integer ? 'int32' : 'float32';
  const op = integer ? 'TruncateDiv' : 'RealDiv';
  // Integer sums are int64 (boxAverage): so are their divisors.
  const constant = (values: number[] | Int32Array | Float32Array, shape: number[]) =>
    integer ? ops.cast(ops.constant(values, shape, 'int32'), 'int64') : ops.constant(values, shape, dtype);
  if (rule.kind === 'override') return ops.binary(op, t, constant([rule.value], []));
  const nd = plan.axes.length;
  if (rule.kind === 'product' || integer) {
    const divisor = outputDivisors(plan);
    if (divisor.every(v => v === 1)) return t;
    const table = integer ? Int32Array.from(divisor) : Float32Array.from(divisor);
    return ops.binary(op, t, constant(table, [...plan.outSpatial, 1]));
  }
  plan.axes.forEach((a, d) => {
    if (a.factor.every(f => f === 1)) return;
    const shape = Array.from({length: nd + 1}, (_, e) => (e === d ? a.outSize : 1));
    t = ops.binary('RealDiv', t, ops.constant(Float32Array.from(a.factor), shape, 'float32'));
  });
  return t;
}
