import {registerChannelsLast, registerKernelsOnce} from '../../src/registry';
import {
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';
import {avgPoolConfig} from './avg_pool';
import {avgPoolGradConfig} from './avg_pool_grad';
import {meanConfig} from './mean';
import {gatherPlanesConfig} from './max_gather';
import {maxPoolConfig, maxPoolValuesConfig} from './max_pool';
import {maxPoolGradConfig} from './max_pool_grad';
import {maxUnpoolConfig} from './max_unpool';

// Registering needs no webgpu backend: the kernels import only its types, so src/index.ts stays backend-free.
registerKernelsOnce([
  avgPoolConfig,
  avgPoolGradConfig,
  meanConfig,
  maxPoolConfig,
  maxPoolValuesConfig,
  maxPoolGradConfig,
  maxUnpoolConfig,
  gatherPlanesConfig,
]);

// attrs.layout 'channelsLast' read and written natively (layout_wgsl.ts): no transposes around these kernels
registerChannelsLast('webgpu', [
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchMaxPool,
  TorchMaxPoolValues,
  TorchMaxPoolGrad,
  TorchMaxUnpool,
  TorchGatherPlanes,
]);
