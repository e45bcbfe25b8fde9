/**
 * The pooling family's channels-last kernels on wasm (attrs.layout 'channelsLast'; src/geometry/memory_layout.ts):
 * the cpu backend's (../cpu/channels_last.ts) over views of tfjs-wasm's heap, outputs allocated there first
 * (makeOutput) and views taken after every allocation; float32 forwards in the SIMD module in place
 * (../shared/channels_last_simd.ts), the rest in the shared loops (../shared/channels_last_scalar.ts); same bits.
 */
import {TensorInfo, util} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {maxSpatialRank, planBox, planMax, productDivisorChannels, spatialRank, storedShape} from '../../src/geometry';
import type {
  TorchAvgPoolAttrs,
  TorchAvgPoolGradInputs,
  TorchAvgPoolInputs,
  TorchGatherPlanesAttrs,
  TorchGatherPlanesInputs,
  TorchMaxPoolAttrs,
  TorchMaxPoolGradInputs,
  TorchMaxPoolInputs,
  TorchMaxUnpoolAttrs,
  TorchMaxUnpoolInputs,
} from '../../src/kernel_names';
import {
  boxAverageChannelsLast,
  boxAverageGradChannelsLast,
  channelsLast,
  gatherPlanesChannelsLast,
  maxPoolChannelsLast,
  maxPoolGradChannelsLast,
  maxUnpoolChannelsLast,
} from '../shared/channels_last_scalar';
import {
  boxAverageChannelsLastSimd,
  boxAverageGradChannelsLastSimd,
  maxPoolChannelsLastSimd,
} from '../shared/channels_last_simd';

type Values = Float32Array | Int32Array;
type Args<I, A> = {inputs: I; backend: BackendWasm; attrs: A};

export function clAvgPool({inputs: {x}, backend, attrs: {spec}}: Args<TorchAvgPoolInputs, TorchAvgPoolAttrs>) {
  const nd = spatialRank(spec);
  const t = channelsLast(x.shape, nd);
  const plan = planBox(t.logical, spec);
  const out = backend.makeOutput(storedShape(plan.outShape, nd, 'channelsLast'), x.dtype);
  const integer = x.dtype === 'int32';
  const productBelow = productDivisorChannels(spec, t.addr.channels);
  const view = (u: TensorInfo) => backend.typedArrayFromHeap(u) as Values;
  if (
    integer ||
    !boxAverageChannelsLastSimd(
      backend,
      view(x) as Float32Array,
      plan,
      spec,
      t,
      productBelow,
      view(out) as Float32Array,
    )
  ) {
    // Fresh views: the SIMD path may have grown the heap before declining.
    boxAverageChannelsLast(view(x), plan, t, integer, productBelow, view(out));
  }
  return out;
}

export function clAvgPoolGrad({
  inputs: {dy, x},
  backend,
  attrs: {spec},
}: Args<TorchAvgPoolGradInputs, TorchAvgPoolAttrs>) {
  const t = channelsLast(x.shape, spatialRank(spec));
  const plan = planBox(t.logical, spec);
  const dx = backend.makeOutput(x.shape, 'float32');
  const productBelow = productDivisorChannels(spec, t.addr.channels);
  const view = (u: TensorInfo) => backend.typedArrayFromHeap(u) as Float32Array;
  if (!boxAverageGradChannelsLastSimd(backend, view(dy), plan, spec, t, productBelow, view(dx))) {
    boxAverageGradChannelsLast(view(dy), plan, t, productBelow, view(dx));
  }
  return dx;
}

/** [values, indices], or [values] alone (TorchMaxPoolValues). */
export function clMaxPool(
  {inputs: {x}, backend, attrs: {spec}}: Args<TorchMaxPoolInputs, TorchMaxPoolAttrs>,
  withIndices: boolean,
): TensorInfo[] {
  const nd = maxSpatialRank(spec);
  const t = channelsLast(x.shape, nd);
  const plan = planMax(t.logical, spec);
  const shape = storedShape(plan.outShape, nd, 'channelsLast');
  const out = backend.makeOutput(shape, x.dtype);
  const indices = withIndices ? backend.makeOutput(shape, 'int32') : null;
  const integer = x.dtype === 'int32';
  const view = (u: TensorInfo) => backend.typedArrayFromHeap(u) as Values;
  const iv = () => (indices ? (view(indices) as Int32Array) : null);
  if (integer || !maxPoolChannelsLastSimd(backend, view(x) as Float32Array, plan, t, view(out) as Float32Array, iv())) {
    const ov = view(out);
    maxPoolChannelsLast(view(x), plan, t, integer, ov, iv() ?? new Int32Array(ov.length));
  }
  return indices ? [out, indices] : [out];
}

export function clMaxPoolGrad({
  inputs: {dy, indices, x},
  backend,
  attrs: {spec},
}: Args<TorchMaxPoolGradInputs, TorchMaxPoolAttrs>) {
  const t = channelsLast(x.shape, maxSpatialRank(spec));
  const dx = backend.makeOutput(x.shape, 'float32');
  maxPoolGradChannelsLast(
    backend.typedArrayFromHeap(dy) as Float32Array,
    backend.typedArrayFromHeap(indices) as Int32Array,
    planMax(t.logical, spec),
    t,
    backend.typedArrayFromHeap(dx) as Float32Array,
  );
  return dx;
}

export function clMaxUnpool({
  inputs: {x, indices},
  backend,
  attrs: {outputSize},
}: Args<TorchMaxUnpoolInputs, TorchMaxUnpoolAttrs>) {
  const nd = outputSize.length;
  const t = channelsLast(x.shape, nd);
  const out = backend.makeOutput(
    storedShape([...t.logical.slice(0, t.logical.length - nd), ...outputSize], nd, 'channelsLast'),
    x.dtype,
  );
  maxUnpoolChannelsLast(
    backend.typedArrayFromHeap(x) as Values,
    backend.typedArrayFromHeap(indices) as Int32Array,
    t,
    util.sizeFromShape(outputSize),
    backend.typedArrayFromHeap(out) as Values,
  );
  return out;
}

export function clGatherPlanes({
  inputs: {x, indices},
  backend,
  attrs: {rank},
}: Args<TorchGatherPlanesInputs, TorchGatherPlanesAttrs>) {
  const out = backend.makeOutput(indices.shape, x.dtype);
  gatherPlanesChannelsLast(
    backend.typedArrayFromHeap(x) as Values,
    backend.typedArrayFromHeap(indices) as Int32Array,
    channelsLast(indices.shape, rank),
    channelsLast(x.shape, rank).addr.planeSize,
    backend.typedArrayFromHeap(out) as Values,
  );
  return out;
}
