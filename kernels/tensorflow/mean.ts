/**
 * TorchMean on tfjs-node: TensorFlow's Sum over the axes (float32, keep_dims as asked), then one RealDiv by
 * float32(N), as ATen divides the sum (sum first: [3e38, 3e38] averages to inf). N = 0 gives 0 / 0 = NaN, as in
 * PyTorch. No axes (a 0-d input): the value itself, as a new tensor.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {planMean} from '../../src/geometry';
import {TorchMean, TorchMeanAttrs, TorchMeanInputs} from '../../src/kernel_names';
import {TfBackend, TfOps} from './tf_ops';

function mean(args: {inputs: TorchMeanInputs, backend: TfBackend, attrs: TorchMeanAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs: {axes, keepDims}} = args;
  const plan = planMean(x.shape, axes);
  const ops = new TfOps(backend);
  try {
    if (plan.axes.length === 0) return ops.keep(ops.reshape(x, keepDims ? plan.keepShape : plan.outShape));
    const sum = ops.sum(x, plan.axes, keepDims);
    return ops.keep(ops.binary('RealDiv', sum, ops.constant([plan.reduceSize], [], 'float32')));
  } finally {
    ops.dispose();
  }
}

export const meanConfig: KernelConfig = {
  kernelName: TorchMean,
  backendName: 'tensorflow',
  kernelFunc: mean as unknown as KernelFunc,
};
