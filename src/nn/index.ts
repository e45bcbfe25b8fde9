/**
 * Module classes mirroring torch.nn's average-pooling modules: same constructor arguments and defaults (camelCase),
 * `forward(x)` / `apply(x)` to run, `toString()` printing PyTorch's repr. Exported as the `nn` namespace:
 *
 *   import {nn} from 'tfjs-torch-ops';
 *   const pool = new nn.AvgPool2d(2, {ceilMode: true, countIncludePad: false});   // nn.AvgPool2d(2, ceil_mode=True,
 *   const y = pool.forward(x);                                                     //   count_include_pad=False)
 */
export {AvgPool1d, AvgPool2d, AvgPool3d, PoolModule} from './avg_pool';
export type {StrideOrOptions} from './avg_pool';
export {AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d} from './adaptive_avg_pool';
export {
  AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, LPPool1d, LPPool2d, LPPool3d, MaxPool1d, MaxPool2d, MaxPool3d,
  MaxPoolResult, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, UnpoolOptions,
} from './max_pool';
