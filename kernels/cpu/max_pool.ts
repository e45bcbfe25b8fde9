/** TorchMaxPool on cpu: values and indices from one pass of the shared loop (../shared/max_pool.ts). */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planMax} from '../../src/geometry';
import {TorchMaxPool, TorchMaxPoolAttrs, TorchMaxPoolInputs} from '../../src/kernel_names';
import {maxPool} from '../shared/max_pool';

function maxPoolKernel(
    args: {inputs: TorchMaxPoolInputs, backend: MathBackendCPU, attrs: TorchMaxPoolAttrs}): TensorInfo[] {
  const {inputs: {x}, backend, attrs: {spec}} = args;
  const plan = planMax(x.shape, spec);
  const size = util.sizeFromShape(plan.outShape);
  const integer = x.dtype === 'int32';
  const out = integer ? new Int32Array(size) : new Float32Array(size);
  const indices = new Int32Array(size);
  maxPool(backend.data.get(x.dataId).values as Float32Array | Int32Array, plan, integer, out, indices);
  return [backend.makeTensorInfo(plan.outShape, x.dtype, out),
          backend.makeTensorInfo(plan.outShape, 'int32', indices)];
}

export const maxPoolConfig: KernelConfig = {
  kernelName: TorchMaxPool,
  backendName: 'cpu',
  kernelFunc: maxPoolKernel as unknown as KernelFunc,
};
