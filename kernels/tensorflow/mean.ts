/**
 * TorchMean on tfjs-node: TensorFlow's Mean over the axes (float32, keep_dims as asked), which sums and then divides
 * the sum by float32(N), as ATen does (sum first: [3e38, 3e38] averages to inf; N = 0 gives 0 / 0 = NaN, as in
 * PyTorch) — the same values as Sum then RealDiv, in one op (over H, W of [8,64,56,56], Sum + RealDiv took 1.27×
 * tfjs-node's own tf.mean, which runs Mean; one Mean, 1.00×). No axes (a 0-d input): the value itself, as a new
 * tensor.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {planMean} from '../../src/geometry';
import {TorchMean, TorchMeanAttrs, TorchMeanInputs} from '../../src/kernel_names';
import {TfBackend, TfOps} from './tf_ops';

function mean(args: {inputs: TorchMeanInputs; backend: TfBackend; attrs: TorchMeanAttrs}): TensorInfo {
  const {
    inputs: {x},
    backend,
    attrs: {axes, keepDims},
  } = args;
  const plan = planMean(x.shape, axes);
  const ops = new TfOps(backend);
  try {
    if (plan.axes.length === 0) return ops.keep(ops.reshape(x, keepDims ? plan.keepShape : plan.outShape));
    return ops.keep(ops.mean(x, plan.axes, keepDims));
  } finally {
    ops.dispose();
  }
}

export const meanConfig: KernelConfig = {
  kernelName: TorchMean,
  backendName: 'tensorflow',
  kernelFunc: mean as unknown as KernelFunc,
};
