import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planBox} from '../../src/geometry';
import {TorchAvgPoolGrad, TorchAvgPoolGradAttrs, TorchAvgPoolGradInputs} from '../../src/kernel_names';
import {boxAverageGrad} from '../shared/box_average';

function avgPoolGrad(args: {inputs: TorchAvgPoolGradInputs, backend: BackendWasm, attrs: TorchAvgPoolGradAttrs}) {
  const {inputs: {dy, x}, backend, attrs: {spec}} = args;
  const dx = backend.makeOutput(x.shape, 'float32');
  boxAverageGrad(backend.typedArrayFromHeap(dy) as Float32Array, planBox(x.shape, spec),
                 backend.typedArrayFromHeap(dx) as Float32Array);
  return dx;
}

export const avgPoolGradConfig: KernelConfig = {
  kernelName: TorchAvgPoolGrad,
  backendName: 'wasm',
  kernelFunc: avgPoolGrad as unknown as KernelFunc,
};
