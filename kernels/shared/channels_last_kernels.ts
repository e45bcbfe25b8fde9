/**
 * The kernels the cpu and wasm backends run natively on channels-last tensors (attrs.layout; ./channels_last_scalar.ts,
 * ./channels_last_simd.ts), which each backend's register.ts lists with registerChannelsLast.
 */
import {
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';

export const CHANNELS_LAST_KERNELS: readonly string[] = [
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchMaxPool,
  TorchMaxPoolValues,
  TorchMaxPoolGrad,
  TorchMaxUnpool,
  TorchGatherPlanes,
];
