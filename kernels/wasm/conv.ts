/**
 * The kit's convolutions (TorchConv2dWinograd, TorchConv2dPointwise) on wasm: the modules of ../shared/conv_simd.ts
 * in place in tfjs-wasm's heap; tfjs-wasm's own fused convolution where they cannot run.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planPointwise, planWinograd} from '../../src/geometry';
import {TorchConv2dPointwise, TorchConv2dWinograd, TorchKitConvAttrs, TorchKitConvInputs} from '../../src/kernel_names';
import {directConvolution} from '../shared/conv_fallback';
import {ConvCall, convInHeap, pointwiseCall, winogradCall} from '../shared/conv_simd';

type Args = {inputs: TorchKitConvInputs; backend: BackendWasm; attrs: TorchKitConvAttrs};

function run(args: Args, call: ConvCall | null, outShape: number[]): TensorInfo {
  const {inputs, backend, attrs} = args;
  const {x, packed, bias} = inputs;
  if (call !== null && x.dtype === 'float32') {
    const out = backend.makeOutput(outShape, 'float32');
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

function winograd(args: Args): TensorInfo {
  const {x, filter} = args.inputs;
  const plan = planWinograd(x.shape, filter.shape[3], args.attrs.pads);
  const shape = plan ? [plan.batch, plan.outH, plan.outW, plan.outChannels] : [];
  return run(args, plan && winogradCall(plan, args.attrs.relu), shape);
}

function pointwise(args: Args): TensorInfo {
  const {x, filter} = args.inputs;
  const plan = planPointwise(x.shape, filter.shape[3]);
  return run(args, plan && pointwiseCall(plan, args.attrs.relu), plan ? plan.outShape : []);
}

export const convConfigs: KernelConfig[] = [
  {kernelName: TorchConv2dWinograd, backendName: 'wasm', kernelFunc: winograd as unknown as KernelFunc},
  {kernelName: TorchConv2dPointwise, backendName: 'wasm', kernelFunc: pointwise as unknown as KernelFunc},
];
