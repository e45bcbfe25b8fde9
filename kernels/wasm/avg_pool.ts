/**
 * wasm kernels are JavaScript over the wasm heap: the output is allocated on the heap first (makeOutput), then
 * the shared typed-array loops read and write heap views, so no tensor is copied in or out. Same loops as the
 * cpu backend, hence the same PyTorch-exact float32 arithmetic.
 */
import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planBox} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {boxAverage} from '../shared/box_average';

function avgPool(args: {inputs: TorchAvgPoolInputs, backend: BackendWasm, attrs: TorchAvgPoolAttrs}) {
  const {inputs: {x}, backend, attrs: {spec}} = args;
  const plan = planBox(x.shape, spec);
  const out = backend.makeOutput(plan.outShape, x.dtype);
  boxAverage(backend.typedArrayFromHeap(x) as Float32Array | Int32Array, plan, x.dtype === 'int32',
             backend.typedArrayFromHeap(out) as Float32Array | Int32Array);
  return out;
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'wasm',
  kernelFunc: avgPool as unknown as KernelFunc,
};
