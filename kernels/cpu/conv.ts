/**
 * The kit's convolutions (TorchConv2dWinograd, TorchConv2dPointwise) on cpu: the modules of ../shared/conv_simd.ts on
 * copies in their own memory (tfjs-cpu's own convolution is a scalar JavaScript loop, 10–20× slower on these layers);
 * tfjs-cpu's fused convolution where they cannot run.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {TorchConv2dPointwise, TorchConv2dWinograd, TorchKitConvAttrs, TorchKitConvInputs} from '../../src/kernel_names';
import {directConvolution} from '../shared/conv_fallback';
import {convCopied, kitConvCall} from '../shared/conv_simd';

type Args = {inputs: TorchKitConvInputs; backend: MathBackendCPU; attrs: TorchKitConvAttrs};

function kitConv(kernelName: string, args: Args): TensorInfo {
  const {inputs, backend, attrs} = args;
  const {x, packed, bias} = inputs;
  const call = kitConvCall(kernelName, inputs, attrs);
  if (call !== null) {
    const out = new Float32Array(call.outShape.reduce((a, b) => a * b, 1));
    const values = (t: TensorInfo) => backend.data.get(t.dataId).values as Float32Array;
    if (convCopied(call, values(x), values(packed), bias ? values(bias) : null, out)) {
      return backend.makeTensorInfo(call.outShape, 'float32', out);
    }
  }
  return directConvolution('cpu', inputs, backend, attrs);
}

export const convConfigs: KernelConfig[] = [TorchConv2dWinograd, TorchConv2dPointwise].map(kernelName => ({
  kernelName,
  backendName: 'cpu',
  kernelFunc: ((args: Args) => kitConv(kernelName, args)) as unknown as KernelFunc,
}));
