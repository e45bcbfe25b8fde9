/**
 * The kit's 3 × 3 stride-1 convolution (TorchConv2dWinograd) on cpu: the WebAssembly module on copies in its own
 * memory (tfjs-cpu's own convolution is a scalar JavaScript loop, 10–20× slower on these layers).
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planWinograd} from '../../src/geometry';
import {TorchConv2dWinograd, TorchConv2dWinogradAttrs, TorchConv2dWinogradInputs} from '../../src/kernel_names';
import {directConvolution} from '../shared/conv_winograd_fallback';
import {winogradCopied} from '../shared/winograd';

function conv2dWinograd(args: {
  inputs: TorchConv2dWinogradInputs;
  backend: MathBackendCPU;
  attrs: TorchConv2dWinogradAttrs;
}): TensorInfo {
  const {inputs, backend, attrs} = args;
  const {x, filter, packed, bias} = inputs;
  const plan = planWinograd(x.shape, filter.shape[3], attrs.pads);
  if (plan !== null && x.dtype === 'float32') {
    const shape = [plan.batch, plan.outH, plan.outW, plan.outChannels];
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    const values = (t: TensorInfo) => backend.data.get(t.dataId).values as Float32Array;
    if (winogradCopied(plan, values(x), values(packed), bias ? values(bias) : null, out, attrs.relu)) {
      return backend.makeTensorInfo(shape, 'float32', out);
    }
  }
  return directConvolution('cpu', inputs, backend, attrs);
}

export const conv2dWinogradConfig: KernelConfig = {
  kernelName: TorchConv2dWinograd,
  backendName: 'cpu',
  kernelFunc: conv2dWinograd as unknown as KernelFunc,
};
