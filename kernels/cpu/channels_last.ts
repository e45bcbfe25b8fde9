/**
 * The pooling family's channels-last kernels on cpu (attrs.layout 'channelsLast'; src/geometry/memory_layout.ts):
 * x, dy, outputs and indices stored [...batch, ...spatial, C]. Plans are the layout-free ones of the logical shape;
 * float32 forwards run in the SIMD module (../shared/channels_last_simd.ts), everything else in the shared loops
 * (../shared/channels_last_scalar.ts); same bits. The kernels of ./avg_pool.ts etc. dispatch here.
 */
import {TensorInfo, util} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
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
type Args<I, A> = {inputs: I; backend: MathBackendCPU; attrs: A};

function valuesOf(backend: MathBackendCPU, t: TensorInfo): Values {
  return backend.data.get(t.dataId).values as Values;
}

function newValues(dtype: string, size: number): Values {
  return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
}

export function clAvgPool({inputs: {x}, backend, attrs: {spec}}: Args<TorchAvgPoolInputs, TorchAvgPoolAttrs>) {
  const nd = spatialRank(spec);
  const t = channelsLast(x.shape, nd);
  const plan = planBox(t.logical, spec);
  const integer = x.dtype === 'int32';
  const out = newValues(x.dtype, util.sizeFromShape(plan.outShape));
  const xv = valuesOf(backend, x);
  const productBelow = productDivisorChannels(spec, t.addr.channels);
  if (
    integer ||
    !boxAverageChannelsLastSimd(null, xv as Float32Array, plan, spec, t, productBelow, out as Float32Array)
  ) {
    boxAverageChannelsLast(xv, plan, t, integer, productBelow, out);
  }
  return backend.makeTensorInfo(storedShape(plan.outShape, nd, 'channelsLast'), x.dtype, out);
}

export function clAvgPoolGrad({
  inputs: {dy, x},
  backend,
  attrs: {spec},
}: Args<TorchAvgPoolGradInputs, TorchAvgPoolAttrs>) {
  const t = channelsLast(x.shape, spatialRank(spec));
  const plan = planBox(t.logical, spec);
  const dx = new Float32Array(util.sizeFromShape(x.shape));
  const dyv = valuesOf(backend, dy) as Float32Array;
  const productBelow = productDivisorChannels(spec, t.addr.channels);
  if (!boxAverageGradChannelsLastSimd(null, dyv, plan, spec, t, productBelow, dx)) {
    boxAverageGradChannelsLast(dyv, plan, t, productBelow, dx);
  }
  return backend.makeTensorInfo(x.shape, 'float32', dx);
}

/** [values, indices], or [values] alone (TorchMaxPoolValues). */
export function clMaxPool(
  {inputs: {x}, backend, attrs: {spec}}: Args<TorchMaxPoolInputs, TorchMaxPoolAttrs>,
  withIndices: boolean,
): TensorInfo[] {
  const nd = maxSpatialRank(spec);
  const t = channelsLast(x.shape, nd);
  const plan = planMax(t.logical, spec);
  const size = util.sizeFromShape(plan.outShape);
  const integer = x.dtype === 'int32';
  const out = newValues(x.dtype, size);
  const indices = withIndices ? new Int32Array(size) : null;
  const xv = valuesOf(backend, x);
  if (integer || !maxPoolChannelsLastSimd(null, xv as Float32Array, plan, t, out as Float32Array, indices)) {
    maxPoolChannelsLast(xv, plan, t, integer, out, indices ?? new Int32Array(size));
  }
  const shape = storedShape(plan.outShape, nd, 'channelsLast');
  const result = [backend.makeTensorInfo(shape, x.dtype, out)];
  if (indices) result.push(backend.makeTensorInfo(shape, 'int32', indices));
  return result;
}

export function clMaxPoolGrad({
  inputs: {dy, indices, x},
  backend,
  attrs: {spec},
}: Args<TorchMaxPoolGradInputs, TorchMaxPoolAttrs>) {
  const t = channelsLast(x.shape, maxSpatialRank(spec));
  const dx = new Float32Array(util.sizeFromShape(x.shape));
  const iv = valuesOf(backend, indices) as Int32Array;
  maxPoolGradChannelsLast(valuesOf(backend, dy) as Float32Array, iv, planMax(t.logical, spec), t, dx);
  return backend.makeTensorInfo(x.shape, 'float32', dx);
}

export function clMaxUnpool({
  inputs: {x, indices},
  backend,
  attrs: {outputSize},
}: Args<TorchMaxUnpoolInputs, TorchMaxUnpoolAttrs>) {
  const nd = outputSize.length;
  const t = channelsLast(x.shape, nd);
  const shape = storedShape([...t.logical.slice(0, t.logical.length - nd), ...outputSize], nd, 'channelsLast');
  const out = newValues(x.dtype, util.sizeFromShape(shape));
  const iv = valuesOf(backend, indices) as Int32Array;
  maxUnpoolChannelsLast(valuesOf(backend, x), iv, t, util.sizeFromShape(outputSize), out);
  return backend.makeTensorInfo(shape, x.dtype, out);
}

export function clGatherPlanes({
  inputs: {x, indices},
  backend,
  attrs: {rank},
}: Args<TorchGatherPlanesInputs, TorchGatherPlanesAttrs>) {
  const t = channelsLast(indices.shape, rank);
  const target = channelsLast(x.shape, rank).addr.planeSize;
  const out = newValues(x.dtype, util.sizeFromShape(indices.shape));
  gatherPlanesChannelsLast(valuesOf(backend, x), valuesOf(backend, indices) as Int32Array, t, target, out);
  return backend.makeTensorInfo(indices.shape, x.dtype, out);
}
