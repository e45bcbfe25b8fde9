/**
 * The kit's convolutions (TorchConv2dWinograd, TorchConv2dPointwise) on cpu: the modules of ../shared/conv_simd.ts on
 * copies in their own memory (tfjs-cpu's own convolution is a scalar JavaScript loop, 10–20× slower on these layers);
 * tfjs-cpu's fused convolution where they cannot run.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {planPointwise, planWinograd} from '../../src/geometry';
import {TorchConv2dPointwise, TorchConv2dWinograd, TorchKitConvAttrs, TorchKitConvInputs} from '../../src/kernel_names';
import {directConvolution} from '../shared/conv_fallback';
import {ConvCall, convCopied, pointwiseCall, winogradCall} from '../shared/conv_simd';

type Args = {inputs: TorchKitConvInputs; backend: MathBackendCPU; attrs: TorchKitConvAttrs};

function run(args: Args, call: ConvCall | null, outShape: number[]): TensorInfo {
  const {inputs, backend, attrs} = args;
  const {x, packed, bias} = inputs;
  if (call !== null && x.dtype === 'float32') {
    const out = new Float32Array(outShape.reduce((a, b) => a * b, 1));
    const values = (t: TensorInfo) => backend.data.get(t.dataId).values as Float32Array;
    if (convCopied(call, values(x), values(packed), bias ? values(bias) : null, out)) {
      return backend.makeTensorInfo(outShape, 'float32', out);
    }
  }
  return directConvolution('cpu', inputs, backend, attrs);
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
  {kernelName: TorchConv2dWinograd, backendName: 'cpu', kernelFunc: winograd as unknown as KernelFunc},
  {kernelName: TorchConv2dPointwise, backendName: 'cpu', kernelFunc: pointwise as unknown as KernelFunc},
];
