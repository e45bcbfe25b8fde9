/**
 * TorchAvgPoolGrad on tfjs-node: dx[i] = Σ dy[o] / divisor(o) over the outputs o whose window holds i, computed by
 * native TensorFlow ops (AvgPoolGrad / AvgPool3DGrad on dy scaled per output, or GatherV2 + Sum over the plan's
 * gradStart/gradEnd tables for uneven adaptive bins); see box_average_tf_ops.ts.
 */
import {KernelConfig, KernelFunc, TensorInfo, util, zeros} from '@tensorflow/tfjs-core';
import {layoutOf, logicalShape, planBox, spatialRank} from '../../src/geometry';
import {TorchAvgPoolGrad, TorchAvgPoolGradAttrs, TorchAvgPoolGradInputs} from '../../src/kernel_names';
import {boxAverageGradTfOps} from './box_average_tf_ops';
import {boxAverageGradChannelsLast} from './channels_last_box';
import {TfBackend, TfOps} from './tf_ops';

function avgPoolGrad(args: {
  inputs: TorchAvgPoolGradInputs;
  backend: TfBackend;
  attrs: TorchAvgPoolGradAttrs;
}): TensorInfo {
  const {
    inputs: {dy, x},
    backend,
    attrs: {spec, layout},
  } = args;
  const last = layoutOf(layout) === 'channelsLast';
  const plan = planBox(last ? logicalShape(x.shape, spatialRank(spec), 'channelsLast') : x.shape, spec);
  // No input cells, or no outputs (adaptive output size 0): the gradient is all zeros.
  if (util.sizeFromShape(x.shape) === 0 || util.sizeFromShape(dy.shape) === 0) return zeros(x.shape, 'float32');
  const ops = new TfOps(backend);
  try {
    // channels-last: TensorFlow's own NHWC, read in place (channels_last_box.ts)
    if (last) return ops.keep(boxAverageGradChannelsLast(ops, dy, x.shape, plan, spec));
    return ops.keep(boxAverageGradTfOps(ops, dy, x.shape, plan, spec));
  } finally {
    ops.dispose();
  }
}

export const avgPoolGradConfig: KernelConfig = {
  kernelName: TorchAvgPoolGrad,
  backendName: 'tensorflow',
  kernelFunc: avgPoolGrad as unknown as KernelFunc,
};
