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

// The tensorflow (tfjs-node) kernels. They import only tfjs-core at run time: registering them never loads tfjs-node.
registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
registerKernelsOnce(maxFamilyConfigs);
// TensorFlow's pools are NHWC: these kernels read and write channels-last tensors in place (channels_last_*.ts).
registerChannelsLast('tensorflow', [
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchMaxPool,
  TorchMaxPoolValues,
  TorchMaxPoolGrad,
  TorchMaxUnpool,
  TorchGatherPlanes,
]);
