import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planBox} from '../../src/geometry';
import {TorchAvgPoolGrad, TorchAvgPoolGradAttrs, TorchAvgPoolGradInputs} from '../../src/kernel_names';
import {boxAverageGradScalar} from '../shared/box_average_scalar';
import {boxAverageGradSimd} from '../shared/box_simd';
import {clAvgPoolGrad} from './channels_last';

function avgPoolGrad(args: {inputs: TorchAvgPoolGradInputs; backend: MathBackendCPU; attrs: TorchAvgPoolGradAttrs}) {
  if (args.attrs.layout === 'channelsLast') return clAvgPoolGrad(args);
  const {
    inputs: {dy, x},
    backend,
    attrs: {spec},
  } = args;
  const dx = new Float32Array(util.sizeFromShape(x.shape));
  const dyValues = backend.data.get(dy.dataId).values as Float32Array;
  const plan = planBox(x.shape, spec);
  if (!boxAverageGradSimd(dyValues, plan, spec, dx)) boxAverageGradScalar(dyValues, plan, dx);
  return backend.makeTensorInfo(x.shape, 'float32', dx);
}

export const avgPoolGradConfig: KernelConfig = {
  kernelName: TorchAvgPoolGrad,
  backendName: 'cpu',
  kernelFunc: avgPoolGrad as unknown as KernelFunc,
};
