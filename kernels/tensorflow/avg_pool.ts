/**
 * TorchAvgPool on tfjs-node: avg_pool1d/2d/3d and adaptive_avg_pool1d/2d/3d, float32 and int32, computed by native
 * TensorFlow ops (AvgPool / AvgPool3D, or GatherV2 + Sum for int32 and uneven adaptive bins); see box_average_tf_ops.ts.
 */
import {KernelConfig, KernelFunc, TensorInfo, util, zeros} from '@tensorflow/tfjs-core';
import {layoutOf, logicalShape, planBox, spatialRank, storedShape} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {boxAverageTfOps} from './box_average_tf_ops';
import {boxAverageChannelsLast} from './channels_last_box';
import {TfBackend, TfOps} from './tf_ops';

function avgPool(args: {inputs: TorchAvgPoolInputs; backend: TfBackend; attrs: TorchAvgPoolAttrs}): TensorInfo {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  const last = layoutOf(layout) === 'channelsLast';
  const plan = planBox(last ? logicalShape(x.shape, spatialRank(spec), 'channelsLast') : x.shape, spec);
  // An empty batch (or an adaptive output size of 0): nothing to compute.
  if (util.sizeFromShape(plan.outShape) === 0) {
    return zeros(storedShape(plan.outShape, spatialRank(spec), layoutOf(layout)), x.dtype);
  }
  const ops = new TfOps(backend);
  try {
    // channels-last: TensorFlow's own NHWC, read in place (channels_last_box.ts)
    if (last) return ops.keep(boxAverageChannelsLast(ops, x, plan, spec));
    return ops.keep(boxAverageTfOps(ops, x, plan, spec));
  } finally {
    ops.dispose();
  }
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'tensorflow',
  kernelFunc: avgPool as unknown as KernelFunc,
};
