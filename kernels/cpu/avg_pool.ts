import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planBox} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {boxAverageScalar} from '../shared/box_average_scalar';
import {boxAverageSimd} from '../shared/box_simd';
import {clAvgPool} from './channels_last';

function avgPool(args: {inputs: TorchAvgPoolInputs; backend: MathBackendCPU; attrs: TorchAvgPoolAttrs}) {
  if (args.attrs.layout === 'channelsLast') return clAvgPool(args);
  const {
    inputs: {x},
    backend,
    attrs: {spec},
  } = args;
  const plan = planBox(x.shape, spec);
  const integer = x.dtype === 'int32';
  const out = integer
    ? new Int32Array(plan.outShape.reduce((a, b) => a * b, 1))
    : new Float32Array(plan.outShape.reduce((a, b) => a * b, 1));
  const values = backend.data.get(x.dataId).values as Float32Array | Int32Array;
  if (integer || !boxAverageSimd(values as Float32Array, plan, spec, out as Float32Array)) {
    boxAverageScalar(values, plan, integer, out);
  }
  return backend.makeTensorInfo(plan.outShape, x.dtype, out);
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'cpu',
  kernelFunc: avgPool as unknown as KernelFunc,
};
