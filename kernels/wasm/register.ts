import {
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';
import {registerChannelsLast, registerKernelsOnce} from '../../src/registry';
import {avgPoolConfig} from './avg_pool';
import {avgPoolGradConfig} from './avg_pool_grad';
import {maxFamilyConfigs} from './max_pool';
import {meanConfig} from './mean';

registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
registerKernelsOnce(maxFamilyConfigs);

// Native channels-last kernels (attrs.layout; ./channels_last.ts): ops given a channels-last dataFormat call them
// directly instead of transposing around the channels-first ones.
registerChannelsLast('wasm', [
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchMaxPool,
  TorchMaxPoolValues,
  TorchMaxPoolGrad,
  TorchMaxUnpool,
  TorchGatherPlanes,
]);
