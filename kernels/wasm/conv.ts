/**
 * The kit's convolutions (TorchConv2dWinograd, TorchConv2dPointwise) on wasm: the modules of ../shared/conv_simd.ts
 * in place in tfjs-wasm's heap; tfjs-wasm's own fused convolution where they cannot run.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {TorchConv2dPointwise, TorchConv2dWinograd, TorchKitConvAttrs, TorchKitConvInputs} from '../../src/kernel_names';
import {directConvolution} from '../shared/conv_fallback';
import {convInHeap, kitConvCall} from '../shared/conv_simd';

type Args = {inputs: TorchKitConvInputs; backend: BackendWasm; attrs: TorchKitConvAttrs};

function kitConv(kernelName: string, args: Args): TensorInfo {
  const {inputs, backend, attrs} = args;
  const {x, packed, bias} = inputs;
  const call = kitConvCall(kernelName, inputs, attrs);
  if (call !== null) {
    const out = backend.makeOutput(call.outShape, 'float32');
    const offset = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    if (
      convInHeap(backend, call, {x: offset(x), packed: offset(packed), bias: bias ? offset(bias) : 0, out: offset(out)})
    ) {
      return out;
    }
    backend.disposeData(out.dataId);
  }
  return directConvolution('wasm', inputs, backend, attrs);
}

export const convConfigs: KernelConfig[] = [TorchConv2dWinograd, TorchConv2dPointwise].map(kernelName => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: ((args: Args) => kitConv(kernelName, args)) as unknown as KernelFunc,
}));
