/**
 * Where the Winograd module cannot run (see ./winograd.ts), the backend's own fused convolution computes the same
 * convolution from the untransformed filter: explicit zero padding, the bias, the ReLU.
 */
import {KernelBackend, TensorInfo, getKernel} from '@tensorflow/tfjs-core';
import type {TorchConv2dWinogradAttrs, TorchConv2dWinogradInputs} from '../../src/kernel_names';

export function directConvolution(
  backendName: string,
  inputs: TorchConv2dWinogradInputs,
  backend: KernelBackend,
  attrs: TorchConv2dWinogradAttrs,
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
