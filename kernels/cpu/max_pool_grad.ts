/** TorchMaxPoolGrad on cpu: the shared gather over covering outputs (../shared/max_pool.ts). */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planMax} from '../../src/geometry';
import {TorchMaxPoolGrad, TorchMaxPoolGradAttrs, TorchMaxPoolGradInputs} from '../../src/kernel_names';
import {maxPoolGrad} from '../shared/max_pool';
import {clMaxPoolGrad} from './channels_last';

function maxPoolGradKernel(args: {
  inputs: TorchMaxPoolGradInputs;
  backend: MathBackendCPU;
  attrs: TorchMaxPoolGradAttrs;
}) {
  if (args.attrs.layout === 'channelsLast') return clMaxPoolGrad(args);
  const {
    inputs: {dy, indices, x},
    backend,
    attrs: {spec},
  } = args;
  const dx = new Float32Array(util.sizeFromShape(x.shape));
  maxPoolGrad(
    backend.data.get(dy.dataId).values as Float32Array,
    backend.data.get(indices.dataId).values as Int32Array,
    planMax(x.shape, spec),
    dx,
  );
  return backend.makeTensorInfo(x.shape, 'float32', dx);
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: TorchMaxPoolGrad,
  backendName: 'cpu',
  kernelFunc: maxPoolGradKernel as unknown as KernelFunc,
};
