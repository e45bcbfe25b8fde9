import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planMean} from '../../src/geometry';
import {TorchMean, TorchMeanAttrs, TorchMeanInputs} from '../../src/kernel_names';
import {meanReduce} from '../shared/mean';
import {meanSimdHeap} from '../shared/mean_simd';

function mean(args: {inputs: TorchMeanInputs; backend: BackendWasm; attrs: TorchMeanAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {axes, keepDims},
  } = args;
  const plan = planMean(x.shape, axes);
  const out = backend.makeOutput(keepDims ? plan.keepShape : plan.outShape, 'float32');
  if (
    !meanSimdHeap(
      backend,
      backend.typedArrayFromHeap(x) as Float32Array,
      plan,
      backend.typedArrayFromHeap(out) as Float32Array,
    )
  ) {
    meanReduce(backend.typedArrayFromHeap(x) as Float32Array, plan, backend.typedArrayFromHeap(out) as Float32Array);
  }
  return out;
}

export const meanConfig: KernelConfig = {
  kernelName: TorchMean,
  backendName: 'wasm',
  kernelFunc: mean as unknown as KernelFunc,
};
