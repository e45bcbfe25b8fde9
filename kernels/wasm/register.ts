import {registerKernelsOnce} from '../../src/registry';
import {avgPoolConfig} from './avg_pool';
import {avgPoolGradConfig} from './avg_pool_grad';
import {maxFamilyConfigs} from './max_pool';
import {meanConfig} from './mean';

registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
registerKernelsOnce(maxFamilyConfigs);
