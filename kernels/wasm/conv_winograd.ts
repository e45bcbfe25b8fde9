/** The kit's 3 × 3 stride-1 convolution (TorchConv2dWinograd) on wasm: in place in tfjs-wasm's heap. */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planWinograd} from '../../src/geometry';
import {TorchConv2dWinograd, TorchConv2dWinogradAttrs, TorchConv2dWinogradInputs} from '../../src/kernel_names';
import {directConvolution} from '../shared/conv_winograd_fallback';
import {winogradInHeap} from '../shared/winograd';

function conv2dWinograd(args: {
  inputs: TorchConv2dWinogradInputs;
  backend: BackendWasm;
  attrs: TorchConv2dWinogradAttrs;
}): TensorInfo {
  const {inputs, backend, attrs} = args;
  const {x, filter, packed, bias} = inputs;
  const plan = planWinograd(x.shape, filter.shape[3], attrs.pads);
  if (plan !== null && x.dtype === 'float32') {
    const out = backend.makeOutput([plan.batch, plan.outH, plan.outW, plan.outChannels], 'float32');
    const offset = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const at = {x: offset(x), packed: offset(packed), bias: bias ? offset(bias) : 0, out: offset(out)};
    if (winogradInHeap(backend, plan, at, attrs.relu)) return out;
    backend.disposeData(out.dataId);
  }
  return directConvolution('wasm', inputs, backend, attrs);
}

export const conv2dWinogradConfig: KernelConfig = {
  kernelName: TorchConv2dWinograd,
  backendName: 'wasm',
  kernelFunc: conv2dWinograd as unknown as KernelFunc,
};
