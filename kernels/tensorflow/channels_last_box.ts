/**
 * TorchAvgPool and TorchAvgPoolGrad with `layout: 'channelsLast'` on tfjs-node: x, dy and the results are stored
 * [...batch, ...spatial, C] (src/geometry/memory_layout.ts), which is TensorFlow's own NHWC / NDHWC, so the native
 * pools read them in place: no Transpose, only reshapes (a 1-d pool gains a unit H; an unbatched tensor a unit N).
 *
 * The arithmetic is box_average_tf_ops.ts's, on the same BoxPlan (built from the logical shape): float32 strided
 * windows by AvgPool ('SAME' where TensorFlow's windows are the plan's, else zero padding and 'VALID') times the
 * k / divisor table; int32 and uneven adaptive bins by GatherV2 + Sum along each spatial axis, int32 in int64. Only
 * the axes differ: the planes are the stored tensor's own batch and channel axes, [n, spatial..., C].
 */
import {Tensor, TensorInfo} from '@tensorflow/tfjs-core';
import {BoxPlan, WindowSpec, storedShape, tfPoolWindows} from '../../src/geometry';
import {correctTf, divide, divisorStepTf, nativePoolBackward, nativePoolForward, windowSum} from './box_average_tf_ops';
import {poolAxes, poolShape} from './channels_last';
import {TfOps} from './tf_ops';

/** n, the planes' batch: planes = n · C (an empty tensor never gets here). */
function batchOf(plan: BoxPlan, channels: number): number {
  return plan.planes / channels;
}

/** [n, (1,) spatial..., C]: what TensorFlow's 2-d (a 1-d pool with H = 1) and 3-d pools read. */
function nhwc(n: number, spatial: number[], channels: number): number[] {
  return [n, ...poolShape(spatial, channels).slice(1)];
}

/** The average pool of channels-last x (stored [...batch, ...spatial, C]); the result is stored the same way. */
export function boxAverageChannelsLast(ops: TfOps, x: TensorInfo, plan: BoxPlan, spec: WindowSpec): Tensor {
  const {inSpatial, outSpatial} = plan;
  const nd = plan.axes.length;
  const C = x.shape[x.shape.length - 1];
  const n = batchOf(plan, C);
  const native = x.dtype === 'float32' ? tfPoolWindows(plan, spec) : null;
  let t: TensorInfo;
  if (native !== null) {
    t = ops.view(x, nhwc(n, inSpatial, C));
    if (native.same) {
      t = nativePoolForward(ops, t, native, 'SAME');
    } else {
      t = ops.padOrCrop(t, poolAxes(native.before), poolAxes(native.after));
      t = nativePoolForward(ops, t, native);
    }
    // the correction and the sign-of-zero step (one op where the table widens)
    const [table, widens] = native.same
      ? [native.sameCorrection, native.sameCorrectionWidens]
      : [native.correction, native.correctionWidens];
    t = correctTf(ops, t, table, widens, poolShape(outSpatial, 1), plan);
  } else {
    // [n, spatial..., C]: spatial axis d is axis d + 1
    t = ops.view(x, [n, ...inSpatial, C]);
    // int32 plays torch.int64: sum in int64, divide, keep the low 32 bits (as the channels-first path)
    const integer = x.dtype === 'int32';
    if (integer) t = ops.cast(t, 'int64');
    plan.axes.forEach((a, d) => {
      t = windowSum(ops, t, d + 1, a.start, a.end, a.inSize);
    });
    t = divide(ops, t, plan, integer);
    t = integer ? ops.cast(t, 'int32') : divisorStepTf(ops, t, plan);
  }
  return ops.reshape(t, storedShape(plan.outShape, nd, 'channelsLast'));
}

/** The gradient of boxAverageChannelsLast: dy stored channels-last → dx stored as `xShape` (channels-last). */
export function boxAverageGradChannelsLast(
  ops: TfOps,
  dy: TensorInfo,
  xShape: number[],
  plan: BoxPlan,
  spec: WindowSpec,
): Tensor {
  const {inSpatial, outSpatial} = plan;
  const C = xShape[xShape.length - 1];
  const n = batchOf(plan, C);
  const native = tfPoolWindows(plan, spec);
  let t: TensorInfo;
  if (native !== null) {
    t = ops.view(dy, nhwc(n, outSpatial, C));
    const correction = native.same ? native.sameCorrection : native.correction;
    if (correction !== null) t = ops.binary('Mul', t, ops.constant(correction, poolShape(outSpatial, 1), 'float32'));
    if (native.same) {
      t = nativePoolBackward(ops, t, nhwc(n, inSpatial, C), native, 'SAME');
    } else {
      const padded = inSpatial.map((s, d) => s + native.before[d] + native.after[d]);
      t = nativePoolBackward(ops, t, nhwc(n, padded, C), native);
      t = ops.padOrCrop(t, poolAxes(native.before.map(b => -b)), poolAxes(native.after.map(a => -a)));
    }
  } else {
    t = ops.view(dy, [n, ...outSpatial, C]);
    t = divide(ops, t, plan, false);
    plan.axes.forEach((a, d) => {
      t = windowSum(ops, t, d + 1, a.gradStart, a.gradEnd, a.outSize);
    });
  }
  return ops.reshape(t, xShape);
}
