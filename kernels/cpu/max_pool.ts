/**
 * TorchMaxPool on cpu: values and indices in one pass (TorchMaxPoolValues: the values alone), float32 plain pools in the SIMD module (../shared/max_simd.ts),
 * everything else (int32, adaptive, no WebAssembly SIMD) in the shared loop (../shared/max_pool.ts); same bits.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planMax} from '../../src/geometry';
import {TorchMaxPool, TorchMaxPoolAttrs, TorchMaxPoolInputs, TorchMaxPoolValues} from '../../src/kernel_names';
import {maxPool} from '../shared/max_pool';
import {maxPoolSimd} from '../shared/max_simd';
import {clMaxPool} from './channels_last';

type Args = {inputs: TorchMaxPoolInputs; backend: MathBackendCPU; attrs: TorchMaxPoolAttrs};

/** Values and, where `withIndices`, indices (the values-only SIMD loop keeps no index chain). */
function pool(args: Args, withIndices: boolean): TensorInfo[] {
  if (args.attrs.layout === 'channelsLast') return clMaxPool(args, withIndices);
  const {
    inputs: {x},
    backend,
    attrs: {spec},
  } = args;
  const plan = planMax(x.shape, spec);
  const size = util.sizeFromShape(plan.outShape);
  const integer = x.dtype === 'int32';
  const out = integer ? new Int32Array(size) : new Float32Array(size);
  const indices = withIndices ? new Int32Array(size) : null;
  const values = backend.data.get(x.dataId).values as Float32Array | Int32Array;
  if (integer || !maxPoolSimd(values as Float32Array, plan, spec, out as Float32Array, indices)) {
    maxPool(values, plan, integer, out, indices ?? new Int32Array(size));
  }
  const result = [backend.makeTensorInfo(plan.outShape, x.dtype, out)];
  if (indices) result.push(backend.makeTensorInfo(plan.outShape, 'int32', indices));
  return result;
}

export const maxPoolConfig: KernelConfig = {
  kernelName: TorchMaxPool,
  backendName: 'cpu',
  kernelFunc: (args => pool(args as unknown as Args, true)) as KernelFunc,
};

export const maxPoolValuesConfig: KernelConfig = {
  kernelName: TorchMaxPoolValues,
  backendName: 'cpu',
  kernelFunc: (args => pool(args as unknown as Args, false)[0]) as KernelFunc,
};
