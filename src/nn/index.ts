/**
 * The porting kit: torch.nn-shaped modules for TensorFlow.js, exported as the `nn` namespace. Same class names,
 * constructor arguments and defaults (camelCase; keyword arguments as one options object), state_dict names and
 * order, errors and reprs as PyTorch, on NCHW tensors:
 *
 *   import {nn} from 'tfjs-torch-ops';
 *   class Net extends nn.Module {
 *     features = ...                                  // see nn.Module: assignment registers children
 *   }
 *   const pool = new nn.AvgPool2d(2, {ceilMode: true, countIncludePad: false});   // nn.AvgPool2d(2, ceil_mode=True,
 *   const y = pool.forward(x);                                                     //   count_include_pad=False)
 *   model.loadStateDict(nn.loadSafetensors(bytes));                                // model.load_state_dict(...)
 */
export {Module, IncompatibleKeys, StateDict} from './module';
export type {MemoryFormat} from './memory_format';
export * as functional from './functional';
export {Identity, Flatten, ModuleDict, ModuleList, Sequential, Unflatten} from './containers';
export {Conv1d, Conv2d, Conv3d, ConvNd, ConvOptions, ConvTranspose2d, ConvTransposeOptions} from './conv';
export {Linear} from './linear';
export {BatchNorm1d, BatchNorm2d, BatchNorm3d, BatchNormNd, BatchNormOptions, GroupNorm, LayerNorm} from './norm';
export {
  Dropout,
  GELU,
  Hardsigmoid,
  Hardswish,
  LeakyReLU,
  ReLU,
  ReLU6,
  SiLU,
  Sigmoid,
  Softmax,
  Tanh,
} from './activation';
export {
  MAX_HEADER_BYTES,
  SafetensorError,
  SafetensorsEntry,
  loadSafetensors,
  readSafetensorsHeader,
  saveSafetensors,
} from './safetensors';
export type {PaddingMode} from '../geometry/conv_pads';
export {AvgPool1d, AvgPool2d, AvgPool3d, PoolModule} from './avg_pool';
export type {StrideOrOptions} from './avg_pool';
export {AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d} from './adaptive_avg_pool';
export {
  AdaptiveMaxPool1d,
  AdaptiveMaxPool2d,
  AdaptiveMaxPool3d,
  LPPool1d,
  LPPool2d,
  LPPool3d,
  MaxPool1d,
  MaxPool2d,
  MaxPool3d,
  MaxPoolResult,
  MaxUnpool1d,
  MaxUnpool2d,
  MaxUnpool3d,
  UnpoolOptions,
} from './max_pool';
export * as utils from './fusion';
export * as intrinsic from './intrinsic';
export {fuseModules} from './fuse_modules';
