/**
 * TorchMaxPool on cpu: values and indices in one pass, float32 plain pools in the SIMD module (../shared/max_simd.ts),
 * everything else (int32, adaptive, no WebAssembly SIMD) in the shared loop (../shared/max_pool.ts); same bits.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planMax} from '../../src/geometry';
import {TorchMaxPool, TorchMaxPoolAttrs, TorchMaxPoolInputs} from '../../src/kernel_names';
import {maxPool} from '../shared/max_pool';
import {maxPoolSimd} from '../shared/max_simd';

function maxPoolKernel(
    args: {inputs: TorchMaxPoolInputs, backend: MathBackendCPU, attrs: TorchMaxPoolAttrs}): TensorInfo[] {
  const {inputs: {x}, backend, attrs: {spec}} = args;
  const plan = planMax(x.shape, spec);
  const size = util.sizeFromShape(plan.outShape);
  const integer = x.dtype === 'int32';
  const out = integer ? new Int32Array(size) : new Float32Array(size);
  const indices = new Int32Array(size);
  const values = backend.data.get(x.dataId).values as Float32Array | Int32Array;
  if (integer || !maxPoolSimd(values as Float32Array, plan, spec, out as Float32Array, indices)) {
    maxPool(values, plan, integer, out, indices);
  }
  return [backend.makeTensorInfo(plan.outShape, x.dtype, out),
          backend.makeTensorInfo(plan.outShape, 'int32', indices)];
}

export const maxPoolConfig: KernelConfig = {
  kernelName: TorchMaxPool,
  backendName: 'cpu',
  kernelFunc: maxPoolKernel as unknown as KernelFunc,
};
