/**
 * Where the kit's convolution modules cannot run (see ./conv_simd.ts), the backend's own fused convolution computes
 * the same convolution from the untransformed filter: stride 1, explicit zero padding, the bias, the ReLU.
 */
import {KernelBackend, TensorInfo, getKernel} from '@tensorflow/tfjs-core';
import type {TorchKitConvAttrs, TorchKitConvInputs} from '../../src/kernel_names';

export function directConvolution(
  backendName: string,
  inputs: TorchKitConvInputs,
  backend: KernelBackend,
  attrs: TorchKitConvAttrs,
): TensorInfo {
  const fused = getKernel('FusedConv2D', backendName);
  if (fused === undefined) throw new Error(`tfjs-torch-ops: the ${backendName} backend has no FusedConv2D kernel`);
  const [[top, bottom], [left, right]] = attrs.pads;
  return fused.kernelFunc({
    inputs: {x: inputs.x, filter: inputs.filter, ...(inputs.bias ? {bias: inputs.bias} : {})},
    backend,
    attrs: {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [1, 1],
      activation: attrs.relu ? 'relu' : 'linear',
    },
  }) as TensorInfo;
}
