import {registerKernelsOnce} from '../../src/registry';
import {avgPoolConfig} from './avg_pool';
import {avgPoolGradConfig} from './avg_pool_grad';
import {maxFamilyConfigs} from './max_pool';
import {meanConfig} from './mean';

// The tensorflow (tfjs-node) kernels. They import only tfjs-core at run time: registering them never loads tfjs-node.
registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
registerKernelsOnce(maxFamilyConfigs);
