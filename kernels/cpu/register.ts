import {registerKernelsOnce} from '../../src/registry';
import {avgPoolConfig} from './avg_pool';
import {avgPoolGradConfig} from './avg_pool_grad';
import {maxPoolConfig, maxPoolValuesConfig} from './max_pool';
import {maxPoolGradConfig} from './max_pool_grad';
import {gatherPlanesConfig, maxUnpoolConfig} from './max_unpool';
import {meanConfig} from './mean';

registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
registerKernelsOnce([maxPoolConfig, maxPoolValuesConfig, maxPoolGradConfig, maxUnpoolConfig, gatherPlanesConfig]);
