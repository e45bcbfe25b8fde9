/** TorchMaxUnpool and TorchGatherPlanes on cpu: the shared scatter and gather (../shared/max_pool.ts). */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planeLayout} from '../../src/geometry';
import {
  TorchGatherPlanes,
  TorchGatherPlanesAttrs,
  TorchGatherPlanesInputs,
  TorchMaxUnpool,
  TorchMaxUnpoolAttrs,
  TorchMaxUnpoolInputs,
} from '../../src/kernel_names';
import {gatherPlanes, maxUnpool} from '../shared/max_pool';
import {clGatherPlanes, clMaxUnpool} from './channels_last';

type Values = Float32Array | Int32Array;

function newValues(dtype: string, size: number): Values {
  return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
}

function maxUnpoolKernel(args: {inputs: TorchMaxUnpoolInputs; backend: MathBackendCPU; attrs: TorchMaxUnpoolAttrs}) {
  if (args.attrs.layout === 'channelsLast') return clMaxUnpool(args);
  const {
    inputs: {x, indices},
    backend,
    attrs: {outputSize},
  } = args;
  const outShape = [...x.shape.slice(0, x.shape.length - outputSize.length), ...outputSize];
  const out = newValues(x.dtype, util.sizeFromShape(outShape));
  maxUnpool(
    backend.data.get(x.dataId).values as Values,
    backend.data.get(indices.dataId).values as Int32Array,
    planeLayout(x.shape, outputSize),
    out,
  );
  return backend.makeTensorInfo(outShape, x.dtype, out);
}

function gatherPlanesKernel(args: {
  inputs: TorchGatherPlanesInputs;
  backend: MathBackendCPU;
  attrs: TorchGatherPlanesAttrs;
}) {
  if (args.attrs.layout === 'channelsLast') return clGatherPlanes(args);
  const {
    inputs: {x, indices},
    backend,
    attrs: {rank},
  } = args;
  const out = newValues(x.dtype, util.sizeFromShape(indices.shape));
  gatherPlanes(
    backend.data.get(x.dataId).values as Values,
    backend.data.get(indices.dataId).values as Int32Array,
    planeLayout(indices.shape, x.shape.slice(x.shape.length - rank)),
    out,
  );
  return backend.makeTensorInfo(indices.shape, x.dtype, out);
}

export const maxUnpoolConfig: KernelConfig = {
  kernelName: TorchMaxUnpool,
  backendName: 'cpu',
  kernelFunc: maxUnpoolKernel as unknown as KernelFunc,
};

export const gatherPlanesConfig: KernelConfig = {
  kernelName: TorchGatherPlanes,
  backendName: 'cpu',
  kernelFunc: gatherPlanesKernel as unknown as KernelFunc,
};
