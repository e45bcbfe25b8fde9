import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planMean} from '../../src/geometry';
import {TorchMean, TorchMeanAttrs, TorchMeanInputs} from '../../src/kernel_names';
import {meanReduce} from '../shared/mean';
import {meanSimd} from '../shared/mean_simd';

function mean(args: {inputs: TorchMeanInputs; backend: MathBackendCPU; attrs: TorchMeanAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {axes, keepDims},
  } = args;
  const plan = planMean(x.shape, axes);
  const shape = keepDims ? plan.keepShape : plan.outShape;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const values = backend.data.get(x.dataId).values as Float32Array;
  if (!meanSimd(values, plan, out)) meanReduce(values, plan, out);
  return backend.makeTensorInfo(shape, 'float32', out);
}

export const meanConfig: KernelConfig = {
  kernelName: TorchMean,
  backendName: 'cpu',
  kernelFunc: mean as unknown as KernelFunc,
};
