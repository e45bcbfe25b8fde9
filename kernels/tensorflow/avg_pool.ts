/**
 * TorchAvgPool on tfjs-node: avg_pool1d/2d/3d and adaptive_avg_pool1d/2d/3d, float32 and int32, computed by native
 * TensorFlow ops (AvgPool / AvgPool3D, or GatherV2 + Sum for int32 and uneven adaptive bins); see box_average_tf_ops.ts.
 */
import {KernelConfig, KernelFunc, TensorInfo, util, zeros} from '@tensorflow/tfjs-core';
import {planBox} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {boxAverageTfOps} from './box_average_tf_ops';
import {TfBackend, TfOps} from './tf_ops';

function avgPool(args: {inputs: TorchAvgPoolInputs; backend: TfBackend; attrs: TorchAvgPoolAttrs}): TensorInfo {
  const {
    inputs: {x},
    backend,
    attrs: {spec},
  } = args;
  const plan = planBox(x.shape, spec);
  // An empty batch (or an adaptive output size of 0): nothing to compute.
  if (util.sizeFromShape(plan.outShape) === 0) return zeros(plan.outShape, x.dtype);
  const ops = new TfOps(backend);
  try {
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
