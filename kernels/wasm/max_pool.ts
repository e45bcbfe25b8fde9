/**
 * The max-pooling family on wasm: the cpu backend's shared loops (../shared/max_pool.ts) and SIMD forward
 * (../shared/max_simd.ts) over views of tfjs-wasm's heap, outputs allocated there first (makeOutput), so results are
 * the cpu backend's, bit for bit.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planMax, planeLayout} from '../../src/geometry';
import {
  TorchGatherPlanes,
  TorchGatherPlanesAttrs,
  TorchGatherPlanesInputs,
  TorchMaxPool,
  TorchMaxPoolAttrs,
  TorchMaxPoolGrad,
  TorchMaxPoolGradAttrs,
  TorchMaxPoolGradInputs,
  TorchMaxPoolInputs,
  TorchMaxPoolValues,
  TorchMaxUnpool,
  TorchMaxUnpoolAttrs,
  TorchMaxUnpoolInputs,
} from '../../src/kernel_names';
import {gatherPlanes, maxPool, maxPoolGrad, maxUnpool} from '../shared/max_pool';
import {maxPoolSimdHeap} from '../shared/max_simd';
import {clGatherPlanes, clMaxPool, clMaxPoolGrad, clMaxUnpool} from './channels_last';

type Values = Float32Array | Int32Array;

type PoolArgs = {inputs: TorchMaxPoolInputs; backend: BackendWasm; attrs: TorchMaxPoolAttrs};

/** [values, indices], or [values] alone (TorchMaxPoolValues: the SIMD loop then keeps no index chain). */
function pool(args: PoolArgs, withIndices: boolean): TensorInfo[] {
  if (args.attrs.layout === 'channelsLast') return clMaxPool(args, withIndices);
  const {
    inputs: {x},
    backend,
    attrs: {spec},
  } = args;
  const plan = planMax(x.shape, spec);
  const out = backend.makeOutput(plan.outShape, x.dtype);
  const indices = withIndices ? backend.makeOutput(plan.outShape, 'int32') : null;
  // Views are taken after every allocation: makeOutput may grow (and so detach) the heap.
  const integer = x.dtype === 'int32';
  const [xv, ov] = [backend.typedArrayFromHeap(x) as Values, backend.typedArrayFromHeap(out) as Values];
  const iv = indices ? (backend.typedArrayFromHeap(indices) as Int32Array) : null;
  // float32 plain pools in the SIMD module in place (../shared/max_simd.ts), the rest in the shared loop: same bits
  if (integer || !maxPoolSimdHeap(backend, xv as Float32Array, plan, spec, ov as Float32Array, iv)) {
    maxPool(xv, plan, integer, ov, iv ?? new Int32Array(ov.length));
  }
  return indices ? [out, indices] : [out];
}

function maxPoolGradKernel(args: {inputs: TorchMaxPoolGradInputs; backend: BackendWasm; attrs: TorchMaxPoolGradAttrs}) {
  if (args.attrs.layout === 'channelsLast') return clMaxPoolGrad(args);
  const {
    inputs: {dy, indices, x},
    backend,
    attrs: {spec},
  } = args;
  const dx = backend.makeOutput(x.shape, 'float32');
  maxPoolGrad(
    backend.typedArrayFromHeap(dy) as Float32Array,
    backend.typedArrayFromHeap(indices) as Int32Array,
    planMax(x.shape, spec),
    backend.typedArrayFromHeap(dx) as Float32Array,
  );
  return dx;
}

function maxUnpoolKernel(args: {inputs: TorchMaxUnpoolInputs; backend: BackendWasm; attrs: TorchMaxUnpoolAttrs}) {
  if (args.attrs.layout === 'channelsLast') return clMaxUnpool(args);
  const {
    inputs: {x, indices},
    backend,
    attrs: {outputSize},
  } = args;
  const out = backend.makeOutput([...x.shape.slice(0, x.shape.length - outputSize.length), ...outputSize], x.dtype);
  maxUnpool(
    backend.typedArrayFromHeap(x) as Values,
    backend.typedArrayFromHeap(indices) as Int32Array,
    planeLayout(x.shape, outputSize),
    backend.typedArrayFromHeap(out) as Values,
  );
  return out;
}

function gatherPlanesKernel(args: {
  inputs: TorchGatherPlanesInputs;
  backend: BackendWasm;
  attrs: TorchGatherPlanesAttrs;
}): TensorInfo {
  if (args.attrs.layout === 'channelsLast') return clGatherPlanes(args);
  const {
    inputs: {x, indices},
    backend,
    attrs: {rank},
  } = args;
  const out = backend.makeOutput(indices.shape, x.dtype);
  gatherPlanes(
    backend.typedArrayFromHeap(x) as Values,
    backend.typedArrayFromHeap(indices) as Int32Array,
    planeLayout(indices.shape, x.shape.slice(x.shape.length - rank)),
    backend.typedArrayFromHeap(out) as Values,
  );
  return out;
}

function config(kernelName: string, kernelFunc: unknown): KernelConfig {
  return {kernelName, backendName: 'wasm', kernelFunc: kernelFunc as KernelFunc};
}

export const maxFamilyConfigs: KernelConfig[] = [
  config(TorchMaxPool, (args: PoolArgs) => pool(args, true)),
  config(TorchMaxPoolValues, (args: PoolArgs) => pool(args, false)[0]),
  config(TorchMaxPoolGrad, maxPoolGradKernel),
  config(TorchMaxUnpool, maxUnpoolKernel),
  config(TorchGatherPlanes, gatherPlanesKernel),
];
